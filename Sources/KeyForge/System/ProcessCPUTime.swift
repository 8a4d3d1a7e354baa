import Glibc

/// CPU seconds this process has used (all threads). The peer-profile searches report it beside wall time,
/// since on a busy machine the two differ widely.
public enum ProcessCPUTime {
    public static func seconds() -> Double {
        var spec = timespec()
        clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &spec)
        return Double(spec.tv_sec) + Double(spec.tv_nsec) * 1e-9
    }
}
