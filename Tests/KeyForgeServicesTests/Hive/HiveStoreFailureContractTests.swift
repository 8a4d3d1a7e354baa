import KeyForgeAdapters
import KeyForgeSystem
import KeyForgeWire
import Testing
import KeyForgeServices

/// The preparation back-off of the store contract, on both stores, with the store's clock moved by
/// hand (no sleeping).
@Suite("HiveStore contract: preparation failures back off, then fail the job")
struct HiveStoreFailureContractTests {
    @Test("a preparation failure backs the job off (5 s doubling), another job keeps its turn, and the fifth failure fails it with the reason",
          arguments: HiveStoreKind.allCases)
    func backOffThenFail(kind: HiveStoreKind) throws {
        let clock = Locked<Double>(1_800_000_000)
        let store = try kind.make(now: { clock.withLock { $0 } })
        let bad = try storeJobConfig(units: 2, seed: 301, priority: 5)
        let good = try storeJobConfig(units: 3, seed: 302)
        _ = try store.createJob(bad)
        _ = try store.createJob(good)
        var expectedDelay = HivePreparationBackoff.initialSeconds
        for failure in 1..<HivePreparationBackoff.maxFailures {
            let lease = try #require(try store.lease(node: "n"))
            #expect(lease.jobID == bad.jobID, "the higher-priority job is leased first when it is not backing off")
            let outcome = try store.releaseForPreparationFailure(jobID: bad.jobID, unit: lease.unit, token: lease.token, reason: "no corpus x/y")
            let now = clock.withLock { $0 }
            #expect(outcome == .backedOff(failures: failure, retryAfter: now + expectedDelay))
            // While it backs off, the other job is leased.
            let other = try #require(try store.lease(node: "m"))
            #expect(other.jobID == good.jobID)
            #expect(try store.release(jobID: other.jobID, unit: other.unit, token: other.token))
            clock.withLock { $0 += expectedDelay - 0.5 }
            let waiting = try #require(try store.lease(node: "n"))
            #expect(waiting.jobID == good.jobID, "still backing off just before the delay ends")
            #expect(try store.release(jobID: waiting.jobID, unit: waiting.unit, token: waiting.token))
            clock.withLock { $0 += 1 }
            expectedDelay *= 2
        }
        let last = try #require(try store.lease(node: "n"))
        #expect(last.jobID == bad.jobID)
        #expect(try store.releaseForPreparationFailure(jobID: bad.jobID, unit: last.unit, token: last.token, reason: "no corpus x/y")
                == .failed(reason: "no corpus x/y"))
        let status = try #require(try store.jobStatus(bad.jobID))
        #expect(status.status == "failed" && status.failureReason == "no corpus x/y" && status.unitsLeased == 0 && status.finishedAt != nil)
        clock.withLock { $0 += HivePreparationBackoff.maxSeconds * 2 }
        for _ in 0..<4 { #expect(try store.lease(node: "n")?.jobID != bad.jobID) }
        #expect(try store.clusterCounts().jobsByStatus.first { $0.status == "failed" }?.count == 1)
        #expect(try store.cancel(bad.jobID) == false)
    }

    @Test("a preparation failure with a stale token changes nothing", arguments: HiveStoreKind.allCases)
    func staleToken(kind: HiveStoreKind) throws {
        let store = try kind.make()
        let job = try storeJobConfig(units: 1, seed: 311)
        _ = try store.createJob(job)
        let lease = try #require(try store.lease(node: "n"))
        #expect(try store.releaseForPreparationFailure(jobID: job.jobID, unit: lease.unit, token: "wrong", reason: "x") == nil)
        #expect(try store.renew(jobID: job.jobID, unit: lease.unit, token: lease.token))
    }

    @Test("the back-off doubles from 5 s and stops growing at 5 min")
    func delays() {
        #expect((1...9).map { HivePreparationBackoff.delay(afterFailures: $0) } == [5, 10, 20, 40, 80, 160, 300, 300, 300])
    }
}
