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

// glibc calls .init_array functions with (argc, argv, envp), before main.
static int captured_argc;
static char **captured_argv;
static void kf_capture_arguments(int argc, char **argv, char **envp) {
    (void)envp;
    captured_argc = argc;
    captured_argv = argv;
}
__attribute__((section(".init_array"), used)) static void (*kf_capture_entry)(int, char **, char **) = kf_capture_arguments;
int kf_argc(void) { return captured_argc; }
char **kf_argv(void) { return captured_argv; }

_Static_assert(sizeof(unsigned long) == 8, "KeyForge assumes LP64");

int kf_epoll_ctl(int epfd, int op, int fd, uint32_t events, uint64_t data) {
    struct epoll_event event = { .events = events, .data = { .u64 = data } };
    return epoll_ctl(epfd, op, fd, &event);
}

int kf_epoll_wait(int epfd, kf_epoll_event *events, int max_events, int timeout_ms) {
    struct epoll_event raw[KF_EPOLL_MAX_EVENTS];
    if (max_events > KF_EPOLL_MAX_EVENTS) max_events = KF_EPOLL_MAX_EVENTS;
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

int kf_spawn_file_actions_addclosefrom(posix_spawn_file_actions_t *actions, int from) {
    return posix_spawn_file_actions_addclosefrom_np(actions, from);
}

int kf_peer_uid(int fd, unsigned int *uid) {
    struct ucred credentials;
    socklen_t length = sizeof credentials;
    if (getsockopt(fd, SOL_SOCKET, SO_PEERCRED, &credentials, &length) != 0) return -1;
    *uid = credentials.uid;
    return 0;
}

void kf_set_thread_name(const char *name) {
    pthread_setname_np(pthread_self(), name);
}

CURLcode kf_curl_global_init(void) { return curl_global_init(CURL_GLOBAL_DEFAULT); }

CURLcode kf_curl_setopt_long(CURL *handle, CURLoption option, long value) {
    return curl_easy_setopt(handle, option, value);
}

CURLcode kf_curl_setopt_off_t(CURL *handle, CURLoption option, curl_off_t value) {
    return curl_easy_setopt(handle, option, value);
}

CURLcode kf_curl_setopt_string(CURL *handle, CURLoption option, const char *value) {
    return curl_easy_setopt(handle, option, value);
}

CURLcode kf_curl_setopt_pointer(CURL *handle, CURLoption option, void *value) {
    return curl_easy_setopt(handle, option, value);
}

CURLcode kf_curl_setopt_slist(CURL *handle, CURLoption option, struct curl_slist *value) {
    return curl_easy_setopt(handle, option, value);
}

CURLcode kf_curl_setopt_write_callback(CURL *handle, CURLoption option, curl_write_callback callback) {
    return curl_easy_setopt(handle, option, callback);
}

CURLcode kf_curl_getinfo_long(CURL *handle, CURLINFO info, long *value) {
    return curl_easy_getinfo(handle, info, value);
}

CURLcode kf_curl_getinfo_off_t(CURL *handle, CURLINFO info, curl_off_t *value) {
    return curl_easy_getinfo(handle, info, value);
}
