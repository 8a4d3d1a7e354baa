import ArgumentParser
import KeyForgeServices

/// The client role's command tree (swift-argument-parser: `validate()` before `run()`, usage errors exit 64).
struct ClientCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "keyforge",
        abstract: "KeyForge: analyze and optimize keyboard layouts with one exact scoring model.",
        subcommands: verbs.map(\.command)
    )

    /// Every client verb, in the order `keyforge --help` lists them: the one list the command tree, the overview
    /// and `keyforge --list` are derived from.
    static let verbs: [ClientVerb] = [
        ClientVerb(AnalyzeCommand.self, "the exact report of a layout (--all ranks every reference layout)"),
        ClientVerb(SearchCommand.self, "anneal for a better layout, ending with its exact report"),
        ClientVerb(CompareCommand.self, "several layouts' metrics side by side, deltas against the first"),
        ClientVerb(LayoutsCommand.self, "the layout library: list --search TEXT, show NAME (rows, provenance), import FILE (.dof, genkey, cmini)"),
        ClientVerb(PlayCommand.self, "serve the playground page: drag keys, live exact metrics, compare, improve, share"),
        ClientVerb(RenderCommand.self, "draw a layout on its board (SVG or PNG): legends, heat map, fingers"),
        ClientVerb(KeyboardCommand.self, "keyboard import --kle FILE | --qmk info.json: a keyboard JSON from KLE or QMK"),
        ClientVerb(BenchCommand.self, "exact, optimized, delta and annealing speeds on the standard workload"),
        ClientVerb(ValidateCommand.self, "check a keyboard, rubric, corpus or layout"),
        ClientVerb(CorpusCommand.self, "build, show, list and diff corpus bundles"),
        ClientVerb(SyncCommand.self, "mirror the assets server into the workspace (verified)"),
        ClientVerb(ValkeyCommand.self, "ping a Valkey server, measure our client"),
        ClientVerb(JobCommand.self, "submit, follow and cancel jobs on a hive; archive old results"),
        ClientVerb(ExportCommand.self, "write a layout as QMK keymap.c / keymap.json, ZMK .keymap, KLE JSON, XKB symbols or .dof"),
        ClientVerb(DebugCommand.self, nil),
    ]

    /// Parses and runs `arguments`, mapping every error to its exit code in one place.
    static func runMain(_ arguments: [String]) -> Int32 {
        // A first word that is no verb is a typo more often than not: name the nearest verb.
        if let word = arguments.first, !word.hasPrefix("-"), word != "help", !verbs.contains(where: { $0.name == word }) {
            printError("keyforge: " + VerbSuggestion.message(for: word, verbs: verbs.map(\.name), listed: ClientVerb.listed.map(\.name)))
            return ExitStatus.usage
        }
        return CommandRunner.run(ClientCommand.self, arguments)
    }
}

/// One verb of the client: its command and the line the overview shows for it.
struct ClientVerb {
    /// The verb's command type.
    let command: ParsableCommand.Type
    /// The overview's line; nil for a verb kept out of the overview (`debug`, the process tests' probes).
    let summary: String?

    init(_ command: ParsableCommand.Type, _ summary: String?) {
        self.command = command
        self.summary = summary
    }

    /// The word typed on the command line.
    var name: String { command._commandName }

    /// The verbs the overview lists.
    static var listed: [ClientVerb] { ClientCommand.verbs.filter { $0.summary != nil } }
}
