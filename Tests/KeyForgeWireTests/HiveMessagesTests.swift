import Glibc
import KeyForgeWire
import Testing

/// One of each message, with every optional field both present and absent.
private let samples: [any HiveMessage] = {
    let job = String(repeating: "ab", count: 32)
    let config: JSONValue = .object(JSONObject([("keyboard", .string("corne")), ("budget", .object(JSONObject([("units", .int(2))])))]))
    return [
        HiveNodeRegistration(nodeID: "node-1", cpuSignature: "AMD Ryzen 9 7950X", cores: 16,
                             profile: .object(JSONObject([("threads", .int(4))]))),
        HiveNodeRegistration(nodeID: "n", cpuSignature: "x", cores: 1),
        HiveNodeRegistered(nodeID: "node-1", isProfileStored: true),
        HiveNodeHeartbeat(nodeID: "node-1", stepsPerSecond: 1234.5, temperatureCelsius: 61.5, memoryBytes: 1 << 30, jobID: job),
        HiveNodeHeartbeat(nodeID: "node-1", stepsPerSecond: 0),
        HiveNodeHeartbeatAnswer(ttlSeconds: 30),
        HiveLeaseRequest(nodeID: "A.b_c-9"),
        HiveLeaseGrant(jobID: job, unit: 3, seed: -5, leaseToken: "0123abcd", leaseSeconds: 60, config: config),
        HiveLeaseRenewal(unit: 3, leaseToken: "0123abcd"),
        HiveLeaseRenewed(leaseSeconds: 60),
        HiveLeaseReleased(),
        HiveResultSubmission(jobID: job, unit: 0, leaseToken: "t", nodeID: "node-1", nonce: "node-1-0-abc", layout: "qwfpb arstd",
                             score: 1234.567, isFinal: true),
        HiveResultSubmission(jobID: job, unit: 99_999, leaseToken: "t", nodeID: "n", nonce: "n", layout: "", score: -0.5, isFinal: false),
        HiveResultAccepted(resultID: 7, score: 1234.567, isNewBest: false, jobStatus: "done"),
        HiveJobSubmitted(jobID: job, isNew: true),
        HiveJobCancelled(jobID: job),
        HiveJobStatus(jobID: job, status: "running", priority: 2, unitsTotal: 4, unitsDone: 1, unitsLeased: 2, results: 9,
                      best: .init(score: 1.5, scoreFixed: 1500, layout: "abc", nodeID: "n", resultID: 3),
                      createdAt: "2026-12-07T01:02:03Z", startedAt: "2026-12-07T01:02:04Z", finishedAt: nil, config: config),
        HiveJobStatus(jobID: job, status: "queued", priority: 0, unitsTotal: 1, unitsDone: 0, unitsLeased: 0, results: 0, best: nil,
                      createdAt: nil, startedAt: nil, finishedAt: nil, config: nil),
        HiveJobList(jobs: [HiveJobSummary(jobID: job, status: "done", keyboard: "corne", unitsTotal: 2, unitsDone: 2, bestScore: 1.25,
                                          createdAt: "2026-12-07T01:02:03Z"),
                           HiveJobSummary(jobID: job, status: "queued", keyboard: "corne", unitsTotal: 2, unitsDone: 0, bestScore: nil,
                                          createdAt: "2026-12-07T01:02:03Z")]),
        HiveJobList(jobs: []),
        HivePopulation(jobID: job, population: [HivePopulationEntry(layout: "abc", score: 1.5, nodeID: "n")]),
        HiveJobEvent(jobID: job, kind: .created),
        HiveJobEvent(jobID: job, kind: .cancelled),
        HiveJobEvent(jobID: job, kind: .lease(unit: 2, nodeID: "n")),
        HiveJobEvent(jobID: job, kind: .newBest(score: 1.5, layout: "abc", nodeID: "n", resultID: 4)),
        HiveJobEvent(jobID: job, kind: .done(score: 1.5)),
        HiveArchiveRequest(olderThanSeconds: 86_400, collections: ["results"], batchSize: 500),
        HiveArchiveRequest(olderThanSeconds: 0),
        HiveErrorBody(code: "stale_lease", message: "the lease of unit 0 is no longer yours"),
        HiveClusterStats(activeNodes: 1, totalStepsPerSecond: 1234.5,
                         jobs: [.init(status: "queued", count: 1), .init(status: "running", count: 0)], results: 3, unitsLeased: 1,
                         nodes: [.init(nodeID: "a", cores: 4, strikes: 3, isAlive: true, stepsPerSecond: 1234.5, jobID: nil, temperatureCelsius: 55,
                                       memoryBytes: 9),
                                 .init(nodeID: "b", cores: 2, isAlive: true, stepsPerSecond: 0, jobID: job),
                                 .init(nodeID: "c", cores: 1, isAlive: false)]),
        HiveJobKeyboard(jobID: job, name: "corne", keys: [.init(x: 0, y: 0.25, width: 1, height: 1, hand: 0, finger: 1, isHome: true)]),
    ]
}()

