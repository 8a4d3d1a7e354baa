import Glibc

/// Facts about this process and machine that come from the kernel or the C library.
public enum SystemInfo {
    /// The number of online cores, at least 1. The corresponding C function is `sysconf`.
    public static var onlineCoreCount: Int { max(1, Int(sysconf(Int32(_SC_NPROCESSORS_ONLN)))) }

    /// The size of a memory page in bytes. The corresponding C function is `sysconf`.
    public static var pageBytes: Int { Int(sysconf(Int32(_SC_PAGESIZE))) }

    /// This process's id. The corresponding C function is `getpid`.
    public static var processID: Int32 { getpid() }

    /// The real user id of this process. The corresponding C function is `getuid`.
    public static var userID: UInt32 { getuid() }

    /// The 1-, 5- and 15-minute load averages, or nil when the kernel does not say. The corresponding C
    /// function is `getloadavg`.
    public static func loadAverages() -> (one: Double, five: Double, fifteen: Double)? {
        var values = [Double](repeating: 0, count: 3)
        guard getloadavg(&values, 3) == 3 else { return nil }
        return (values[0], values[1], values[2])
    }

    /// CPU seconds used by every process on the machine (all cores, from /proc/stat: user, nice, system,
    /// irq, softirq and steal time), or nil when /proc/stat cannot be read.
    public static func machineBusySeconds() -> Double? {
        guard let bytes = try? FileSystem.readFile("/proc/stat", limit: 1 << 20) else { return nil }
        let firstLine = bytes.prefix { $0 != 10 }
        let fields = String(decoding: firstLine, as: UTF8.self).split(separator: " ")
        guard fields.first == "cpu", fields.count >= 8 else { return nil }
        let ticks = fields.dropFirst().compactMap { Double($0) }
        guard ticks.count >= 7 else { return nil }
        // user nice system idle iowait irq softirq [steal ...]: busy = all but idle and iowait
        let busy = ticks[0] + ticks[1] + ticks[2] + ticks[5] + ticks[6] + (ticks.count > 7 ? ticks[7] : 0)
        return busy / Double(sysconf(Int32(_SC_CLK_TCK)))
    }

    /// CPU seconds used so far by this process, all its threads. The corresponding C function is
    /// `clock_gettime` with `CLOCK_PROCESS_CPUTIME_ID`.
    public static func processCPUSeconds() -> Double {
        var time = timespec()
        clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &time)
        return Double(time.tv_sec) + Double(time.tv_nsec) / 1_000_000_000
    }
}
