import ArgumentParser
import Glibc
import KeyForgeAdapters
import KeyForgeSystem

/// `hive`: the control plane (ARCHITECTURE section 4): jobs, leases, verified results, nodes, events.
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
    var leaseSeconds = HiveStore.defaultLeaseSeconds

    @Flag(inversion: .prefixedNo, help: "Log one line per request on standard error.")
    var accessLog = true

    func validate() throws {
        guard (1...256).contains(workers) else { throw ValidationError("--workers must be 1 ... 256") }
        guard (1...3600).contains(leaseSeconds) else { throw ValidationError("--lease-seconds must be 1 ... 3600") }
    }

    func run() throws {
        let log = RoleLog.logger("hive")
        guard let secret = Environment.value("HIVE_SECRET"), !secret.isEmpty else {
            printError("keyforge: hive: HIVE_SECRET is not set; the hive never runs without a secret (fail closed)")
            throw ExitCode(ExitStatus.configuration)
        }
        guard let url = databaseURL ?? Environment.value("DATABASE_URL").flatMap({ $0.isEmpty ? nil : $0 }) else {
            throw ValidationError("no database: pass --database-url or set DATABASE_URL")
        }
        // Signals are blocked before any thread starts, so every thread inherits the mask.
        SignalSource.block([SIGTERM, SIGINT])
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
        let api = HiveAPI(store: HiveStore(pool: pool, leaseSeconds: leaseSeconds), coordinator: coordinator, auth: HiveAuth(secret: secret), events: events,
                          catalog: try AssetCatalog(), metrics: metrics, log: log)
        var configuration = HTTPServerConfiguration()
        configuration.endpoint = listen.endpoint(defaultPort: Self.defaultPort)
        configuration.serverName = "keyforge-hive"
        configuration.limits.maxBodyBytes = 1 << 20
        configuration.workerThreads = workers
        let server = try HTTPServer(configuration: configuration, responder: api.responder(), metrics: metrics,
                                    handleSignals: true, accessLog: accessLog ? log : nil)
        log("listening on \(server.endpoint); database \(database); valkey \(valkeyConfiguration)")
        print("listening on \(server.endpoint)")
        fflush(nil)
        try server.run()
        events.stop()
        log("stopped after \(metrics.requestCount) requests")
    }
}
