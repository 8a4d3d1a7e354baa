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
#include <curl/curl.h>
#include <spawn.h>
#include <stddef.h>
#include <stdint.h>

/// Build metadata injected by the Makefile (generated/buildinfo.h); "unknown" when built without it.
const char *kf_build_version(void);
const char *kf_build_git_hash(void);
const char *kf_build_date(void);

/// One embedded file: its path in the binary (data/system's files as they are, data/migrations' as migrations/<name>,
/// web's as web/<page>/<file>: scripts/gen_embedded.py) and its bytes (read-only, static storage).
typedef struct kf_embedded_asset {
    const char *path;
    const unsigned char *bytes;
    unsigned long length;
} kf_embedded_asset;

/// The number of embedded files.
unsigned long kf_embedded_asset_count(void);
/// The embedded file at `index` (0 ..< count).
kf_embedded_asset kf_embedded_asset_at(unsigned long index);

/// msgpack_object accessors: Swift cannot see through the anonymous union cleanly.
static inline const msgpack_object *kf_msgpack_array_item(const msgpack_object *o, uint32_t i) {
    return &o->via.array.ptr[i];
}
static inline const msgpack_object_kv *kf_msgpack_map_item(const msgpack_object *o, uint32_t i) {
    return &o->via.map.ptr[i];
}
/// An epoll event with its data as one 64-bit word. `struct epoll_event` is packed on x86-64, which
/// Swift imports awkwardly, so the loop sees only this plain struct.
typedef struct kf_epoll_event {
    uint32_t events;
    uint64_t data;
} kf_epoll_event;

/// epoll_ctl with the data word given directly (ADD, MOD or DEL).
int kf_epoll_ctl(int epfd, int op, int fd, uint32_t events, uint64_t data);
/// The most events one kf_epoll_wait returns: the size of its stack buffer, and the event loop's
/// own buffer (EventLoop.maxEventsPerWait), which must agree with it.
#define KF_EPOLL_MAX_EVENTS 256
/// epoll_wait into `events` (at most KF_EPOLL_MAX_EVENTS are returned per call).
int kf_epoll_wait(int epfd, kf_epoll_event *events, int max_events, int timeout_ms);

/// accept4 (a GNU extension the Swift Glibc module does not export) with SOCK_NONBLOCK|SOCK_CLOEXEC.
int kf_accept_nonblocking(int fd);
/// posix_spawn_file_actions_addclosefrom_np (glibc 2.34, GNU): the child closes every fd >= `from`, so a
/// spawned daemon (a test's PostgreSQL postmaster) holds none of the parent's sockets and pipes.
int kf_spawn_file_actions_addclosefrom(posix_spawn_file_actions_t *actions, int from);
/// The uid of a Unix-socket peer (SO_PEERCRED, whose `struct ucred` needs _GNU_SOURCE); 0 on success,
/// -1 with errno set.
int kf_peer_uid(int fd, unsigned int *uid);
/// Names the calling thread (pthread_setname_np, also GNU); at most 15 bytes are kept.
void kf_set_thread_name(const char *name);

/// The process's argc and argv as the C runtime passed them to main (captured by an .init_array
/// entry), so the command line is known without /proc, which a bare chroot lacks. argv is NULL
/// if the capture did not run.
int kf_argc(void);
char **kf_argv(void);

/// The errno of the calling thread.
int kf_errno(void);

/// libcurl: curl_easy_setopt and curl_easy_getinfo are variadic, which Swift cannot call, so each
/// argument type gets a typed wrapper; curl_global_init's flags are macros. Return values are
/// libcurl's own (CURLcode); the caller decides what they mean.
CURLcode kf_curl_global_init(void);
/// curl_easy_setopt for `long` options (timeouts, flags).
CURLcode kf_curl_setopt_long(CURL *handle, CURLoption option, long value);
/// curl_easy_setopt for `curl_off_t` options (the *_LARGE sizes).
CURLcode kf_curl_setopt_off_t(CURL *handle, CURLoption option, curl_off_t value);
/// curl_easy_setopt for string options (libcurl copies them, except CURLOPT_POSTFIELDS).
CURLcode kf_curl_setopt_string(CURL *handle, CURLoption option, const char *value);
/// curl_easy_setopt for pointer options (CURLOPT_WRITEDATA, CURLOPT_HEADERDATA, CURLOPT_ERRORBUFFER).
CURLcode kf_curl_setopt_pointer(CURL *handle, CURLoption option, void *value);
/// curl_easy_setopt for header lists (CURLOPT_HTTPHEADER); the list must outlive the transfer.
CURLcode kf_curl_setopt_slist(CURL *handle, CURLoption option, struct curl_slist *value);
/// curl_easy_setopt for CURLOPT_WRITEFUNCTION and CURLOPT_HEADERFUNCTION (the same signature).
CURLcode kf_curl_setopt_write_callback(CURL *handle, CURLoption option, curl_write_callback callback);
/// curl_easy_getinfo for `long` results (CURLINFO_RESPONSE_CODE, CURLINFO_OS_ERRNO).
CURLcode kf_curl_getinfo_long(CURL *handle, CURLINFO info, long *value);
/// curl_easy_getinfo for `curl_off_t` results (CURLINFO_CONTENT_LENGTH_DOWNLOAD_T, CURLINFO_SIZE_DOWNLOAD_T).
CURLcode kf_curl_getinfo_off_t(CURL *handle, CURLINFO info, curl_off_t *value);

#include "kf_codec.h"
#include "kf_render.h"

#endif
