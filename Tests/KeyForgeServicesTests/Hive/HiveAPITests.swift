import Foundation
import Glibc
import KeyForgeAdapters
import KeyForgeCore
import KeyForgeSystem
import KeyForgeTestSupport
import KeyForgeWire
import Synchronization
import Testing
import KeyForgeServices

/// The real wiring: PostgreSQL, Valkey and a loopback socket. The API's behaviour is tested through
/// the responder (`HiveResponderTests`); these prove the pieces it runs on in production.
@Suite("Hive API against real PostgreSQL and Valkey", .serialized)
struct HiveAPITests {
    @Test("over the socket: a job submitted twice has one id (201 then 200); reads are public; health reads the database")
    func submitAndRead() throws {
        let hive = try HiveFixture()
        let config = testJobConfig(seed: 101)
        let first = try hive.call("POST", "/jobs", config)
        #expect(first.status == 201)
        #expect(first.json?.objectValue?["is_new"]?.boolValue == true)
        let id = try #require(first.json?.objectValue?["job_id"]?.stringValue)
        #expect(id == (try JobConfig(json: Array(config.utf8))).jobID)
        let second = try hive.call("POST", "/jobs", config)
        #expect(second.status == 200)
        #expect(second.json?.objectValue?["is_new"]?.boolValue == false)
        let status = try hive.call("GET", "/jobs/\(id)", token: nil)
        #expect(status.status == 200)
        #expect(status.json?.objectValue?["status"]?.stringValue == "queued")
        #expect(status.json?.objectValue?["units"]?.objectValue?["total"]?.int64Value == 2)
        #expect(try hive.call("GET", "/jobs", token: nil).json?.objectValue?["jobs"]?.arrayValue?.count == 1)
        #expect(try hive.call("GET", "/jobs/\(String(repeating: "0", count: 64))", token: nil).status == 404)
        #expect(try hive.call("GET", "/health", token: nil).status == 200)
    }

    @Test("over the socket: an honest result is stored once in PostgreSQL; a wrong score is 422, a replayed nonce 409, a bad token 401")
    func results() throws {
        let hive = try HiveFixture()
        let config = testJobConfig(units: 1, seed: 202)
        let job = try hive.submit(config)
        let lease = try #require(try hive.lease(node: "node-a"))
        #expect(lease.job == job)
        let honest = try HiveFixture.exactScore(config, layout: "qwerty")
        let body = HiveFixture.result(job: job, unit: lease.unit, token: lease.token, node: "node-a", nonce: "n1", layout: honest.layout,
                                      score: honest.score, final: true)
        let accepted = try hive.call("POST", "/results", body)
        #expect(accepted.status == 201)
        #expect(try HiveResultAccepted(json: accepted.json ?? .null).jobStatus == "done")
        let wrongScore = try hive.call("POST", "/results", HiveFixture.result(job: job, unit: lease.unit, token: lease.token, node: "node-a",
                                                                              nonce: "n2", layout: honest.layout, score: honest.score * 0.9))
        #expect(wrongScore.status == 422)
        let replay = try hive.call("POST", "/results", body)
        #expect(replay.status == 409)
        #expect(replay.json.flatMap { try? HiveErrorBody(json: $0) }?.code == "nonce_replayed")
        #expect(try hive.call("POST", "/results", body, token: "wrong").status == 401)
        let stored = try hive.pool.execute("SELECT count(*) AS n FROM results WHERE job_id = $1", [job]).rows.first?.int64("n")
        #expect(stored == 1)
        let status = try HiveJobStatus(json: try hive.call("GET", "/jobs/\(job)", token: nil).json ?? .null)
        #expect(status.status == "done" && status.best?.layout == honest.layout)
    }

