import ArgumentParser
import KeyForgeAdapters
import KeyForgeCore
import KeyForgeSystem

/// The client role's command tree (swift-argument-parser: `validate()` before `run()`, usage errors exit 64).
struct ClientCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "keyforge",
        abstract: "KeyForge: analyze and optimize keyboard layouts with one exact scoring model.",
        subcommands: [AnalyzeCommand.self, CompareCommand.self, RenderCommand.self, KeyboardCommand.self, ValidateCommand.self, CorpusCommand.self,
                      SearchCommand.self, BenchCommand.self, ValkeyCommand.self, DebugCommand.self, SyncCommand.self,
                      JobCommand.self, ExportCommand.self]
    )

    /// Parses and runs `arguments`, mapping every error to its exit code in one place.
    static func runMain(_ arguments: [String]) -> Int32 {
        CommandRunner.run(ClientCommand.self, arguments)
    }
}

/// Client verbs that are not built yet: each says so and exits 69.
enum PendingVerb {
    static func refuse(_ verb: String, issue: Int) throws -> Never {
        printError("keyforge: '\(verb)' is not built yet (issue #\(issue)); nothing was done")
        throw ExitCode(ExitStatus.unavailable)
    }

    struct Search: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Search for a better layout (not built yet: issue #3).")
        @Argument(parsing: .allUnrecognized) var rest: [String] = []
        func run() throws { try PendingVerb.refuse("search", issue: 3) }
    }

    struct Bench: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Measure scoring and search speed (not built yet: issue #3).")
        @Argument(parsing: .allUnrecognized) var rest: [String] = []
        func run() throws { try PendingVerb.refuse("bench", issue: 3) }
    }
}
