import KeyForgeAdapters
import KeyForgeWire
import Testing
import KeyForgeServices

/// The corne start layout (qwerty) as tokens.
private func qwertyTokens(_ config: String) throws -> [String] {
    try HiveFixture.exactScore(config, layout: "qwerty").layout.split(separator: " ").map(String.init)
}

/// Registered node `node`'s strikes in `GET /cluster/stats` (read as raw JSON).
private func strikes(_ hive: HiveResponderFixture, node: String) -> Int64? {
    let nodes = hive.call("GET", "/cluster/stats").json?.objectValue?["nodes"]?.arrayValue ?? []
    let line = nodes.first { $0.objectValue?["node_id"]?.stringValue == node }
    return line?.objectValue?["strikes"]?.int64Value
}

@Suite("Hive result integrity through the responder")
struct HiveResponderIntegrityTests {
    @Test("forged results (duplicated symbol, alpha all e, alpha all NONE, key outside the scope moved, pinned key moved) are 422 not_a_rearrangement with their exact scores; the best stays; each is a strike; an honest swap is accepted")
    func forgeries() throws {
        let hive = try HiveResponderFixture()
        hive.call("POST", "/nodes/register", message: HiveNodeRegistration(nodeID: "node-a", cpuSignature: "Test CPU", cores: 2))
        let config = testJobConfig(units: 1, seed: 303)
        let job = try hive.submit(config)
        let lease = try #require(try hive.lease(node: "node-a"))
        let start = try qwertyTokens(config)
        #expect(start.count == 42 && start[1] == "q" && start[0] == "TAB")
        var swapped = start
        swapped.swapAt(1, 2)
        let honest = try HiveFixture.exactScore(config, layout: swapped.joined(separator: " "))
        let accepted = hive.submitResult(lease, node: "node-a", nonce: "honest", layout: honest.layout, score: honest.score)
        #expect(accepted.status == 201)
        let alpha = start.indices.filter { (1...10).contains($0) || (13...22).contains($0) || (25...34).contains($0) }
        #expect(alpha.count == 30)
        var duplicated = start
        duplicated[3] = "r"
        var allE = start
        var allNone = start
        for key in alpha { allE[key] = "e"; allNone[key] = "NONE" }
        var outside = start
        outside.swapAt(0, 1)
        let forgeries: [(name: String, tokens: [String], mentions: String)] = [
            ("duplicated symbol", duplicated, "key 4 carries \"r\""),
            ("alpha all e", allE, "key 2 carries \"e\""),
            ("alpha all NONE", allNone, "key 1 carries NONE"),
            ("key outside the scope moved", outside, "key 0 is outside the job's scope"),
        ]
        for (index, forgery) in forgeries.enumerated() {
            let exact = try HiveFixture.exactScore(config, layout: forgery.tokens.joined(separator: " "))
            let refused = hive.submitResult(lease, node: "node-a", nonce: "forged-\(index)", layout: exact.layout, score: exact.score)
            #expect(refused.status == 422 && refused.json.errorCode == "not_a_rearrangement", "\(forgery.name): \(refused.status)")
            #expect(refused.json.errorMessage?.contains(forgery.mentions) == true, "\(forgery.name): \(refused.json.errorMessage ?? "")")
        }
        let status = try HiveJobStatus(json: hive.call("GET", "/jobs/\(job)", token: nil).json ?? .null)
        #expect(status.results == 1 && status.best?.layout == honest.layout && status.best?.score == honest.score)
        #expect(strikes(hive, node: "node-a") == 4)

        // A pinned key moved, on a job that pins q: refused as pinned, a fifth strike for the same node.
        let pinned = #"{"keyboard": "corne", "budget": {"units": 1, "steps_per_unit": 1000}, "search": {"seed": 304}, "pinned": ["q"]}"#
        _ = try hive.submit(pinned)
        let pinnedLease = try #require(try hive.lease(node: "node-a"))
        let moved = try HiveFixture.exactScore(pinned, layout: swapped.joined(separator: " "))
        let refused = hive.submitResult(pinnedLease, node: "node-a", nonce: "pinned", layout: moved.layout, score: moved.score)
        #expect(refused.status == 422 && refused.json.errorCode == "not_a_rearrangement")
        #expect(refused.json.errorMessage?.contains("key 1 is pinned to \"q\"") == true, "\(refused.json.errorMessage ?? "")")
        #expect(strikes(hive, node: "node-a") == 5)
    }

