#include "CShims.h"
#include <errno.h>

#if __has_include("generated/buildinfo.h")
#include "generated/buildinfo.h"
#endif
#ifndef KF_VERSION
#define KF_VERSION "0.1.0"
#endif
#ifndef KF_GIT_HASH
#define KF_GIT_HASH "unknown"
#endif
#ifndef KF_BUILD_DATE
#define KF_BUILD_DATE "unknown"
#endif

const char *kf_build_version(void) { return KF_VERSION; }
const char *kf_build_git_hash(void) { return KF_GIT_HASH; }
const char *kf_build_date(void) { return KF_BUILD_DATE; }
int kf_errno(void) { return errno; }

_Static_assert(sizeof(unsigned long) == 8, "KeyForge assumes LP64");
