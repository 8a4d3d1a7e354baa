import ArgumentParser
import Glibc
import KeyForgeSystem
import KeyForgeServices

/// `agent`: the worker (docs/adr/0011-one-binary-five-roles.md): `run` leases units from a hive and searches them; `bench` and
/// `score` are the client's own code paths, so an agent measures and scores exactly as the CLI does.
struct AgentCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "agent",
        abstract: "The worker: lease search units from a hive and submit verified results.",
        subcommands: [Run.self, Archive.self, BenchCommand.self, Score.self]
    )

    /// Leases, searches and submits until SIGTERM.
    struct Run: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Work for a hive until SIGTERM (needs HIVE_SECRET).")

        @Option(help: "The hive (default: $KEYFORGE_HIVE_URL, else http://127.0.0.1:3000).")
        var hive: String?

        @Option(help: "The assets server (default: $KEYFORGE_ASSETS_URL, else http://127.0.0.1:3001).")
        var assets: String?

        @Option(help: "Search threads (default: all cores).")
        var threads: Int?

        @Flag(help: "Run at a lower scheduling priority (nice 10), to share the machine politely.")
        var nice = false

        @Option(help: "This node's id (default: one made once and kept in the workspace).")
        var nodeID: String?

        @Option(help: "Seconds between lease attempts when there is no work.")
        var pollSeconds = 2.0

        func validate() throws {
            if let threads, !(1...256).contains(threads) { throw ValidationError("--threads must be 1 ... 256") }
            guard pollSeconds > 0 && pollSeconds <= 60 else { throw ValidationError("--poll-seconds must be above 0 and at most 60") }
        }

        func run() throws {
            let settings = try Settings.current()
            guard let secret = settings.value(flag: nil, "HIVE_SECRET") else {
                printError("keyforge: agent: HIVE_SECRET is not set; the hive accepts no work without it")
                throw ExitCode(ExitStatus.configuration)
            }
            guard let workspace = Workspace.current else { throw InputError(.missing, source: "workspace", "set KEYFORGE_HOME or HOME") }
            try workspace.initialize(.create)
            let hiveURL = settings.value(flag: hive, "KEYFORGE_HIVE_URL") ?? "http://127.0.0.1:3000"
            let assetsURL = settings.value(flag: assets, SyncCommand.environmentVariable) ?? SyncCommand.defaultURL
            let runner = try AgentRunner(hiveURL: hiveURL, assetsURL: assetsURL, secret: secret, workspace: workspace,
                                         threads: threads ?? SearchRunner.coreCount, nodeID: nodeID, pollSeconds: pollSeconds,
                                         nice: nice)
            try runner.run()
        }
    }

    /// `agent score`: the client's `analyze`, verbatim.
    struct Score: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Score a layout exactly as `keyforge analyze` does (same options).")
        @Argument(parsing: .allUnrecognized) var arguments: [String] = []

        func run() throws {
            let analyze = try AnalyzeCommand.parse(arguments)
            try analyze.run()
        }
    }

    /// The archive worker (docs/ARCHITECTURE.md section 7): a Unix-socket server the hive queues archive tasks on.
    struct Archive: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Run the archive worker: move old rows out of the hive's tables, copy-verify-delete.",
            discussion: """
            Listens on a Unix socket (mode 0600; only this user and root may connect) for newline-delimited
            JSON: ping, archive, cancel. Tasks run on a pool of threads, one per collection at a time, and call
            back to the hive (data/list, data/create, data/delete) for every batch. Start the hive with
            --archive-socket PATH to connect it. Stops on SIGTERM or Ctrl-C after the current batches.
            """
        )

        @Option(help: "The Unix socket to listen on.")
        var socket: String

        @Option(help: "Tasks that run at once (on different collections).")
        var threads = 3

        @Option(help: "Tasks that may wait; more are refused as busy.")
        var queueLimit = 16_384

        @Option(help: "The longest accepted line, in bytes.")
        var maxLineBytes = 16 << 20

        @Option(help: "Seconds a task waits for the hive's answer to one callback.")
        var replySeconds = 120

        func validate() throws {
            guard (1...64).contains(threads) else { throw ValidationError("--threads must be 1 ... 64") }
            guard (1...1_000_000).contains(queueLimit) else { throw ValidationError("--queue-limit must be 1 ... 1000000") }
            guard (1024...(256 << 20)).contains(maxLineBytes) else { throw ValidationError("--max-line-bytes must be 1 KiB ... 256 MiB") }
            guard (1...3600).contains(replySeconds) else { throw ValidationError("--reply-seconds must be 1 ... 3600") }
        }

        func run() throws {
            let log = RoleLog.logger("archive")
            var configuration = ArchiveWorkerConfiguration(socketPath: socket)
            configuration.threads = threads
            configuration.queueLimit = queueLimit
            configuration.maxLineBytes = maxLineBytes
            configuration.replyTimeout = .seconds(replySeconds)
            let worker: ArchiveWorker
            do throws(ArchiveWorkerError) { worker = try ArchiveWorker(configuration: configuration, log: log) } catch {
                printError("keyforge: agent archive: \(error)")
                throw ExitCode(error.isBusy ? ExitStatus.unavailable : ExitStatus.ioError)
            }
            Interrupt.install()
            print("listening on unix:\(socket)")
            fflush(nil)
            try worker.run(until: { Interrupt.isRequested })
        }
    }
}
