#include "CShims.h"
#include <errno.h>
#include <pthread.h>
#include <sys/socket.h>

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

int kf_epoll_ctl(int epfd, int op, int fd, uint32_t events, uint64_t data) {
    struct epoll_event event = { .events = events, .data = { .u64 = data } };
    return epoll_ctl(epfd, op, fd, &event);
}

int kf_epoll_wait(int epfd, kf_epoll_event *events, int max_events, int timeout_ms) {
    struct epoll_event raw[256];
    if (max_events > 256) max_events = 256;
    int count = epoll_wait(epfd, raw, max_events, timeout_ms);
    for (int i = 0; i < count; i++) {
        events[i].events = raw[i].events;
        events[i].data = raw[i].data.u64;
    }
    return count;
}

int kf_accept_nonblocking(int fd) {
    return accept4(fd, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC);
}

void kf_set_thread_name(const char *name) {
    pthread_setname_np(pthread_self(), name);
}