/// Reads `message`'s own JSON text back as its type.
private func readBack<Message: HiveMessage>(_ message: Message) throws -> Message {
    try Message(json: try JSONParser.parse(Array(JSONWriter.write(message.json).utf8)))
}

/// The decoding error of `text` as `type`, or nil when it decodes.
private func refusal(_ type: any HiveMessage.Type, _ text: String) throws -> HiveMessageError? {
    let value = try JSONParser.parse(Array(text.utf8))
    do { _ = try type.init(json: value) } catch { return error }
    return nil
}

@Suite("Hive messages")
struct HiveMessagesTests {
    @Test("every message reads back equal from its own JSON text")
    func roundTrip() throws {
        for sample in samples {
            let back = try readBack(sample)
            #expect(back.json == sample.json, "\(type(of: sample))")
            #expect(String(describing: back) == String(describing: sample))
        }
        let covered = Set(samples.map { String(describing: type(of: $0)) })
        #expect(covered == Set(HiveMessages.all.map { String(describing: $0) }), "a message type has no sample")
    }

    @Test("the wire names stay as the scripts and the dashboard read them")
    func fieldNames() {
        let job = String(repeating: "0", count: 64)
        let result = HiveResultSubmission(jobID: job, unit: 1, leaseToken: "t", nodeID: "n", nonce: "x", layout: "l", score: 2, isFinal: false)
        #expect(result.json.objectValue?.members.map(\.key) == ["job_id", "unit", "lease_token", "node_id", "nonce", "layout", "score", "final"])
        let event = HiveJobEvent(jobID: job, kind: .newBest(score: 1, layout: "l", nodeID: "n", resultID: 2))
        #expect(JSONWriter.write(event.json) == #"{"type":"new_best","score":1.0,"layout":"l","node_id":"n","result_id":2,"job_id":"\#(job)"}"#)
        #expect(JSONWriter.write(HiveErrorBody(code: "c", message: "m").json) == #"{"error":{"code":"c","message":"m"}}"#)
        // An alive node always carries job_id (null when idle); a silent one carries only its id, cores, strikes and alive.
        let stats = HiveClusterStats(activeNodes: 1, totalStepsPerSecond: 2, jobs: [.init(status: "queued", count: 1)], results: 0,
                                     unitsLeased: 0, nodes: [.init(nodeID: "a", cores: 1, isAlive: true, stepsPerSecond: 2),
                                                             .init(nodeID: "b", cores: 1, isAlive: false)])
        #expect(JSONWriter.write(stats.json) == #"{"active_nodes":1,"total_steps_per_second":2.0,"jobs":{"queued":1},"results":0,"units_leased":0,"nodes":[{"node_id":"a","cores":1,"strikes":0,"alive":true,"steps_per_second":2.0,"job_id":null},{"node_id":"b","cores":1,"strikes":0,"alive":false}]}"#)
        let grant = HiveLeaseGrant(jobID: job, unit: 0, seed: 1, leaseToken: "t", leaseSeconds: 60, config: .object(JSONObject()))
        #expect(grant.json.objectValue?.members.map(\.key) == ["job_id", "unit", "seed", "lease_token", "lease_seconds", "config"])
    }

    @Test("missing and invalid fields are refused by name, at the boundaries")
    func refusals() throws {
        let job = String(repeating: "a", count: 64)
        #expect(try refusal(HiveLeaseRequest.self, #"[]"#)?.message == "lease request: the body must be a JSON object (got array)")
        #expect(try refusal(HiveLeaseRequest.self, #"{}"#)?.message == "lease request: node_id is required (a string)")
        #expect(try refusal(HiveLeaseRequest.self, #"{"node_id": 1}"#)?.message == "lease request: node_id must be a string (got number)")
        #expect(try refusal(HiveLeaseRequest.self, #"{"node_id": ""}"#)?.field == "node_id")
        #expect(try refusal(HiveLeaseRequest.self, #"{"node_id": "\#(String(repeating: "n", count: 64))"}"#) == nil)
        #expect(try refusal(HiveLeaseRequest.self, #"{"node_id": "\#(String(repeating: "n", count: 65))"}"#)?.field == "node_id")
        #expect(try refusal(HiveLeaseRequest.self, #"{"node_id": "é"}"#)?.field == "node_id")
        let result = #"{"job_id": "\#(job)", "unit": UNIT, "lease_token": "t", "node_id": "n", "nonce": "x", "layout": "l", "score": 1}"#
        #expect(try refusal(HiveResultSubmission.self, result.replacingOccurrences(of: "UNIT", with: "99999")) == nil)
        #expect(try refusal(HiveResultSubmission.self, result.replacingOccurrences(of: "UNIT", with: "100000"))?.field == "unit")
        #expect(try refusal(HiveResultSubmission.self, result.replacingOccurrences(of: "UNIT", with: "-1"))?.field == "unit")
        #expect(try refusal(HiveResultSubmission.self, result.replacingOccurrences(of: "UNIT", with: "1.5"))?.field == "unit")
        #expect(try refusal(HiveResultSubmission.self, result.replacingOccurrences(of: "UNIT", with: "2.0")) == nil)
        #expect(try refusal(HiveResultSubmission.self, result.replacingOccurrences(of: "UNIT", with: "0").replacingOccurrences(of: "\"score\": 1", with: "\"score\": null"))?.field == "score")
        #expect(try refusal(HiveNodeRegistration.self, #"{"node_id": "n", "cpu_signature": "\#(String(repeating: "c", count: 256))", "cores": 4096}"#) == nil)
        #expect(try refusal(HiveNodeRegistration.self, #"{"node_id": "n", "cpu_signature": "\#(String(repeating: "c", count: 257))", "cores": 1}"#)?.field == "cpu_signature")
        #expect(try refusal(HiveNodeRegistration.self, #"{"node_id": "n", "cpu_signature": "c", "cores": 4097}"#)?.field == "cores")
        #expect(try refusal(HiveLeaseGrant.self, #"{"job_id": "\#(job.uppercased())", "unit": 0, "seed": 0, "lease_token": "t", "lease_seconds": 1, "config": {}}"#)?.field == "job_id")
        #expect(try refusal(HiveLeaseGrant.self, #"{"job_id": "\#(job)", "unit": 0, "seed": 0, "lease_token": "t", "lease_seconds": 1, "config": []}"#)?.field == "config")
        #expect(try refusal(HiveJobEvent.self, #"{"type": "exploded", "job_id": "\#(job)"}"#)?.field == "type")
        #expect(try refusal(HiveArchiveRequest.self, #"{"older_than_seconds": 1, "collections": []}"#)?.field == "collections")
        #expect(try refusal(HiveArchiveRequest.self, #"{"older_than_seconds": -1}"#)?.field == "older_than_seconds")
        #expect(try refusal(HiveErrorBody.self, #"{"error": "flat"}"#)?.field == "error")
    }

