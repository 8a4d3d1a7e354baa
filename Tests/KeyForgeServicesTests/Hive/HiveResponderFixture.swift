import KeyForgeAdapters
import KeyForgeSystem
import KeyForgeWire
import KeyForgeServices

/// A hive without a socket, a database or Valkey: `HiveAPI` over `InMemoryHiveStore` and
/// `InProcessCoordinator`, called through its frozen responder. Its clock (the store's, the
/// coordinator's and the auth's) can be moved forward, so lease expiry needs no sleep.
final class HiveResponderFixture: Sendable {
    let store: InMemoryHiveStore
    let coordinator: InProcessCoordinator
    let api: HiveAPI
    let responder: HTTPResponder
    private let offsetSeconds = Locked<Double>(0)

    /// `events` is the SSE relay, when a test needs one (it need not be started: opening a stream needs no Valkey).
    init(leaseSeconds: Int = 60, events: HiveEvents? = nil) throws {
        let offset = offsetSeconds
        let now: @Sendable () -> Double = { WallClock.unixSeconds() + offset.withLock { $0 } }
        store = InMemoryHiveStore(leaseSeconds: leaseSeconds, now: now)
        coordinator = InProcessCoordinator(now: now)
        api = HiveAPI(store: store, coordinator: coordinator, auth: HiveAuth(secret: HiveFixture.secret, now: now), events: events,
                      catalog: try AssetCatalog(folders: []), metrics: HTTPServerMetrics(prefix: "keyforge_hive"), log: { _ in })
        responder = api.responder()
    }

    /// Moves the clock forward.
    func advance(seconds: Double) { offsetSeconds.withLock { $0 += seconds } }

    /// Answers a request from `address`: the status, the JSON body (if any) and the headers.
    @discardableResult
    func call(_ method: String, _ path: String, _ body: String? = nil, token: String? = HiveFixture.secret,
              headers extra: [(String, String)] = [], address: String = "192.0.2.1") -> (status: Int, json: JSONValue?, headers: HTTPHeaders) {
        var headers = HTTPHeaders(extra)
        if let token { headers.append(name: "Authorization", value: "Bearer \(token)") }
        var request = HTTPRequest(method: method, target: path, headers: headers, body: body.map { Array($0.utf8) } ?? [])
        request.remoteAddress = address
        let response = responder.respond(to: request)
        let bytes = response.bodyBytes ?? []
        return (response.status, bytes.isEmpty ? nil : try? JSONParser.parse(bytes), response.headers)
    }

    /// Sends `message` as the body.
    @discardableResult
    func call(_ method: String, _ path: String, message: some HiveMessage) -> (status: Int, json: JSONValue?, headers: HTTPHeaders) {
        call(method, path, JSONWriter.write(message.json))
    }

    /// Submits `config` (JSON text) and returns the job id.
    func submit(_ config: String) throws -> String {
        let answer = call("POST", "/jobs", config)
        return try HiveJobSubmitted(json: answer.json ?? .null).jobID
    }

    /// Leases a unit for `node`, or nil on 204.
    func lease(node: String) throws -> HiveLeaseGrant? {
        let answer = call("POST", "/jobs/lease", message: HiveLeaseRequest(nodeID: node))
        return answer.status == 204 ? nil : try HiveLeaseGrant(json: answer.json ?? .null)
    }

    /// Submits a result for `lease`.
    @discardableResult
    func submitResult(_ lease: HiveLeaseGrant, node: String, nonce: String, layout: String, score: Double, final: Bool = false)
        -> (status: Int, json: JSONValue?, headers: HTTPHeaders) {
        call("POST", "/results", message: HiveResultSubmission(jobID: lease.jobID, unit: lease.unit, leaseToken: lease.leaseToken,
                                                               nodeID: node, nonce: nonce, layout: layout, score: score, isFinal: final))
    }
}

extension Optional where Wrapped == JSONValue {
    /// The `error.code` of an error body.
    var errorCode: String? { flatMap { try? HiveErrorBody(json: $0) }?.code }
    /// The `error.message` of an error body.
    var errorMessage: String? { flatMap { try? HiveErrorBody(json: $0) }?.message }
}
