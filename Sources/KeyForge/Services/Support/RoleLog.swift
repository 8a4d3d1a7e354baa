import KeyForgeSystem

/// One log line on standard error: UTC time, the role, the message (servers and daemons log this way).
package enum RoleLog {
    /// A logger for `role`, safe from any thread.
    package static func logger(_ role: String) -> @Sendable (String) -> Void {
        { message in FileSystem.writeStandardError("\(timestamp()) \(role): \(message)\n") }
    }

    /// `2026-11-23T18:40:00Z`.
    package static func timestamp() -> String {
        let seconds = Int64(WallClock.unixSeconds())
        let days = seconds / 86_400
        let time = seconds % 86_400
        // Civil-from-days (Howard Hinnant's algorithm), to avoid a calendar library for one line.
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthIndex = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * monthIndex + 2) / 5 + 1
        let month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9
        let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
        func two(_ value: Int64) -> String { value < 10 ? "0\(value)" : "\(value)" }
        return "\(year)-\(two(month))-\(two(day))T\(two(time / 3600)):\(two(time / 60 % 60)):\(two(time % 60))Z"
    }
}
