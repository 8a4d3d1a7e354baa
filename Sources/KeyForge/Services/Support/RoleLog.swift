import KeyForgeSystem

/// One log line on standard error: UTC time, the role, the message (servers and daemons log this way).
package enum RoleLog {
    /// A logger for `role`, safe from any thread.
    package static func logger(_ role: String) -> @Sendable (String) -> Void {
        { message in FileSystem.writeStandardError("\(timestamp()) \(role): \(message)\n") }
    }

    /// `2026-11-23T18:40:00Z`.
    package static func timestamp() -> String {
        UTCTimestamp.format(unixSeconds: Int64(WallClock.unixSeconds()))
    }
}
