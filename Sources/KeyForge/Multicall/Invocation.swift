import KeyForgeSystem

/// What one command line asks for: the result of multicall dispatch, a pure function of argv.
enum Invocation: Equatable, Sendable {
    /// Run `role` with `arguments` (argv without the program name and role verb).
    case run(Role, arguments: [String])
    /// `keyforge --list`: print the roles.
    case list
    /// `keyforge --version`.
    case version
    /// `keyforge --install DIR`: make the role symlinks in DIR.
    case install(directory: String)
    /// `keyforge --help`, or no arguments at all.
    case help
    /// argv[0] names no known role (exit 127).
    case unknownRole(String)
    /// A malformed top-level command line (exit 64).
    case usageError(String)

    /// The program names that mean "the multicall binary itself": dispatch by the first verb.
    static let multicallNames: Set<String> = ["keyforge"]

    /// Resolves argv (busybox style): the basename of argv[0] names a role (`hive`, `keyforge-hive`),
    /// or it is `keyforge` and the first verb may name one; anything else runs the client.
    static func resolve(_ argv: [String]) -> Invocation {
        let program = argv.first.map(basename) ?? "keyforge"
        let rest = Array(argv.dropFirst())
        if !multicallNames.contains(program) {
            if let role = Role.allCases.first(where: { $0.linkNames.contains(program) }) { return .run(role, arguments: rest) }
            return .unknownRole(program.hasPrefix("keyforge-") ? String(program.dropFirst("keyforge-".count)) : program)
        }
        guard let verb = rest.first else { return .help }
        switch verb {
        case "--list": return rest.count == 1 ? .list : .usageError("--list takes no arguments")
        case "--version", "-V": return rest.count == 1 ? .version : .usageError("--version takes no arguments")
        case "--help", "-h", "help": return rest.count == 1 ? .help : .run(.client, arguments: Array(rest.dropFirst()) + ["--help"])
        case "--install":
            guard rest.count == 2, !rest[1].hasPrefix("-") else { return .usageError("usage: keyforge --install DIR") }
            return .install(directory: rest[1])
        default:
            if let role = Role(rawValue: verb) { return .run(role, arguments: Array(rest.dropFirst())) }
            return .run(.client, arguments: rest)
        }
    }

    /// The last path component of `path`.
    static func basename(_ path: String) -> String { FileSystem.lastComponent(of: path) }
}
