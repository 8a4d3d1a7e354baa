import KeyForgeAdapters
import KeyForgeSystem
import KeyForgeTestSupport
import Testing
import KeyForgeServices

/// The agent's results against a real loopback server: kept on disk until the hive stores them or refuses them
/// on their merits (docs/OPERATIONS.md, "Rotating the shared secret").
@Suite("Agent results: kept on disk until the hive stores or refuses them")
struct ResultCourierTests {
    /// Waits of a millisecond or two, so a test retries at once; the backoff itself is `waitsOutItsBackoff`.
    static let quick = Backoff(initial: .milliseconds(1), maximum: .milliseconds(2), maxRetries: nil)

    @Test("a result answered 401, 429 and 503 stays on disk, survives a restarted courier, and is delivered on 201")
    func keptUntilStored() throws {
        let hive = try ScriptedHive(script: [(401, "invalid_token"), (429, "too_many_attempts"), (503, "database_unavailable")])
        let folder = makeOutboxFolder()
        let body = Array(#"{"nonce":"node-1-a"}"#.utf8)
        let lines = Locked<[String]>([])
        let courier = ResultCourier(outbox: try AgentOutbox(folder: folder), hive: hive.client, policy: Self.quick,
                                    log: { line in lines.withLock { $0.append(line) } })
        courier.send(nonce: "node-1-a", body: body)
        #expect(hive.received.count == 1 && FileSystem.exists("\(folder)/node-1-a.json"))
        #expect(courier.flush(force: true) == 1)
        // A new courier over the same folder, as after the agent restarts.
        let restarted = ResultCourier(outbox: try AgentOutbox(folder: folder), hive: hive.client, policy: Self.quick,
                                      log: { line in lines.withLock { $0.append(line) } })
        #expect(restarted.flush(force: true) == 1 && FileSystem.exists("\(folder)/node-1-a.json"))
        #expect(restarted.flush(force: true) == 0 && !FileSystem.exists("\(folder)/node-1-a.json"))
        #expect(hive.received == Array(repeating: body, count: 4))
        let log = lines.withLock { $0 }
        for answer in ["401 invalid_token", "429 too_many_attempts", "503 database_unavailable"] {
            #expect(log.contains { $0.contains("node-1-a not delivered: the hive answered \(answer); kept") }, "\(answer)")
        }
        #expect(log.contains { $0.contains("node-1-a stored (201); removed from the outbox") })
    }

    @Test("a result refused on its merits (422, 409 stale_lease) is dropped; 409 nonce_replayed counts as stored")
    func droppedOnlyOnItsMerits() throws {
        let hive = try ScriptedHive(script: [(422, "invalid_layout"), (409, "stale_lease"), (409, "nonce_replayed")])
        let folder = makeOutboxFolder()
        let lines = Locked<[String]>([])
        let courier = ResultCourier(outbox: try AgentOutbox(folder: folder), hive: hive.client, policy: Self.quick,
                                    log: { line in lines.withLock { $0.append(line) } })
        for nonce in ["n-a", "n-b", "n-c"] { courier.send(nonce: nonce, body: Array("{\"nonce\":\"\(nonce)\"}".utf8)) }
        #expect(hive.received.count == 3 && courier.outbox.pending().isEmpty)
        let log = lines.withLock { $0 }
        #expect(log.contains { $0.contains("n-a refused on its merits (422 invalid_layout); dropped") })
        #expect(log.contains { $0.contains("n-b refused on its merits (409 stale_lease); dropped") })
        #expect(log.contains { $0.contains("n-c was already stored (409 nonce_replayed); removed from the outbox") })
    }

    @Test("after an undelivered attempt the courier sends nothing until its backoff has passed (or it is forced)")
    func waitsOutItsBackoff() throws {
        let hive = try ScriptedHive(script: [(401, "invalid_token")])
        let courier = ResultCourier(outbox: try AgentOutbox(folder: makeOutboxFolder()), hive: hive.client,
                                    policy: Backoff(initial: .seconds(3_600), maximum: .seconds(3_600), maxRetries: nil), log: { _ in })
        courier.send(nonce: "n-1", body: Array("{}".utf8))
        #expect(courier.flush() == 1 && hive.received.count == 1)
        courier.send(nonce: "n-2", body: Array("{}".utf8))
        #expect(hive.received.count == 1 && courier.outbox.pending().count == 2)
        #expect(courier.flush(force: true) == 0 && hive.received.count == 3)
    }

    @Test("a result the hive never answered (nothing listening) stays on disk")
    func keptWhileUnreachable() throws {
        let port = try ValkeyServerHarness.freePort()
        var http = HTTPClientConfiguration()
        http.retry = Backoff(maxRetries: 0)
        let client = HiveClient(baseURL: "http://127.0.0.1:\(port)", secret: "s", client: HTTPClient(configuration: http))
        let lines = Locked<[String]>([])
        let courier = ResultCourier(outbox: try AgentOutbox(folder: makeOutboxFolder()), hive: client, policy: Self.quick,
                                    log: { line in lines.withLock { $0.append(line) } })
        courier.send(nonce: "n-1", body: Array("{}".utf8))
        #expect(courier.outbox.pending().map(\.nonce) == ["n-1"])
        #expect(lines.withLock { $0 }.contains { $0.contains("n-1 not delivered: the hive is unreachable") })
    }

    @Test("the outbox decision table: stored or refused on its merits leaves the outbox; credentials, limits and outages do not")
    func decisionTable() {
        let cases: [(Int, String?, OutboxDecision)] = [
            (201, nil, .delivered), (409, "nonce_replayed", .delivered), (409, "stale_lease", .refused), (422, "score_mismatch", .refused),
            (400, "invalid_json", .refused), (404, "no_such_job", .refused), (404, "no_such_unit", .refused), (404, nil, .retryLater),
            (401, "invalid_token", .retryLater), (403, nil, .retryLater), (429, "too_many_attempts", .retryLater),
            (500, "database_error", .retryLater), (502, nil, .retryLater), (503, "database_unavailable", .retryLater),
        ]
        for (status, code, decision) in cases {
            #expect(OutboxDecision.of(status: status, errorCode: code) == decision, "\(status) \(code ?? "")")
        }
    }
}