    @Test("a control character in a string field (NUL, LF, TAB, DEL, U+0085) is refused as malformed, naming the field and the character")
    func controlCharacters() throws {
        let job = String(repeating: "a", count: 64)
        let nul = try #require(try refusal(HiveNodeRegistration.self, #"{"node_id": "n", "cpu_signature": "a\u0000b", "cores": 1}"#))
        #expect(nul.isMalformed && nul.field == "cpu_signature")
        #expect(nul.message == "node registration: cpu_signature must not contain control characters (U+0000 at character 1)")
        for character in ["\\n", "\\t", "\\u007f", "\\u0085"] {
            let body = #"{"job_id": "\#(job)", "unit": 0, "lease_token": "t", "node_id": "n", "nonce": "x", "layout": "lCHAR", "score": 1}"#
            let error = try refusal(HiveResultSubmission.self, body.replacingOccurrences(of: "CHAR", with: character))
            #expect(error?.isMalformed == true && error?.field == "layout", "\(character)")
        }
        // Ordinary refusals stay 422 material; printable non-ASCII text is no control character.
        #expect(try refusal(HiveLeaseRequest.self, #"{"node_id": ""}"#)?.isMalformed == false)
        #expect(try refusal(HiveNodeRegistration.self, #"{"node_id": "n", "cpu_signature": "Ryzen™ é", "cores": 1}"#) == nil)
    }

    @Test("fields the hive has always read leniently stay lenient: telemetry, final, batch_size")
    func lenientFields() throws {
        let beat = try HiveNodeHeartbeat(json: JSONParser.parse(Array(#"{"node_id": "n", "steps_per_second": "x", "memory_bytes": 1.5}"#.utf8)))
        #expect(beat == HiveNodeHeartbeat(nodeID: "n", stepsPerSecond: 0))
        let job = String(repeating: "a", count: 64)
        let result = try HiveResultSubmission(json: JSONParser.parse(Array(
            #"{"job_id": "\#(job)", "unit": 0, "lease_token": "t", "node_id": "n", "nonce": "x", "layout": "l", "score": 1, "final": "yes"}"#.utf8)))
        #expect(!result.isFinal)
        let archive = try HiveArchiveRequest(json: JSONParser.parse(Array(#"{"older_than_seconds": 5, "batch_size": "big"}"#.utf8)))
        #expect(archive == HiveArchiveRequest(olderThanSeconds: 5))
    }

    @Test("each seed of FuzzHive (Tests/FuzzSeeds/hive) is a real body: it reads as at least one message")
    func fuzzSeeds() throws {
        let folder = String(#filePath.split(separator: "/", omittingEmptySubsequences: false).dropLast(2).joined(separator: "/")) + "/FuzzSeeds/hive"
        let names = ["archive", "error", "event", "heartbeat", "job-list", "job-status", "lease-grant", "lease-request", "register",
                     "renewal", "result", "result-accepted"]
        for name in names {
            guard let file = fopen("\(folder)/\(name).json", "r") else {
                Issue.record("no seed \(name).json")
                continue
            }
            defer { fclose(file) }
            var bytes: [UInt8] = []
            while case let byte = fgetc(file), byte != EOF { bytes.append(UInt8(byte)) }
            let value = try JSONParser.parse(bytes)
            #expect(HiveMessages.all.contains { (try? $0.init(json: value)) != nil }, "\(name).json reads as no message")
        }
    }
}
