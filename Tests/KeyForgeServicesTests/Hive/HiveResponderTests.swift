import KeyForgeAdapters
import KeyForgeCore
import KeyForgeSystem
import KeyForgeWire
import Testing
import KeyForgeServices

/// The hive's API through its responder, without a socket (the live wiring is `HiveAPITests`).
@Suite("Hive API through the responder (in-memory store, in-process coordinator)")
struct HiveResponderTests {
    @Test("a job submitted twice has one id (201 then 200); reads are public; bad ids are 400, unknown ones 404")
    func submitAndRead() throws {
        let hive = try HiveResponderFixture()
        let config = testJobConfig(seed: 101)
        let first = hive.call("POST", "/jobs", config)
        #expect(first.status == 201)
        let submitted = try HiveJobSubmitted(json: first.json ?? .null)
        let expectedID = try JobConfig(json: Array(config.utf8)).jobID
        #expect(submitted.isNew && submitted.jobID == expectedID)
        let second = hive.call("POST", "/jobs", config)
        let again = try HiveJobSubmitted(json: second.json ?? .null)
        #expect(second.status == 200 && again == HiveJobSubmitted(jobID: submitted.jobID, isNew: false))
        let status = try HiveJobStatus(json: hive.call("GET", "/jobs/\(submitted.jobID)", token: nil).json ?? .null)
        #expect(status.status == "queued" && status.unitsTotal == 2 && status.best == nil)
        #expect(try HiveJobList(json: hive.call("GET", "/jobs", token: nil).json ?? .null).jobs.map(\.jobID) == [submitted.jobID])
        let unknown = String(repeating: "0", count: 64)
        for path in ["/jobs/\(unknown)", "/jobs/\(unknown)/population", "/jobs/\(unknown)/keyboard"] {
            let answer = hive.call("GET", path, token: nil)
            #expect(answer.status == 404 && answer.json.errorCode == "no_such_job", "\(path)")
        }
        #expect(hive.call("GET", "/jobs/not-an-id", token: nil).json.errorCode == "invalid_job_id")
        #expect(hive.call("GET", "/jobs/\(String(repeating: "A", count: 64))", token: nil).status == 400)
        #expect(hive.call("POST", "/jobs", #"{"keyboard": "nope", "budget": {"units": 1, "steps_per_unit": 1}}"#).status == 422)
        #expect(hive.call("POST", "/jobs", #"{"keyboard": "corne""#).status == 400)
        #expect(try hive.store.events(of: submitted.jobID).map(\.kind) == [.created])
        let keyboard = try HiveJobKeyboard(json: hive.call("GET", "/jobs/\(submitted.jobID)/keyboard", token: nil).json ?? .null)
        #expect(keyboard.jobID == submitted.jobID && keyboard.name == "corne" && keyboard.keys.count > 30)
    }

    @Test("RFC 6750: 401 with a challenge, 400 for a malformed header, 429 after repeated bad tokens from one address only")
    func authentication() throws {
        let hive = try HiveResponderFixture()
        let missing = hive.call("POST", "/jobs", testJobConfig(), token: nil)
        #expect(missing.status == 401 && missing.json.errorCode == "unauthorized")
        #expect(missing.headers["WWW-Authenticate"] == "Bearer realm=\"keyforge\"")
        let malformed = hive.call("POST", "/jobs", testJobConfig(), token: nil, headers: [("Authorization", "Basic abc")])
        #expect(malformed.status == 400 && malformed.headers["WWW-Authenticate"]?.contains("invalid_request") == true)
        for _ in 0..<HiveAuth.maxFailuresPerWindow {
            let wrong = hive.call("POST", "/jobs", testJobConfig(), token: "wrong")
            #expect(wrong.status == 401 && wrong.headers["WWW-Authenticate"]?.contains("invalid_token") == true)
        }
        let limited = hive.call("POST", "/jobs", testJobConfig(), token: "wrong")
        #expect(limited.status == 429 && limited.headers["Retry-After"] != nil)
        // Another address is not held up; once the window has passed, that address's wrong tokens are 401 again.
        #expect(hive.call("POST", "/jobs", testJobConfig(), token: "wrong", address: "192.0.2.2").status == 401)
        hive.advance(seconds: HiveAuth.windowSeconds)
        #expect(hive.call("POST", "/jobs", testJobConfig(), token: "wrong").status == 401)
    }

