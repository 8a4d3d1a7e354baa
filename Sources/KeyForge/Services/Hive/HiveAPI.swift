import KeyForgeAdapters
import KeyForgeCore
import KeyForgeSystem
import KeyForgeWire

/// The hive's HTTP API (docs/ARCHITECTURE.md section 4): routes, auth, and the one place errors become statuses.
///
/// Everything that touches PostgreSQL runs on the worker pool (`.blocking`); a database that is
/// away answers 503 with Retry-After, never a hang. Errors are `{"error": {"code", "message"}}`.
public final class HiveAPI: Sendable {
    /// Request bodies are small JSON documents.
    public static let jsonLimits = JSONLimits(maxDepth: 16, maxInputBytes: HiveLimits.maxBodyBytes, maxStringBytes: HiveLimits.maxStringBytes)
    /// How many resolved job plans (board, corpus, scorer) are kept for re-scoring.
    public static let planCacheSize = 16
    /// Seconds a client is told to wait when the database is away.
    public static let retryAfterSeconds = 2

    let store: any HiveStore
    let coordinator: any DistributedCoordinator
    let auth: HiveAuth
    let events: HiveEvents?
    let catalog: AssetCatalog
    let metrics: HTTPServerMetrics
    let log: @Sendable (String) -> Void
    let archiver: HiveArchiver?
    /// The playground at `/play` and its API under `/api` (docs/API.md): public, searches need the secret.
    package let play: PlayAPI
    private let plans = Locked<[(id: String, plan: JobPlan)]>([])
    /// The latest heartbeat of each node (its `timestamp` is when the hive took it), for `replayHeartbeats`.
    let recentHeartbeats = Locked<[String: NodeTelemetry]>([:])

    /// Creates the API over its store, coordinator, auth and (optionally) the SSE relay.
    package init(store: any HiveStore, coordinator: any DistributedCoordinator, auth: HiveAuth, events: HiveEvents?,
                catalog: AssetCatalog, metrics: HTTPServerMetrics, archiver: HiveArchiver? = nil,
                log: @escaping @Sendable (String) -> Void) {
        self.store = store
        self.coordinator = coordinator
        self.auth = auth
        self.events = events
        // Jobs name assets by identifier only, whatever catalog is wired in (HiveAssetIdentifier).
        self.catalog = catalog.restrictedToIdentifiers()
        play = PlayAPI(catalog: catalog)
        self.metrics = metrics
        self.archiver = archiver
        self.log = log
        events?.whenResubscribed { [weak self] in self?.replayHeartbeats() }
    }

    /// The routes, frozen. Public: the dashboard's files, health, metrics, job reads and the events
    /// streams; all else (cluster stats included) needs the secret, checked on the head before any body
    /// is read, so a stranger's body is never buffered. POST bodies are at most `HiveLimits.maxBodyBytes`
    /// (the server's limit); other routes take none.
    public func responder() -> HTTPResponder {
        let signed: HTTPHeadCheck = { [self] request in authRefusal(request) }
        var router = HTTPRouter()
        router.get("/") { _ in HiveDashboard.page }
        router.get("/dashboard.js") { _ in HiveDashboard.script }
        router.get("/dashboard.css") { _ in HiveDashboard.styleSheet }
        router.get("/events") { [self] request in allEvents(request) }
        router.get("/health", mode: .blocking) { [self] _ in health() }
        router.get("/metrics") { [metrics] _ in
            HTTPResponse(status: 200, headers: HTTPHeaders([("Content-Type", "text/plain; version=0.0.4")]),
                         body: Array(metrics.render().utf8))
        }
        router.get("/jobs", mode: .blocking) { [self] request in guarded { () throws(PostgresError) in try listJobs(request) } }
        router.get("/jobs/:id", mode: .blocking) { [self] request in guarded { () throws(PostgresError) in try jobStatus(request) } }
        router.get("/jobs/:id/population", mode: .blocking) { [self] request in guarded { () throws(PostgresError) in try population(request) } }
        router.get("/jobs/:id/events") { [self] request in events(request) }
        router.get("/jobs/:id/keyboard", mode: .blocking) { [self] request in guarded { () throws(PostgresError) in try jobKeyboard(request) } }
        router.post("/jobs", mode: .blocking, check: signed) { [self] request in guarded { () throws(PostgresError) in try submit(request) } }
        router.add("DELETE", "/jobs/:id", mode: .blocking, maxBodyBytes: 0, check: signed) { [self] request in guarded { () throws(PostgresError) in try cancel(request) } }
        router.post("/jobs/lease", mode: .blocking, check: signed) { [self] request in guarded { () throws(PostgresError) in try lease(request) } }
        router.post("/jobs/:id/heartbeat", mode: .blocking, check: signed) { [self] request in guarded { () throws(PostgresError) in try renew(request) } }
        router.post("/jobs/:id/release", mode: .blocking, check: signed) { [self] request in guarded { () throws(PostgresError) in try release(request) } }
        router.post("/results", mode: .blocking, check: signed) { [self] request in guarded { () throws(PostgresError) in try submitResult(request) } }
        router.post("/nodes/register", mode: .blocking, check: signed) { [self] request in guarded { () throws(PostgresError) in try registerNode(request) } }
        router.post("/nodes/heartbeat", mode: .blocking, check: signed) { [self] request in guarded { () throws(PostgresError) in try nodeHeartbeat(request) } }
        router.get("/archive", mode: .blocking, check: signed) { [self] request in guarded { () throws(PostgresError) in archiveStatus() } }
        router.post("/archive", mode: .blocking, check: signed) { [self] request in guarded { () throws(PostgresError) in archive(request) } }
        router.get("/cluster/stats", mode: .blocking, check: signed) { [self] request in guarded { () throws(PostgresError) in try clusterStats() } }
        play.register(into: &router, searchCheck: signed)
        return router.freeze()
    }

