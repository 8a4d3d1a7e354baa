import Glibc

/// The monotonic clock read as one integer, comparable between processes on one machine (the lock-contention probe
/// and the auth-timing check print and compare these).
package enum MonotonicClock {
    /// Nanoseconds since an arbitrary fixed point (boot). The corresponding C function is `clock_gettime`.
    package static func nanoseconds() -> Int64 {
        var now = timespec()
        clock_gettime(CLOCK_MONOTONIC, &now)
        return Int64(now.tv_sec) * 1_000_000_000 + Int64(now.tv_nsec)
    }
}