    @Test("ten wrong tokens then the right one from the same address: the right one is allowed, only wrong ones get 429")
    func lockoutNeverRefusesTheRightSecret() throws {
        let hive = try HiveResponderFixture()
        for _ in 0..<HiveAuth.maxFailuresPerWindow { #expect(hive.call("POST", "/jobs", testJobConfig(), token: "wrong").status == 401) }
        #expect(hive.call("POST", "/jobs", testJobConfig(), token: "wrong").status == 429)
        #expect(hive.call("POST", "/jobs", testJobConfig()).status == 201)
        #expect(hive.call("POST", "/jobs/lease", message: HiveLeaseRequest(nodeID: "node-a")).status == 200)
        // Still locked for wrong tokens: the right one did not reset the count.
        let limited = hive.call("POST", "/jobs", testJobConfig(), token: "still-wrong")
        #expect(limited.status == 429 && limited.json.errorCode == "too_many_attempts" && limited.headers["Retry-After"] != nil)
    }

    @Test("every route that writes, and the cluster stats and archive, needs the secret")
    func protectedRoutes() throws {
        let hive = try HiveResponderFixture()
        let job = String(repeating: "a", count: 64)
        for (method, path) in [("POST", "/jobs"), ("DELETE", "/jobs/\(job)"), ("POST", "/jobs/lease"), ("POST", "/jobs/\(job)/heartbeat"),
                               ("POST", "/jobs/\(job)/release"), ("POST", "/results"), ("POST", "/nodes/register"),
                               ("POST", "/nodes/heartbeat"), ("GET", "/archive"), ("POST", "/archive"), ("GET", "/cluster/stats")] {
            #expect(hive.call(method, path, "{}", token: nil).status == 401, "\(method) \(path)")
        }
        for path in ["/jobs", "/health", "/metrics", "/"] { #expect(hive.call("GET", path, token: nil).status == 200, "\(path)") }
        #expect(hive.call("GET", "/health", token: nil).json == .object(JSONObject([("database", .string("ok")), ("status", .string("ok"))])))
        #expect(hive.call("PUT", "/jobs", "{}").status == 405)
        #expect(hive.call("GET", "/nowhere").status == 404)
        let disabled = hive.call("POST", "/archive", #"{"older_than_seconds": 1}"#)
        #expect(disabled.status == 503 && disabled.json.errorCode == "archive_disabled")
    }

    @Test("an expired lease goes back to the queue: re-leased with a new token; the old one is stale for heartbeats and results")
    func leaseExpiry() throws {
        let hive = try HiveResponderFixture(leaseSeconds: 30)
        let config = testJobConfig(units: 1, seed: 303)
        let job = try hive.submit(config)
        let first = try #require(try hive.lease(node: "slow-node"))
        #expect(first.leaseSeconds == 30 && first.jobID == job)
        #expect(try hive.lease(node: "other") == nil)
        let renewal = HiveLeaseRenewal(unit: 0, leaseToken: first.leaseToken)
        let renewed = hive.call("POST", "/jobs/\(job)/heartbeat", message: renewal)
        let renewedAnswer = try HiveLeaseRenewed(json: renewed.json ?? .null)
        #expect(renewed.status == 200 && renewedAnswer.leaseSeconds == 30)
        hive.advance(seconds: 20)
        #expect(hive.call("POST", "/jobs/\(job)/heartbeat", message: renewal).status == 200)
        hive.advance(seconds: 20)
        #expect(try hive.lease(node: "other") == nil, "a renewed lease expired early")
        hive.advance(seconds: 11)
        let second = try #require(try hive.lease(node: "other"))
        #expect(second.unit == first.unit && second.leaseToken != first.leaseToken)
        let stale = hive.call("POST", "/jobs/\(job)/heartbeat", message: renewal)
        #expect(stale.status == 409 && stale.json.errorCode == "stale_lease")
        let honest = try HiveFixture.exactScore(config, layout: "qwerty")
        #expect(hive.submitResult(first, node: "slow-node", nonce: "late", layout: honest.layout, score: honest.score).status == 409)
        #expect(hive.call("POST", "/jobs/\(job)/release", message: renewal).status == 409)
        let released = hive.call("POST", "/jobs/\(job)/release", message: HiveLeaseRenewal(unit: 0, leaseToken: second.leaseToken))
        #expect(released.status == 200 && released.json == HiveLeaseReleased().json)
        #expect(try hive.lease(node: "third")?.unit == 0)
    }

    @Test("cancel: 200, then leases stop; cancelling again is 409; an unknown job is 404")
    func cancel() throws {
        let hive = try HiveResponderFixture()
        let job = try hive.submit(testJobConfig(units: 3, seed: 404))
        let answer = hive.call("DELETE", "/jobs/\(job)")
        #expect(answer.status == 200 && answer.json == HiveJobCancelled(jobID: job).json)
        #expect(try hive.lease(node: "n") == nil)
        #expect(hive.call("DELETE", "/jobs/\(job)").json.errorCode == "job_finished")
        #expect(hive.call("DELETE", "/jobs/\(String(repeating: "0", count: 64))").status == 404)
        #expect(try hive.store.events(of: job).map(\.kind) == [.created, .cancelled])
    }
}

/// A small job for tests: corne, the default corpus, `units` step-budget units.
func testJobConfig(units: Int = 2, seed: Int = 1) -> String {
    #"{"keyboard": "corne", "budget": {"units": \#(units), "steps_per_unit": 1000}, "search": {"seed": \#(seed)}}"#
}
