import KeyForgeAdapters
import KeyForgeSystem
import KeyForgeWire
import Testing
import KeyForgeServices

/// A job no node can prepare must not make agents spin nor starve other jobs: releases that say
/// `preparation_failure` back the job off, then fail it (`HivePreparationBackoff`).
@Suite("Hive: preparation failures through the responder")
struct HiveResponderPreparationTests {
    @Test("repeated preparation-failure releases back off and fail the job while another job is still leased")
    func backOffAndFail() throws {
        // Leases long enough to outlast every back-off: the other job's lease must stay valid throughout.
        let hive = try HiveResponderFixture(leaseSeconds: 3_600)
        let good = try hive.submit(testJobConfig(units: 2, seed: 501))
        let bad = try hive.submit(#"{"keyboard": "corne", "priority": 9, "budget": {"units": 1, "steps_per_unit": 1000}, "search": {"seed": 502}}"#)
        var lease = try #require(try hive.lease(node: "worker"))
        #expect(lease.jobID == bad, "the higher priority goes first")
        // The good job's first unit is leased now and held all along.
        let other = try #require(try hive.lease(node: "worker-other"))
        #expect(other.jobID == good)
        var leasesOfBad = 1
        for failure in 1...HivePreparationBackoff.maxFailures {
            let answer = hive.call("POST", "/jobs/\(bad)/release",
                                   message: HiveLeaseRenewal(unit: lease.unit, leaseToken: lease.leaseToken, preparationFailure: "no such corpus zz/none"))
            #expect(answer.status == 200)
            if failure == HivePreparationBackoff.maxFailures { break }
            // An agent spinning on leases while the job backs off gets only the other job's free unit.
            for _ in 0..<20 {
                guard let grant = try hive.lease(node: "spinner") else { continue }
                #expect(grant.jobID == good, "the bad job was leased during its back-off (failure \(failure))")
                hive.call("POST", "/jobs/\(grant.jobID)/release", message: HiveLeaseRenewal(unit: grant.unit, leaseToken: grant.leaseToken))
            }
            hive.advance(seconds: HivePreparationBackoff.delay(afterFailures: failure) + 0.5)
            lease = try #require(try hive.lease(node: "worker"))
            #expect(lease.jobID == bad, "the bad job has its turn again after the back-off")
            leasesOfBad += 1
        }
        #expect(leasesOfBad == HivePreparationBackoff.maxFailures)
        let status = try HiveJobStatus(json: hive.call("GET", "/jobs/\(bad)", token: nil).json ?? .null)
        #expect(status.status == "failed" && status.failureReason == "no such corpus zz/none" && status.isFinished)
        hive.advance(seconds: HivePreparationBackoff.maxSeconds * 2)
        for _ in 0..<5 { #expect(try hive.lease(node: "spinner")?.jobID != bad) }
        // The other job's lease was held all along and is still good.
        #expect(hive.call("POST", "/jobs/\(good)/heartbeat", message: HiveLeaseRenewal(unit: other.unit, leaseToken: other.leaseToken)).status == 200)
    }

    @Test("a preparation-failure reason that is empty or too long is refused as an invalid lease body (422), not a crash")
    func badReason() throws {
        let hive = try HiveResponderFixture()
        let job = try hive.submit(testJobConfig(units: 1, seed: 511))
        let lease = try #require(try hive.lease(node: "n"))
        for reason in ["", String(repeating: "x", count: HiveLeaseRenewal.maxReasonBytes + 1)] {
            let body = #"{"unit": \#(lease.unit), "lease_token": "\#(lease.leaseToken)", "preparation_failure": "\#(reason)"}"#
            let answer = hive.call("POST", "/jobs/\(job)/release", body)
            #expect(answer.status == 422 && answer.json.errorCode == "invalid_lease")
        }
    }
}
