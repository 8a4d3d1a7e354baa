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
        while nanosleep(&request, &remaining) == -1 && errno == EINTR { request = remaining }
    }
}