    @Test("a result naming another node than the lease holder is 409 not_lease_owner and not stored; the holder's is stored")
    func resultBoundToLeaseOwner() throws {
        let hive = try HiveResponderFixture()
        let config = testJobConfig(units: 1, seed: 404)
        let job = try hive.submit(config)
        let lease = try #require(try hive.lease(node: "node-a"))
        let honest = try HiveFixture.exactScore(config, layout: "qwerty")
        let stranger = hive.submitResult(lease, node: "node-b", nonce: "n1", layout: honest.layout, score: honest.score)
        #expect(stranger.status == 409 && stranger.json.errorCode == "not_lease_owner")
        #expect(try HiveJobStatus(json: hive.call("GET", "/jobs/\(job)", token: nil).json ?? .null).results == 0)
        #expect(hive.submitResult(lease, node: "node-a", nonce: "n1", layout: honest.layout, score: honest.score).status == 201)
    }

    @Test("a control character (NUL, newline, DEL, U+0085) in a string field of any hive message is 400 naming the field")
    func controlCharacters() throws {
        let hive = try HiveResponderFixture()
        let job = try hive.submit(testJobConfig(units: 1, seed: 505))
        let cases: [(path: String, body: String, code: String, field: String)] = [
            ("/nodes/register", #"{"node_id": "n", "cpu_signature": "x\u0000y", "cores": 1}"#, "invalid_node", "cpu_signature"),
            ("/nodes/register", #"{"node_id": "n\u0000", "cpu_signature": "x", "cores": 1}"#, "invalid_node", "node_id"),
            ("/nodes/register", #"{"node_id": "n", "cpu_signature": "x\ny", "cores": 1}"#, "invalid_node", "cpu_signature"),
            ("/nodes/register", #"{"node_id": "n", "cpu_signature": "x\u007F", "cores": 1}"#, "invalid_node", "cpu_signature"),
            ("/nodes/register", #"{"node_id": "n", "cpu_signature": "x\u0085", "cores": 1}"#, "invalid_node", "cpu_signature"),
            ("/nodes/heartbeat", #"{"node_id": "n\u0000"}"#, "invalid_node_id", "node_id"),
            ("/jobs/lease", #"{"node_id": "\u0000"}"#, "invalid_node_id", "node_id"),
            ("/jobs/\(job)/heartbeat", #"{"unit": 0, "lease_token": "t\u0000"}"#, "invalid_lease", "lease_token"),
            ("/jobs/\(job)/release", #"{"unit": 0, "lease_token": "t\u0000"}"#, "invalid_lease", "lease_token"),
            ("/results", HiveFixture.result(job: job, unit: 0, token: "t", node: "n", nonce: "n", layout: "q\u{0}", score: 1),
             "invalid_result", "layout"),
            ("/results", HiveFixture.result(job: job, unit: 0, token: "t\u{0}", node: "n", nonce: "n", layout: "q", score: 1),
             "invalid_result", "lease_token"),
        ]
        for item in cases {
            let answer = hive.call("POST", item.path, item.body)
            #expect(answer.status == 400 && answer.json.errorCode == item.code, "\(item.path) \(item.body): \(answer.status)")
            #expect(answer.json.errorMessage?.contains(item.field) == true, "\(answer.json.errorMessage ?? "no message")")
        }
        // A tab in the cpu signature is a control character too; a plain one is still registered.
        let plain = hive.call("POST", "/nodes/register", #"{"node_id": "n", "cpu_signature": "AMD EPYC 7763 64-Core", "cores": 1}"#)
        #expect(plain.status == 200 || plain.status == 201)
    }
}
