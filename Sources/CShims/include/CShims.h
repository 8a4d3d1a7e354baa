// The only place C headers enter KeyForge. Thin kf_* wrappers only: macros become functions,
// nothing here holds policy.
#ifndef KEYFORGE_CSHIMS_H
#define KEYFORGE_CSHIMS_H

#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/timerfd.h>
#include <sys/signalfd.h>
#include <sys/inotify.h>
#include <zstd.h>
#include <hiredis/hiredis.h>
#include <postgresql/libpq-fe.h>
#include <msgpack.h>
#include <stddef.h>
#include <stdint.h>

/// Build metadata injected by the Makefile (generated/buildinfo.h); "unknown" when built without it.
const char *kf_build_version(void);
const char *kf_build_git_hash(void);
const char *kf_build_date(void);

/// One embedded default asset: its path under data/system and its bytes (read-only, static storage).
typedef struct kf_embedded_asset {
    const char *path;
    const unsigned char *bytes;
    unsigned long length;
} kf_embedded_asset;

/// The number of embedded assets.
unsigned long kf_embedded_asset_count(void);
/// The embedded asset at `index` (0 ..< count).
kf_embedded_asset kf_embedded_asset_at(unsigned long index);

/// msgpack_object accessors: Swift cannot see through the anonymous union cleanly.
static inline const msgpack_object *kf_msgpack_array_item(const msgpack_object *o, uint32_t i) {
    return &o->via.array.ptr[i];
}
static inline const msgpack_object_kv *kf_msgpack_map_item(const msgpack_object *o, uint32_t i) {
    return &o->via.map.ptr[i];
}
/// The errno of the calling thread.
int kf_errno(void);

#include "kf_codec.h"

#endif