    // MARK: - The one error mapping

    /// `{"error": {"code": code, "message": message}}` with `status`.
    static func failure(_ status: Int, _ code: String, _ message: String) -> HTTPResponse {
        .json(HiveErrorBody(code: code, message: message).json, status: status)
    }

    /// Runs `body`, turning a database failure into 503 (away) or 500 (a query error, logged).
    func guarded(_ body: () throws(PostgresError) -> HTTPResponse) -> HTTPResponse {
        do {
            return try body()
        } catch where error.isUnavailable {
            var response = Self.failure(503, "database_unavailable", "the database is unavailable; retry shortly")
            response.headers.append(name: "Retry-After", value: String(Self.retryAfterSeconds))
            return response
        } catch {
            log("database error: \(error)")
            return Self.failure(500, "database_error", "the database refused the request")
        }
    }

    /// Checks the bearer token (RFC 6750) of a request's head: nil when it may go on, else the refusal.
    func authRefusal(_ request: HTTPRequest) -> HTTPResponse? {
        switch auth.check(authorization: request.headers["Authorization"], address: request.remoteAddress) {
        case .allowed:
            return nil
        case .missing:
            var response = Self.failure(401, "unauthorized", "this route needs Authorization: Bearer <secret>")
            response.headers.append(name: "WWW-Authenticate", value: "Bearer realm=\"keyforge\"")
            return response
        case .malformed:
            var response = Self.failure(400, "invalid_request", "the Authorization header must be: Bearer <secret>")
            response.headers.append(name: "WWW-Authenticate", value: "Bearer realm=\"keyforge\", error=\"invalid_request\"")
            return response
        case .invalid:
            var response = Self.failure(401, "invalid_token", "the bearer token is wrong")
            response.headers.append(name: "WWW-Authenticate", value: "Bearer realm=\"keyforge\", error=\"invalid_token\"")
            return response
        case .rateLimited(let seconds):
            var response = Self.failure(429, "too_many_attempts", "too many wrong tokens from this address; wait \(seconds) s")
            response.headers.append(name: "Retry-After", value: String(seconds))
            return response
        }
    }

    /// The request body as a JSON object, or the 400 to answer.
    func jsonBody(_ request: HTTPRequest) -> Result<JSONObject, HTTPResponseBox> {
        let value: JSONValue
        do { value = try JSONParser.parse(request.body, limits: Self.jsonLimits) } catch {
            return .failure(HTTPResponseBox(Self.failure(400, "invalid_json", "the body is not valid JSON: \(error)")))
        }
        guard let object = value.objectValue else {
            return .failure(HTTPResponseBox(Self.failure(400, "invalid_json", "the body must be a JSON object")))
        }
        return .success(object)
    }

    /// The body read as `Message`: 400 `invalid_json` when it is no JSON object, 400 `code` when a string
    /// field holds a control character (`HiveMessageError.isMalformed`), 422 `code` (with the decoder's
    /// field-naming message) when a field is missing or invalid.
    func decode<Message: HiveMessage>(_ type: Message.Type, _ request: HTTPRequest, code: String) -> Result<Message, HTTPResponseBox> {
        let body: JSONObject
        switch jsonBody(request) {
        case .success(let object): body = object
        case .failure(let box): return .failure(box)
        }
        do { return .success(try Message(json: .object(body))) } catch {
            return .failure(HTTPResponseBox(Self.failure(error.isMalformed ? 400 : 422, code, error.message)))
        }
    }

    /// The job id of a lease's heartbeat or release, and its body, or the response refusing them.
    func leaseArguments(_ request: HTTPRequest) -> Result<(id: String, renewal: HiveLeaseRenewal), HTTPResponseBox> {
        guard let id = jobID(request) else { return .failure(HTTPResponseBox(Self.failure(400, "invalid_job_id", "a job id is 64 hex digits"))) }
        return decode(HiveLeaseRenewal.self, request, code: "invalid_lease").map { (id, $0) }
    }

    /// The resolved plan of a job (board, corpus, scorer), from the cache or loaded now.
    func plan(for config: JobConfig) throws(InputError) -> JobPlan {
        let id = config.jobID
        if let cached = plans.withLock({ $0.first { $0.id == id }?.plan }) { return cached }
        let plan = try JobPlan(config: config, catalog: catalog)
        plans.withLock { list in
            list.removeAll { $0.id == id }
            list.append((id, plan))
            if list.count > Self.planCacheSize { list.removeFirst() }
        }
        return plan
    }

    /// Publishes a job event and keeps it in the store; a Valkey or database hiccup is logged, never
    /// fails the request that caused it.
    func publish(_ event: HiveJobEvent) {
        do { try coordinator.publishUpdate(jobID: event.jobID, event: Array(JSONWriter.write(event.json).utf8)) } catch {
            log("publish on job:\(event.jobID):updates failed: \(error)")
        }
        do throws(PostgresError) { try store.record(event) } catch {
            log("recording an event of job \(event.jobID) failed: \(error)")
        }
    }
}

/// An HTTP response as an `Error`, so a parse step can hand back the response to send.
public struct HTTPResponseBox: Error, Sendable {
    /// The response.
    public let response: HTTPResponse
    init(_ response: HTTPResponse) { self.response = response }
}
