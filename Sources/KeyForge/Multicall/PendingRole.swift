/// A role that is not built yet: it says so plainly and exits 69; nothing pretends to work.
enum PendingRole {
    /// Prints the role's help (exit 0) or says it is not built (exit 69).
    static func run(_ role: Role, arguments: [String]) -> Int32 {
        if arguments.contains("--help") || arguments.contains("-h") {
            print("""
            usage: \(role.rawValue) [options]   (or: keyforge \(role.rawValue) [options])

            \(role.rawValue): \(role.summary).
            This role is not built yet (issue #\(role.pendingIssue ?? 0)); running it exits with status 69.
            """)
            return ExitStatus.ok
        }
        printError("keyforge: the \(role.rawValue) role is not built yet (issue #\(role.pendingIssue ?? 0)); nothing was done")
        return ExitStatus.unavailable
    }
}
