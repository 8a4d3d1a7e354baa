import Glibc

/// Wall-clock time and sleeping, through the same choke point as every other call.
public enum WallClock {
    /// Seconds since the Unix epoch, with sub-second precision. The corresponding C function is `clock_gettime`.
    public static func unixSeconds() -> Double {
        var now = timespec()
        clock_gettime(CLOCK_REALTIME, &now)
        return Double(now.tv_sec) + Double(now.tv_nsec) / 1e9
    }

    /// Sleeps for `duration`, resuming after signals until the whole time has passed.
    /// The corresponding C function is `nanosleep`.
    public static func sleep(for duration: Duration) {
        let (seconds, attoseconds) = duration.components
        guard seconds > 0 || attoseconds > 0 else { return }
        var request = timespec(tv_sec: Int(seconds), tv_nsec: Int(attoseconds / 1_000_000_000))
        var remaining = timespec()
        // After an interruption only the remaining time is slept again (nothing between nanosleep's
        // return and the copy touches errno, so the choke point still reads it first).
        _ = try? retryingInterrupts("nanosleep", "sleep") { () -> Int32 in
            let status = nanosleep(&request, &remaining)
            if status == -1 { request = remaining }
            return status
        }
    }

    /// Nanoseconds since the Unix epoch (a seed, a timestamp). The corresponding C function is `clock_gettime`.
    public static func unixNanoseconds() -> UInt64 {
        var now = timespec()
        clock_gettime(CLOCK_REALTIME, &now)
        return UInt64(now.tv_sec) &* 1_000_000_000 &+ UInt64(now.tv_nsec)
    }
}

/// The monotonic clock as a plain number, comparable between processes on one machine (unlike
/// `ContinuousClock.Instant`, whose value cannot be printed and read back).
public enum MonotonicClock {
    /// Nanoseconds of CLOCK_MONOTONIC. The corresponding C function is `clock_gettime`.
    public static func nanoseconds() -> Int64 {
        var now = timespec()
        clock_gettime(CLOCK_MONOTONIC, &now)
        return Int64(now.tv_sec) * 1_000_000_000 + Int64(now.tv_nsec)
    }
}