    @Test("job events are kept in job_events; /archive needs the secret and, without a worker, answers 503")
    func eventsAndArchiveRoutes() throws {
        let hive = try HiveFixture()
        let job = try hive.submit(testJobConfig(units: 1, seed: 405))
        #expect(try hive.call("DELETE", "/jobs/\(job)").status == 200)
        let kinds = try hive.pool.execute("SELECT kind FROM job_events WHERE job_id = $1 ORDER BY id", [job]).rows.map { $0["kind"] }
        #expect(kinds == ["created", "cancelled"])
        #expect(try hive.call("GET", "/archive", token: nil).status == 401)
        #expect(try hive.call("POST", "/archive", #"{"older_than_seconds": 1}"#, token: nil).status == 401)
        let disabled = try hive.call("POST", "/archive", #"{"older_than_seconds": 1}"#)
        #expect(disabled.status == 503 && disabled.json?.objectValue?["error"]?.objectValue?["code"] == .string("archive_disabled"))
    }

    @Test("POST /archive queues a task per table on the worker and GET /archive follows it; bad bodies are 422")
    func archiveRoutes() throws {
        let data = try ArchiveTestData()
        try data.addJob(results: 6)
        let worker = try ArchiveWorkerFixture()
        let archiver = try HiveArchiverTests.archiver(data, socket: worker.path)
        defer { archiver.stop() }
        let hive = try HiveFixture(databaseURL: data.url, archiver: archiver)
        for body in [#"{}"#, #"{"older_than_seconds": -1}"#, #"{"older_than_seconds": 1, "collections": ["nodes"]}"#,
                     #"{"older_than_seconds": 1, "collections": []}"#, #"{"older_than_seconds": 1, "batch_size": 0}"#] {
            #expect(try hive.call("POST", "/archive", body).status == 422, "\(body)")
        }
        let answer = try hive.call("POST", "/archive", #"{"older_than_seconds": 86400}"#)
        #expect(answer.status == 202)
        #expect(answer.json?.objectValue?["tasks"]?.arrayValue?.compactMap { $0.objectValue?["collection"]?.stringValue } == ["results", "job_events"])
        try eventually("both tasks to end") {
            let tasks = try hive.call("GET", "/archive").json?.objectValue?["tasks"]?.arrayValue ?? []
            return tasks.count == 2 && tasks.allSatisfy { $0.objectValue?["state"] == .string("success") }
        }
        let status = try hive.call("GET", "/archive").json?.objectValue
        #expect(status?["connected"] == .bool(true))
        #expect(try data.counts() == (live: 1, archived: 5, both: 0))
    }

    @Test("nodes: register stores the profile once per CPU signature; heartbeats land in Valkey, cluster stats count them")
    func nodes() throws {
        let hive = try HiveFixture()
        let signature = "Test CPU \(uniqueName("sig"))"
        let register = #"{"node_id": "n1", "cpu_signature": "\#(signature)", "cores": 2, "profile": {"steps_per_second": 1000000}}"#
        #expect(try hive.call("POST", "/nodes/register", register).json?.objectValue?["profile_stored"]?.boolValue == true)
        let again = #"{"node_id": "n2", "cpu_signature": "\#(signature)", "cores": 2}"#
        #expect(try hive.call("POST", "/nodes/register", again).json?.objectValue?["profile_stored"]?.boolValue == false)
        #expect(try hive.call("POST", "/nodes/heartbeat", #"{"node_id": "n1", "steps_per_second": 1234.5}"#).status == 200)
        let stats = try hive.call("GET", "/cluster/stats").json?.objectValue
        #expect((stats?["active_nodes"]?.int64Value ?? 0) >= 1)
        #expect(try hive.call("GET", "/cluster/stats", token: nil).status == 401)
    }

    @Test("Valkey killed and restarted empty: the hive writes the recent heartbeats again, with no new beat")
    func heartbeatsReplayedAfterValkeyRestart() throws {
        let valkey = try ValkeyServerHarness()
        let hive = try HiveFixture(valkey: valkey.configuration())
        let coordinator = ValkeyDistributedCoordinator(client: ValkeyClient(configuration: valkey.configuration()))
        #expect(try hive.call("POST", "/nodes/heartbeat", #"{"node_id": "n7", "steps_per_second": 42.5}"#).status == 200)
        #expect(try coordinator.getHeartbeat(nodeID: "n7")?.stepsPerSecond == 42.5)
        // SIGKILL of a server that keeps nothing on disk (--save "", no AOF): it comes back empty.
        valkey.kill()
        try valkey.start()
        // The hive's event relay resubscribes within its backoff and then writes the beat again.
        try eventually("the heartbeat is back", timeout: .seconds(60)) { (try? coordinator.getHeartbeat(nodeID: "n7"))?.stepsPerSecond == 42.5 }
        #expect((try hive.call("GET", "/cluster/stats").json?.objectValue?["active_nodes"]?.int64Value ?? 0) == 1)
    }

    @Test("an event published through one hive reaches an SSE client of another")
    func eventsAcrossHives() throws {
        let hiveA = try HiveFixture()
        let hiveB = try HiveFixture(databaseURL: hiveA.databaseURL)
        let config = testJobConfig(units: 1, seed: 505)
        let job = try hiveA.submit(config)
        let socket = try StreamSocket.connect(to: .tcp(host: "127.0.0.1", port: hiveB.port), deadline: .now + .seconds(2))
        try socket.writeAll(Array("GET /jobs/\(job)/events HTTP/1.1\r\nHost: b\r\n\r\n".utf8), deadline: .now + .seconds(2))
        var received: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 8192)
        func readUntil(_ text: String) throws -> Bool {
            let deadline = ContinuousClock.now + .seconds(5)
            while !String(decoding: received, as: UTF8.self).contains(text) {
                guard ContinuousClock.now < deadline else { return false }
                guard try socket.waitReadable(until: .now + .milliseconds(200)) else { continue }
                let count = try buffer.withUnsafeMutableBytes { try socket.read(into: $0, deadline: .now + .seconds(1)) }
                if count == 0 { return false }
                received += buffer[0..<count]
            }
            return true
        }
        #expect(try readUntil("events of job"))
        let lease = try #require(try hiveA.lease(node: "node-x"))
        #expect(try readUntil("event: lease"))
        let honest = try HiveFixture.exactScore(config, layout: "qwerty")
        #expect(try hiveA.call("POST", "/results", HiveFixture.result(job: job, unit: lease.unit, token: lease.token, node: "node-x",
                                                                       nonce: "e1", layout: honest.layout, score: honest.score)).status == 201)
        #expect(try readUntil("event: new_best"))
    }
}

