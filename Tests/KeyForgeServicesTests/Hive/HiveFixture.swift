import Foundation
import Glibc
import KeyForgeAdapters
import KeyForgeCore
import KeyForgeSystem
import KeyForgeTestSupport
import KeyForgeWire
import KeyForgeServices

/// One in-process hive: its own database (migrated), the shared Valkey, an HTTP server on a free port.
final class HiveFixture: @unchecked Sendable {
    static let secret = "test-secret-\(getpid())"

    let databaseURL: String
    let pool: PostgresPool
    let api: HiveAPI
    let events: HiveEvents
    let server: HTTPServer
    private let thread: SystemThread
    let client = HTTPClient(configuration: {
        var configuration = HTTPClientConfiguration()
        configuration.retry = Backoff(maxRetries: 0)
        configuration.requestTimeout = .seconds(20)
        return configuration
    }())

    var port: UInt16 {
        guard case .tcp(_, let port) = server.endpoint else { return 0 }
        return port
    }

    init(databaseURL: String? = nil, leaseSeconds: Int = 60, archiver: HiveArchiver? = nil, valkey: ValkeyConfiguration? = nil) throws {
        self.databaseURL = try databaseURL ?? PostgresServerHarness.shared.createDatabase()
        var database = try PostgresConfiguration(url: self.databaseURL)
        database.poolSize = 4
        database.connectTimeout = .seconds(2)
        pool = PostgresPool(configuration: database)
        _ = try PostgresMigrator.migrate(pool: pool, migrations: HiveMigrations.all, log: { _ in })
        let valkey = valkey ?? ValkeyServerHarness.shared.configuration()
        events = HiveEvents(valkey: valkey, log: { _ in })
        try events.start()
        let metrics = HTTPServerMetrics(prefix: "keyforge_hive")
        api = HiveAPI(store: SQLHiveStore(pool: pool, leaseSeconds: leaseSeconds),
                      coordinator: ValkeyDistributedCoordinator(client: ValkeyClient(configuration: valkey)),
                      auth: HiveAuth(secret: Self.secret), events: events, catalog: try AssetCatalog(folders: []),
                      metrics: metrics, archiver: archiver, log: { _ in })
        var configuration = HTTPServerConfiguration()
        configuration.endpoint = .tcp(host: "127.0.0.1", port: 0)
        configuration.limits.maxBodyBytes = 1 << 20
        configuration.maxBufferedBodyBytes = HiveLimits.maxBufferedBodyBytes
        configuration.workerThreads = 8
        let server = try HTTPServer(configuration: configuration, responder: api.responder(), metrics: metrics,
                                    onShutdown: { [events] in events.endStreams() })
        self.server = server
        thread = try SystemThread(name: "test-hive") { try? server.run() }
    }

    deinit {
        server.shutdown()
        thread.join()
        events.stop()
    }

    /// Sends a request; the status, the JSON body (if any) and the headers.
    @discardableResult
    func call(_ method: String, _ path: String, _ body: String? = nil, token: String? = HiveFixture.secret,
              headers extra: [(String, String)] = []) throws -> (status: Int, json: JSONValue?, headers: HTTPHeaders) {
        var headers = HTTPHeaders(extra)
        if let token { headers.append(name: "Authorization", value: "Bearer \(token)") }
        let response = try client.send(HTTPClientRequest(method: method, url: "http://127.0.0.1:\(port)\(path)", headers: headers,
                                                         body: body.map { Array($0.utf8) } ?? []))
        return (response.status, response.body.isEmpty ? nil : try? JSONParser.parse(response.body), response.headers)
    }

    /// Submits `config` (JSON text) and returns the job id.
    func submit(_ config: String) throws -> String {
        let answer = try call("POST", "/jobs", config)
        guard let submitted = answer.json.flatMap({ try? HiveJobSubmitted(json: $0) }) else {
            throw HarnessError("submit answered \(answer.status)")
        }
        return submitted.jobID
    }

    /// Leases a unit for `node`: (job, unit, token), or nil on 204.
    func lease(node: String) throws -> (job: String, unit: Int, token: String)? {
        let answer = try call("POST", "/jobs/lease", JSONWriter.write(HiveLeaseRequest(nodeID: node).json))
        guard answer.status == 200, let grant = answer.json.flatMap({ try? HiveLeaseGrant(json: $0) }) else { return nil }
        return (grant.jobID, grant.unit, grant.leaseToken)
    }

    /// The exact score of `layout` (a reference name or layout string) for the job config `config`.
    static func exactScore(_ config: String, layout: String) throws -> (layout: String, score: Double) {
        let plan = try JobPlan(config: JobConfig(json: Array(config.utf8)), catalog: AssetCatalog(folders: []))
        let (_, parsed) = try LayoutArgument.resolve(layout, keyboard: plan.keyboard, keycodes: plan.keycodes)
        return (parsed.tokenString, FixedPoint.toDouble(plan.exact.score(parsed).total))
    }

    /// A result body.
    static func result(job: String, unit: Int, token: String, node: String, nonce: String, layout: String, score: Double,
                       final: Bool = false) -> String {
        JSONWriter.write(HiveResultSubmission(jobID: job, unit: unit, leaseToken: token, nodeID: node, nonce: nonce, layout: layout,
                                              score: score, isFinal: final).json)
    }
}
