import KeyForgeAdapters
import KeyForgeCore
import KeyForgeSystem
import KeyForgeWire
import Testing
import KeyForgeServices

@Suite("Hive results and validation through the responder")
struct HiveResponderResultTests {
    @Test("honest results are accepted; forged ones (NaN, Infinity, 1e309, 1e308, off by 1e-6, negative, wrong length, stale token) are rejected; a replayed nonce is refused")
    func results() throws {
        let hive = try HiveResponderFixture()
        let config = testJobConfig(units: 1, seed: 202)
        let job = try hive.submit(config)
        let lease = try #require(try hive.lease(node: "node-a"))
        let honest = try HiveFixture.exactScore(config, layout: "qwerty")
        let accepted = hive.submitResult(lease, node: "node-a", nonce: "n1", layout: honest.layout, score: honest.score)
        #expect(accepted.status == 201)
        let first = try HiveResultAccepted(json: accepted.json ?? .null)
        #expect(first.isNewBest && first.score == honest.score && first.jobStatus == "running")

        let wrongScore = hive.submitResult(lease, node: "node-a", nonce: "n2", layout: honest.layout, score: honest.score * 0.9)
        #expect(wrongScore.status == 422 && wrongScore.json.errorCode == "score_mismatch")
        let tooShort = hive.submitResult(lease, node: "node-a", nonce: "n3", layout: "abc", score: honest.score)
        #expect(tooShort.status == 422 && tooShort.json.errorCode == "invalid_layout")
        // NaN and Infinity are no JSON, and 1e309 overflows a double: all are refused as bodies.
        let body = HiveFixture.result(job: job, unit: lease.unit, token: lease.leaseToken, node: "node-a", nonce: "t", layout: honest.layout,
                                      score: 0.5)
        #expect(body.contains("\"score\":0.5"))
        for text in ["NaN", "Infinity", "1e309"] {
            let refused = hive.call("POST", "/results", body.replacingOccurrences(of: "\"score\":0.5", with: "\"score\":\(text)"))
            #expect(refused.status == 400 && refused.json.errorCode == "invalid_json", "score \(text)")
        }
        // 1e308, a score off by one part in a million, and a negative one are numbers, and wrong.
        for (index, score) in [1e308, honest.score * (1 + 1e-6), -honest.score].enumerated() {
            let forged = hive.submitResult(lease, node: "node-a", nonce: "f\(index)", layout: honest.layout, score: score)
            #expect(forged.status == 422 && forged.json.errorCode == "score_mismatch", "score \(score)")
        }
        var staleLease = lease
        staleLease.leaseToken = "0000"
        let stale = hive.submitResult(staleLease, node: "node-a", nonce: "n5", layout: honest.layout, score: honest.score)
        #expect(stale.status == 409 && stale.json.errorCode == "stale_lease")
        var otherUnit = lease
        otherUnit.unit = 5
        #expect(hive.submitResult(otherUnit, node: "node-a", nonce: "n7", layout: honest.layout, score: honest.score).json.errorCode
                == "no_such_unit")
        let replay = hive.submitResult(lease, node: "node-a", nonce: "n1", layout: honest.layout, score: honest.score)
        #expect(replay.status == 409 && replay.json.errorCode == "nonce_replayed")
        #expect(replay.json.errorMessage?.contains("result \(first.resultID) is stored") == true)
        #expect(try hive.store.jobStatus(job)?.results == 1)

        // A better layout is a new best; the final result finishes the only unit and so the job.
        let better = try HiveFixture.exactScore(config, layout: "colemak-dh")
        let final = hive.submitResult(lease, node: "node-a", nonce: "n6", layout: better.layout, score: better.score, final: true)
        let finalAnswer = try HiveResultAccepted(json: final.json ?? .null)
        #expect(final.status == 201 && finalAnswer.jobStatus == "done")
        let status = try HiveJobStatus(json: hive.call("GET", "/jobs/\(job)", token: nil).json ?? .null)
        #expect(status.status == "done" && status.best?.layout == better.layout && status.best?.score == better.score)
        let population = try HivePopulation(json: hive.call("GET", "/jobs/\(job)/population", token: nil).json ?? .null)
        #expect(population.population.map(\.layout) == [better, honest].sorted { $0.score < $1.score }.map(\.layout))
        #expect(try hive.lease(node: "node-a") == nil)
        let kinds = try hive.store.events(of: job).map(\.kind.type)
        #expect(kinds == ["created", "lease", "new_best", "new_best", "done"])
        if case .done(let score)? = try hive.store.events(of: job).last?.kind { #expect(score == better.score) }
    }