@Suite("Hive under database faults", .serialized)
struct HiveFaultTests {
    @Test("PostgreSQL restarted under load: 503 with Retry-After while away, recovery after, no acknowledged result lost")
    func databaseRestart() throws {
        let postgres = try PostgresServerHarness()
        defer { postgres.shutdown() }
        let hive = try HiveFixture(databaseURL: try postgres.createDatabase())
        let config = testJobConfig(units: 1, seed: 606)
        let job = try hive.submit(config)
        let lease = try #require(try hive.lease(node: "loader"))
        let honest = try HiveFixture.exactScore(config, layout: "qwerty")
        let acknowledged = Locked<[String]>([])
        let unavailable = Locked<Int>(0)
        let missingRetryAfter = Locked<Int>(0)
        let stop = Atomic<Bool>(false)
        let port = hive.port
        let workers = try (0..<4).map { worker in
            try SystemThread(name: "load-\(worker)") {
                var configuration = HTTPClientConfiguration()
                configuration.retry = Backoff(maxRetries: 0)
                let client = HTTPClient(configuration: configuration)
                var sequence = 0
                while !stop.load(ordering: .acquiring) {
                    sequence += 1
                    let nonce = "w\(worker)-\(sequence)"
                    let body = HiveFixture.result(job: job, unit: lease.unit, token: lease.token, node: "loader", nonce: nonce,
                                                  layout: honest.layout, score: honest.score)
                    var headers = HTTPHeaders([("Authorization", "Bearer \(HiveFixture.secret)")])
                    headers.append(name: "Content-Type", value: "application/json")
                    guard let response = try? client.send(HTTPClientRequest(method: "POST", url: "http://127.0.0.1:\(port)/results",
                                                                            headers: headers, body: Array(body.utf8))) else { continue }
                    if response.status == 201 { acknowledged.withLock { $0.append(nonce) } }
                    if response.status == 503 {
                        unavailable.withLock { $0 += 1 }
                        if response.headers["Retry-After"] == nil { missingRetryAfter.withLock { $0 += 1 } }
                        usleep(50_000)
                    }
                }
            }
        }
        usleep(700_000)
        try postgres.stop(immediate: true)
        usleep(1_500_000)
        try postgres.start()
        usleep(2_000_000)
        stop.store(true, ordering: .releasing)
        for worker in workers { worker.join() }

        #expect(unavailable.withLock { $0 } > 0, "no request saw the database away")
        #expect(missingRetryAfter.withLock { $0 } == 0)
        let nonces = acknowledged.withLock { $0 }
        #expect(nonces.count > 10)
        let stored = Set(try hive.pool.execute("SELECT nonce FROM results WHERE job_id = $1", [job]).rows.compactMap { $0["nonce"] })
        #expect(Set(nonces).isSubset(of: stored), "acknowledged but missing: \(Set(nonces).subtracting(stored).sorted().prefix(5))")
        // And the hive serves again.
        #expect(try hive.call("GET", "/health", token: nil).status == 200)
    }
}
