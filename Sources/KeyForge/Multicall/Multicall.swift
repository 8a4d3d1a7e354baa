import CShims
import Glibc
import KeyForgeSystem
import KeyForgeServices

/// Runs one command line: dispatch (a pure function, `Invocation.resolve`), then the role.
enum Multicall {
    /// The version line: version, git hash and build date injected at build time (docs/ARCHITECTURE.md section 1).
    static var versionLine: String {
        "keyforge \(String(cString: kf_build_version())) (git \(String(cString: kf_build_git_hash())), built \(String(cString: kf_build_date())))"
    }

    /// Runs `argv` and returns the exit code.
    static func run(_ argv: [String]) -> Int32 {
        switch Invocation.resolve(argv) {
        case .help:
            print(overview)
            return ExitStatus.ok
        case .list:
            for role in Role.allCases { print("\(ReportText.padRight(role.rawValue, 10)) \(role.summary)") }
            return ExitStatus.ok
        case .version:
            print(versionLine)
            return ExitStatus.ok
        case .install(let directory):
            return Installer.install(into: directory)
        case .unknownRole(let name):
            printError("keyforge: unknown role '\(name)'; roles: \(Role.allCases.map(\.rawValue).joined(separator: ", ")) (keyforge --list)")
            return ExitStatus.unknownRole
        case .usageError(let message):
            printError("keyforge: \(message)")
            return ExitStatus.usage
        case .run(.client, let arguments):
            return ClientCommand.runMain(arguments)
        case .run(.assets, let arguments):
            return CommandRunner.run(AssetsCommand.self, arguments)
        case .run(.assetmgr, let arguments):
            return CommandRunner.run(AssetMgrCommand.self, arguments)
        case .run(.hive, let arguments):
            return CommandRunner.run(HiveCommand.self, arguments)
        case .run(.agent, let arguments):
            return CommandRunner.run(AgentCommand.self, arguments)
        }
    }

    /// One line per listed client verb, name then summary.
    static var verbLines: String {
        ClientVerb.listed.map { "  \(ReportText.padRight($0.name, 10)) \($0.summary ?? "")" }.joined(separator: "\n")
    }

    static let overview = """
    KeyForge: a keyboard-layout optimizer with one exact scoring model.

    usage: keyforge <verb> [options]          the client
           keyforge <role> [options]          or a role: \(Role.allCases.dropFirst().map(\.rawValue).joined(separator: ", "))
           keyforge --list | --version | --install DIR

    client verbs:
    \(verbLines)

    Run 'keyforge <verb> --help' for a verb's options.
    """
}
