import Glibc
import KeyForgeSystem

/// What an agent reports about its machine, read from /proc and /sys (absent values stay nil).
public enum HardwareProbe {
    /// The most of `/proc/cpuinfo` read, 1 MiB: about 1.5 KiB per logical CPU, so room for several hundred.
    private static let maxCPUInfoBytes = 1 << 20
    /// The most of a one-value file read (`/proc/self/statm`, a sysfs number), one page: such files hold a line.
    private static let maxValueFileBytes = 4096

    /// The CPU model name (`/proc/cpuinfo`), the hive's hardware-profile key.
    public static func cpuModel() -> String {
        guard let text = try? FileSystem.readFile("/proc/cpuinfo", limit: maxCPUInfoBytes) else { return "unknown CPU" }
        for line in String(decoding: text, as: UTF8.self).split(separator: "\n") where line.hasPrefix("model name") {
            if let colon = line.firstIndex(of: ":") { return line[line.index(after: colon)...].trimmingCharacters() .description }
        }
        return "unknown CPU"
    }

    /// Online cores.
    public static var cores: Int { SystemInfo.onlineCoreCount }

    /// Cache sizes of CPU 0 by level and type (`L1d: 48K`, ...), from /sys.
    public static func cacheSizes() -> [(String, String)] {
        var caches: [(String, String)] = []
        for index in 0..<8 {
            let base = "/sys/devices/system/cpu/cpu0/cache/index\(index)"
            guard let level = read(base + "/level"), let type = read(base + "/type"), let size = read(base + "/size") else { continue }
            let kind = type == "Data" ? "d" : type == "Instruction" ? "i" : ""
            caches.append(("L\(level)\(kind)", size))
        }
        return caches
    }

    /// The hottest thermal zone in degrees Celsius, when /sys exposes one.
    public static func temperatureCelsius() -> Double? {
        var hottest: Double?
        for index in 0..<16 {
            guard let text = read("/sys/class/thermal/thermal_zone\(index)/temp"), let milli = Double(text) else { continue }
            hottest = max(hottest ?? -.infinity, milli / 1000)
        }
        return hottest
    }

    /// This process's resident memory in bytes (`/proc/self/statm`).
    public static func residentBytes() -> Int64? {
        guard let text = read("/proc/self/statm") else { return nil }
        let fields = text.split(separator: " ")
        guard fields.count > 1, let pages = Int64(fields[1]) else { return nil }
        return pages * Int64(SystemInfo.pageBytes)
    }

    private static func read(_ path: String) -> String? {
        guard let bytes = try? FileSystem.readFile(path, limit: maxValueFileBytes) else { return nil }
        let text = String(decoding: bytes, as: UTF8.self).trimmingCharacters()
        return text.isEmpty ? nil : String(text)
    }
}