    @Test("bodies that are not JSON objects are 400; missing or invalid fields are 422 naming the field")
    func validation() throws {
        let hive = try HiveResponderFixture()
        let job = try hive.submit(testJobConfig(units: 1, seed: 707))
        for body in ["", "not json", "[1, 2]", "\"node\""] {
            let answer = hive.call("POST", "/jobs/lease", body)
            #expect(answer.status == 400 && answer.json.errorCode == "invalid_json", "\(body)")
        }
        let cases: [(path: String, body: String, code: String, field: String)] = [
            ("/jobs/lease", #"{}"#, "invalid_node_id", "node_id"),
            ("/jobs/lease", #"{"node_id": "\#(String(repeating: "n", count: 65))"}"#, "invalid_node_id", "node_id"),
            ("/jobs/lease", #"{"node_id": "a b"}"#, "invalid_node_id", "node_id"),
            ("/nodes/heartbeat", #"{"node_id": 7}"#, "invalid_node_id", "node_id"),
            ("/nodes/register", #"{"node_id": "n", "cpu_signature": "x", "cores": 0}"#, "invalid_node", "cores"),
            ("/nodes/register", #"{"node_id": "n", "cpu_signature": "", "cores": 1}"#, "invalid_node", "cpu_signature"),
            ("/nodes/register", #"{"node_id": "n", "cpu_signature": "x", "cores": 4097}"#, "invalid_node", "cores"),
            ("/jobs/\(job)/heartbeat", #"{"unit": 0}"#, "invalid_lease", "lease_token"),
            ("/jobs/\(job)/release", #"{"unit": "0", "lease_token": "t"}"#, "invalid_lease", "unit"),
            ("/results", HiveFixture.result(job: job, unit: 0, token: "t", node: "n", nonce: "n", layout: "x", score: 1)
                .replacingOccurrences(of: #","nonce":"n""#, with: ""), "invalid_result", "nonce"),
            ("/results", HiveFixture.result(job: job, unit: Int(JobConfig.maxUnits), token: "t", node: "n", nonce: "n", layout: "x", score: 1),
             "invalid_result", "unit"),
            ("/results", HiveFixture.result(job: "short", unit: 0, token: "t", node: "n", nonce: "n", layout: "x", score: 1),
             "invalid_result", "job_id"),
            ("/results", HiveFixture.result(job: job, unit: 0, token: "t", node: "n", nonce: "n", layout: "x", score: 1)
                .replacingOccurrences(of: #""score":1.0"#, with: #""score":"1""#), "invalid_result", "score"),
        ]
        for item in cases {
            let answer = hive.call("POST", item.path, item.body)
            #expect(answer.status == 422 && answer.json.errorCode == item.code, "\(item.path) \(item.body)")
            #expect(answer.json.errorMessage?.contains(item.field) == true, "\(answer.json.errorMessage ?? "no message")")
        }
        // At the boundaries, a 64-character node id and the last unit are read: the layout is what is refused next.
        let last = HiveFixture.result(job: job, unit: Int(JobConfig.maxUnits) - 1, token: "t", node: String(repeating: "n", count: 64),
                                      nonce: "n", layout: "x", score: 1)
        #expect(hive.call("POST", "/results", last).json.errorCode == "invalid_layout")
        #expect(hive.call("POST", "/jobs/\(job)/heartbeat", #"{"unit": 0, "lease_token": "t"}"#).status == 409)
        #expect(hive.call("POST", "/jobs/nope/heartbeat", #"{"unit": 0, "lease_token": "t"}"#).json.errorCode == "invalid_job_id")
    }

    @Test("the Wire messages' unit limit is the job config's")
    func unitLimit() {
        #expect(Int64(JobConfig.maxUnits) == HiveMessages.maxUnits)
    }

    @Test("nodes: register stores the profile once per CPU signature; heartbeats reach the coordinator; cluster stats count them")
    func nodes() throws {
        let hive = try HiveResponderFixture()
        let profile: JSONValue = .object(JSONObject([("steps_per_second", .int(1_000_000))]))
        let first = hive.call("POST", "/nodes/register", message: HiveNodeRegistration(nodeID: "n1", cpuSignature: "Test CPU", cores: 2,
                                                                                         profile: profile))
        #expect(try HiveNodeRegistered(json: first.json ?? .null) == HiveNodeRegistered(nodeID: "n1", isProfileStored: true))
        #expect(hive.store.hardwareProfile(cpuSignature: "Test CPU") == profile)
        let again = hive.call("POST", "/nodes/register", message: HiveNodeRegistration(nodeID: "n2", cpuSignature: "Test CPU", cores: 4))
        #expect(try HiveNodeRegistered(json: again.json ?? .null).isProfileStored == false)
        #expect(hive.store.hardwareProfile(cpuSignature: "Test CPU") == profile)
        let beat = hive.call("POST", "/nodes/heartbeat", message: HiveNodeHeartbeat(nodeID: "n1", stepsPerSecond: 1234.5, memoryBytes: 77))
        #expect(try HiveNodeHeartbeatAnswer(json: beat.json ?? .null).ttlSeconds == Int64(CoordinatorKeyspace.heartbeatSeconds))
        #expect(try hive.coordinator.getHeartbeat(nodeID: "n1")?.memoryBytes == 77)
        // A mistyped telemetry field reads as absent, as it always has: the beat counts, at speed 0.
        #expect(hive.call("POST", "/nodes/heartbeat", #"{"node_id": "n2", "steps_per_second": "fast"}"#).status == 200)
        #expect(try hive.coordinator.getHeartbeat(nodeID: "n2")?.stepsPerSecond == 0)
        let stats = try HiveClusterStats(json: hive.call("GET", "/cluster/stats").json ?? .null)
        #expect(stats.activeNodes == 2 && stats.totalStepsPerSecond == 1234.5 && stats.unitsLeased == 0)
        #expect(stats.nodes.map(\.nodeID) == ["n2", "n1"] && stats.nodes.map(\.cores) == [4, 2])
        #expect(stats.nodes.allSatisfy(\.isAlive) && stats.nodes.last?.memoryBytes == 77)
        #expect(stats.jobs.map(\.status) == ["queued", "running", "done", "cancelled", "failed"] && stats.jobs.allSatisfy { $0.count == 0 })
    }
}
