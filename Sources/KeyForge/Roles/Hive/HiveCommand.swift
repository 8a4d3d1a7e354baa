import ArgumentParser
import Glibc
import KeyForgeAdapters
import KeyForgeSystem
import KeyForgeServices

/// `hive`: the control plane (docs/ARCHITECTURE.md section 5): jobs, leases, verified results, nodes, events.
struct HiveCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "hive",
        abstract: "The control plane: an HTTP API over PostgreSQL and Valkey (needs HIVE_SECRET).",
        discussion: """
        Reads the shared secret from HIVE_SECRET and refuses to start without one. Runs the embedded SQL
        migrations in order (serialized across hives with an advisory lock) before it listens.
        """
    )

    /// The port when `--port` is not given.
    static let defaultPort: UInt16 = 3000

    @OptionGroup var listen: ListenOptions
    @OptionGroup var valkey: ValkeyOptions

    @Option(name: .customLong("database-url"), help: "PostgreSQL URL (default: $DATABASE_URL).")
    var databaseURL: String?

    @Option(help: "Threads for database work.")
    var workers = 8

    @Option(help: "Seconds a lease lasts without a heartbeat.")
    var leaseSeconds = HiveLease.defaultSeconds

    @Option(help: "Seconds a job waits after the first preparation failure (doubling each time, at most 300).")
    var preparationBackoffSeconds = HivePreparationBackoff.initialSeconds

    @Flag(inversion: .prefixedNo, help: "Log one line per request on standard error.")
    var accessLog = true

    @Option(help: "The archive worker's Unix socket (`keyforge agent archive`; default: $KEYFORGE_ARCHIVE_SOCKET; none: no archiving).")
    var archiveSocket: String?

    @Option(help: "Seconds between checks of the archivable tables' sizes (0: archive only by hand, `keyforge job archive`).")
    var archiveEvery = 300

    @Option(help: "Eligible rows in a table that make a check archive it.")
    var archiveThreshold: Int64 = 10_000

    @Option(help: "The age from which a check archives rows: 30d, 12h, 90m or seconds.", transform: DurationArgument.seconds)
    var archiveAfter: Int64 = 30 * 86_400

    func validate() throws {
        guard (1...256).contains(workers) else { throw ValidationError("--workers must be 1 ... 256") }
        guard (1...3600).contains(leaseSeconds) else { throw ValidationError("--lease-seconds must be 1 ... 3600") }
        guard HivePreparationBackoff.initialSecondsRange.contains(preparationBackoffSeconds) else {
            throw ValidationError("--preparation-backoff-seconds must be 0.1 ... 300")
        }
        guard archiveEvery >= 0 else { throw ValidationError("--archive-every must be 0 or more seconds") }
        guard archiveThreshold >= 1 else { throw ValidationError("--archive-threshold must be at least 1") }
    }

    func run() throws {
        let log = RoleLog.logger("hive")
        let settings = try Settings.current()
        guard let secret = settings.value(flag: nil, "HIVE_SECRET") else {
            printError("keyforge: hive: HIVE_SECRET is not set; the hive never runs without a secret (fail closed)")
            throw ExitCode(ExitStatus.configuration)
        }
        guard let url = settings.value(flag: databaseURL, "DATABASE_URL") else {
            throw ValidationError("no database: pass --database-url or set DATABASE_URL")
        }
        // Signals are blocked before any thread starts, so every thread inherits the mask.
        try TerminationSignals.start()
        var database = try PostgresConfiguration(url: url)
        database.poolSize = workers
        database.applicationName = "keyforge-hive"
        let pool = PostgresPool(configuration: database)
        do {
            let applied = try PostgresMigrator.migrate(pool: pool, migrations: HiveMigrations.all, log: log)
            log(applied.isEmpty ? "schema up to date" : "applied migrations: \(applied.joined(separator: ", "))")
        } catch {
            printError("keyforge: hive: \(error)")
            throw ExitCode(error.isUnavailable ? ExitStatus.unavailable : ExitStatus.dataError)
        }
        var valkeyConfiguration = try valkey.configuration()
        valkeyConfiguration.clientName = "keyforge-hive"
        let coordinator = ValkeyDistributedCoordinator(client: ValkeyClient(configuration: valkeyConfiguration))
        let events = HiveEvents(valkey: valkeyConfiguration, log: log)
        try events.start()
        let metrics = HTTPServerMetrics(prefix: "keyforge_hive")
        let archiver = try startArchiver(socket: settings.value(flag: archiveSocket, "KEYFORGE_ARCHIVE_SOCKET"), pool: pool, log: log)
        let api = HiveAPI(store: SQLHiveStore(pool: pool, leaseSeconds: leaseSeconds, preparationBackoffSeconds: preparationBackoffSeconds), coordinator: coordinator, auth: HiveAuth(secret: secret), events: events,
                          catalog: try AssetCatalog(), metrics: metrics, archiver: archiver, log: log)
        var configuration = HTTPServerConfiguration()
        configuration.endpoint = listen.endpoint(defaultPort: Self.defaultPort)
        configuration.serverName = "keyforge-hive"
        configuration.limits.maxBodyBytes = HiveLimits.maxBodyBytes
        configuration.maxBufferedBodyBytes = HiveLimits.maxBufferedBodyBytes
        configuration.workerThreads = workers
        // Open event streams (every dashboard tab holds one) end at once on SIGTERM instead of holding the drain.
        let server = try HTTPServer(configuration: configuration, responder: api.responder(), metrics: metrics,
                                    handleSignals: true, accessLog: accessLog ? log : nil, onShutdown: { events.endStreams(); api.play.shutdown() })
        log("listening on \(server.endpoint); database \(database); valkey \(valkeyConfiguration)")
        print("listening on \(server.endpoint)")
        fflush(nil)
        try server.run()
        archiver?.stop()
        events.stop()
        log("stopped after \(metrics.requestCount) requests")
    }

    /// The archive side, when a worker socket is named.
    private func startArchiver(socket: String?, pool: PostgresPool, log: @escaping @Sendable (String) -> Void) throws -> HiveArchiver? {
        guard let path = socket else { return nil }
        var configuration = HiveArchiverConfiguration(socketPath: path)
        configuration.checkInterval = archiveEvery > 0 ? .seconds(archiveEvery) : nil
        configuration.thresholdRows = archiveThreshold
        configuration.retentionSeconds = archiveAfter
        let archiver = try HiveArchiver(configuration: configuration, data: HiveArchiveData(pool: pool), log: log)
        try archiver.start()
        log("archiving through \(path)" + (archiveEvery > 0 ? ", checking every \(archiveEvery) s for \(archiveThreshold)+ rows older than \(archiveAfter) s" : ", by hand only"))
        return archiver
    }
}
