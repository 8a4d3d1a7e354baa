import Glibc
import KeyForgeAdapters
import KeyForgeSystem
import KeyForgeTestSupport
import KeyForgeWire
import Testing
import KeyForgeServices

/// The two stores the contract runs against.
enum HiveStoreKind: String, CaseIterable, CustomTestStringConvertible {
    case sql, inMemory

    var testDescription: String { rawValue }

    /// A new, empty store: a fresh migrated database for SQL; `now` is the store's clock.
    func make(leaseSeconds: Int = 60, now: @escaping @Sendable () -> Double = WallClock.unixSeconds) throws -> any HiveStore {
        switch self {
        case .sql:
            var configuration = try PostgresConfiguration(url: try PostgresServerHarness.shared.createDatabase())
            configuration.poolSize = 2
            let pool = PostgresPool(configuration: configuration)
            _ = try PostgresMigrator.migrate(pool: pool, migrations: HiveMigrations.all, log: { _ in })
            return SQLHiveStore(pool: pool, leaseSeconds: leaseSeconds, now: now)
        case .inMemory:
            return InMemoryHiveStore(leaseSeconds: leaseSeconds, now: now)
        }
    }
}

/// A job config for the store tests (never scored, so its assets are not resolved).
func storeJobConfig(units: Int = 2, seed: Int, priority: Int = 0) throws -> JobConfig {
    try JobConfig(json: Array(#"{"keyboard": "corne", "budget": {"units": \#(units), "steps_per_unit": 1000}, "search": {"seed": \#(seed)}, "priority": \#(priority)}"#.utf8))
}

/// A verified result of `lease` with a score.
private func result(_ lease: HiveLease, node: String = "node-a", nonce: String, layout: String = "abc", score: Int64,
                    isFinal: Bool = false) -> VerifiedResult {
    VerifiedResult(jobID: lease.jobID, unit: lease.unit, token: lease.token, nodeID: node, nonce: nonce, layout: layout, score: score,
                   metrics: .object(JSONObject()), isFinal: isFinal)
}

@Suite("HiveStore contract (PostgreSQL and in memory)")
struct HiveStoreContractTests {
    @Test("a job is created once per config; its config, status and list line read back", arguments: HiveStoreKind.allCases)
    func jobs(kind: HiveStoreKind) throws {
        let store = try kind.make()
        let first = try storeJobConfig(units: 3, seed: 11)
        #expect(try store.createJob(first) == (first.jobID, true))
        #expect(try store.createJob(first) == (first.jobID, false))
        #expect(try store.config(of: first.jobID)?.jobID == first.jobID)
        #expect(try store.config(of: String(repeating: "0", count: 64)) == nil)
        #expect(try store.jobStatus(String(repeating: "0", count: 64)) == nil)
        let status = try #require(try store.jobStatus(first.jobID))
        #expect(status.status == "queued" && status.unitsTotal == 3 && status.unitsDone == 0 && status.unitsLeased == 0)
        #expect(status.results == 0 && status.best == nil && status.startedAt == nil && status.finishedAt == nil)
        #expect(status.createdAt?.count == 20 && status.createdAt?.hasSuffix("Z") == true)
        #expect(status.config?.objectValue?["keyboard"] == .string("corne"))
        let second = try storeJobConfig(seed: 12)
        _ = try store.createJob(second)
        let list = try store.listJobs(limit: 10)
        #expect(list.map(\.jobID) == [second.jobID, first.jobID])
        #expect(list.last?.unitsTotal == 3 && list.last?.keyboard == "corne" && list.last?.bestScore == nil)
        #expect(try store.listJobs(limit: 1).map(\.jobID) == [second.jobID])
        #expect(try store.bestScore(of: first.jobID) == nil)
    }

    @Test("leases go by priority, then the oldest job, then the lowest unit; the job starts running; none when all are out",
          arguments: HiveStoreKind.allCases)
    func leaseOrder(kind: HiveStoreKind) throws {
        let store = try kind.make()
        let low = try storeJobConfig(units: 1, seed: 21)
        let high = try storeJobConfig(units: 2, seed: 22, priority: 5)
        _ = try store.createJob(low)
        _ = try store.createJob(high)
        let first = try #require(try store.lease(node: "n1"))
        let second = try #require(try store.lease(node: "n2"))
        let third = try #require(try store.lease(node: "n3"))
        #expect([first.jobID, second.jobID, third.jobID] == [high.jobID, high.jobID, low.jobID])
        #expect([first.unit, second.unit, third.unit] == [0, 1, 0])
        #expect(first.token != second.token && first.token.count == 32)
        #expect(try JobConfig(json: Array(first.configJSON.utf8)).jobID == high.jobID)
        #expect(try store.lease(node: "n4") == nil)
        let status = try #require(try store.jobStatus(high.jobID))
        #expect(status.status == "running" && status.unitsLeased == 2 && status.startedAt != nil)
    }

    @Test("renew and release need the current token; a released unit is leased again", arguments: HiveStoreKind.allCases)
    func renewAndRelease(kind: HiveStoreKind) throws {
        let store = try kind.make()
        let job = try storeJobConfig(units: 1, seed: 31)
        _ = try store.createJob(job)
        let lease = try #require(try store.lease(node: "n1"))
        #expect(try store.renew(jobID: job.jobID, unit: 0, token: lease.token))
        #expect(try !store.renew(jobID: job.jobID, unit: 0, token: "wrong"))
        #expect(try !store.renew(jobID: job.jobID, unit: 1, token: lease.token))
        #expect(try !store.release(jobID: job.jobID, unit: 0, token: "wrong"))
        #expect(try store.release(jobID: job.jobID, unit: 0, token: lease.token))
        #expect(try !store.release(jobID: job.jobID, unit: 0, token: lease.token))
        #expect(try !store.renew(jobID: job.jobID, unit: 0, token: lease.token))
        let again = try #require(try store.lease(node: "n2"))
        #expect(again.unit == 0 && again.token != lease.token)
    }

    @Test("an expired lease is leased again with a new token; the old token is stale for renewals and results",
          arguments: HiveStoreKind.allCases)
    func leaseExpiry(kind: HiveStoreKind) throws {
        let store = try kind.make(leaseSeconds: 1)
        let job = try storeJobConfig(units: 1, seed: 41)
        _ = try store.createJob(job)
        let first = try #require(try store.lease(node: "slow"))
        #expect(try store.lease(node: "other") == nil)
        usleep(2_200_000)
        let second = try #require(try store.lease(node: "other"))
        #expect(second.unit == first.unit && second.token != first.token)
        #expect(try !store.renew(jobID: job.jobID, unit: 0, token: first.token))
        #expect(try store.store(result(first, node: "slow", nonce: "late", score: 5)) == .staleLease)
        #expect(try store.store(result(second, node: "other", nonce: "on-time", score: 5)) != .staleLease)
    }

    @Test("results: stored, idempotent by (job, node, nonce), stale and unknown refused; the best is the lowest score",
          arguments: HiveStoreKind.allCases)
    func results(kind: HiveStoreKind) throws {
        let store = try kind.make()
        let job = try storeJobConfig(units: 1, seed: 51)
        _ = try store.createJob(job)
        let lease = try #require(try store.lease(node: "node-a"))
        guard case .stored(let firstID, true, "running") = try store.store(result(lease, nonce: "n1", layout: "x", score: 900)) else {
            Issue.record("the first result is not stored as the new best")
            return
        }
        #expect(try store.store(result(lease, nonce: "n1", layout: "other", score: 1)) == .duplicate(resultID: firstID))
        // The same nonce from another node is no duplicate, but a result is bound to the node holding its lease.
        #expect(try store.store(result(lease, node: "node-b", nonce: "n1", layout: "y", score: 950)) == .notLeaseOwner)
        guard case .stored(_, false, _) = try store.store(result(lease, nonce: "n1b", layout: "y", score: 950)) else {
            Issue.record("a worse result is not stored")
            return
        }
        guard case .stored(let bestID, true, _) = try store.store(result(lease, nonce: "n2", layout: "z", score: 800)) else {
            Issue.record("a better result is not the new best")
            return
        }
        #expect(try store.store(result(lease, nonce: "n3", layout: "x", score: 900)).isStored)
        // A tie is no new best: the first result to reach a score keeps it.
        guard case .stored(_, false, _) = try store.store(result(lease, nonce: "n3b", layout: "w", score: 800)) else {
            Issue.record("a result tying the best is stored as a new best, or not stored")
            return
        }
        #expect(try store.bestScore(of: job.jobID) == 800)
        var stale = result(lease, nonce: "n4", score: 1)
        stale.token = "0000"
        #expect(try store.store(stale) == .staleLease)
        var noUnit = result(lease, nonce: "n5", score: 1)
        noUnit.unit = 7
        #expect(try store.store(noUnit) == .unknownJob)
        var noJob = result(lease, nonce: "n6", score: 1)
        noJob.jobID = String(repeating: "0", count: 64)
        #expect(try store.store(noJob) == .unknownJob)
        let status = try #require(try store.jobStatus(job.jobID))
        #expect(status.results == 5)
        #expect(status.best == HiveJobStatus.Best(score: 0.8, scoreFixed: 800, layout: "z", nodeID: "node-a", resultID: bestID))
        // One entry per layout at its best score (x twice at 900: once), best first, ties by layout.
        let population = try store.population(job.jobID, limit: 10)
        #expect(population.map(\.layout) == ["w", "z", "x", "y"] && population.map(\.score) == [0.8, 0.8, 0.9, 0.95])
        #expect(try store.population(job.jobID, limit: 2).count == 2)
    }

    @Test("a final result finishes its unit; the last one finishes the job, and its unit is leased no more",
          arguments: HiveStoreKind.allCases)
    func completion(kind: HiveStoreKind) throws {
        let store = try kind.make()
        let job = try storeJobConfig(units: 2, seed: 61)
        _ = try store.createJob(job)
        let first = try #require(try store.lease(node: "a"))
        let second = try #require(try store.lease(node: "b"))
        guard case .stored(_, true, "running") = try store.store(result(first, node: "a", nonce: "f1", score: 10, isFinal: true)) else {
            Issue.record("a final result that is not the last does not leave the job running")
            return
        }
        #expect(try store.store(result(first, node: "a", nonce: "f1-late", score: 5)) == .staleLease)
        guard case .stored(_, false, "done") = try store.store(result(second, node: "b", nonce: "f2", score: 20, isFinal: true)) else {
            Issue.record("the last final result does not finish the job")
            return
        }
        let status = try #require(try store.jobStatus(job.jobID))
        #expect(status.status == "done" && status.unitsDone == 2 && status.unitsLeased == 0 && status.finishedAt != nil)
        #expect(try store.lease(node: "c") == nil)
        #expect(try store.cancel(job.jobID) == false)
    }

    @Test("cancel: true once, then false; nil for no job; leases end and no unit is leased again", arguments: HiveStoreKind.allCases)
    func cancel(kind: HiveStoreKind) throws {
        let store = try kind.make()
        let job = try storeJobConfig(units: 3, seed: 71)
        _ = try store.createJob(job)
        let lease = try #require(try store.lease(node: "a"))
        #expect(try store.cancel(job.jobID) == true)
        #expect(try store.cancel(job.jobID) == false)
        #expect(try store.cancel(String(repeating: "0", count: 64)) == nil)
        #expect(try store.lease(node: "a") == nil)
        #expect(try !store.renew(jobID: job.jobID, unit: lease.unit, token: lease.token))
        #expect(try store.store(result(lease, nonce: "after", score: 1)) == .staleLease)
        let status = try #require(try store.jobStatus(job.jobID))
        #expect(status.status == "cancelled" && status.unitsLeased == 0 && status.finishedAt != nil)
    }

    @Test("cluster counts: jobs by every status, results, leased units, nodes newest registration first",
          arguments: HiveStoreKind.allCases)
    func counts(kind: HiveStoreKind) throws {
        let store = try kind.make()
        let running = try storeJobConfig(units: 2, seed: 81)
        let cancelled = try storeJobConfig(units: 1, seed: 82)
        _ = try store.createJob(running)
        let lease = try #require(try store.lease(node: "a"))
        _ = try store.createJob(cancelled)
        _ = try store.cancel(cancelled.jobID)
        _ = try store.createJob(try storeJobConfig(units: 1, seed: 83))
        _ = try store.store(result(lease, node: "a", nonce: "c1", score: 3))
        try store.registerNode(id: "old", cpuSignature: "cpu", cores: 2)
        usleep(20_000)
        try store.registerNode(id: "new", cpuSignature: "cpu", cores: 4)
        usleep(20_000)
        try store.registerNode(id: "old", cpuSignature: "cpu2", cores: 8)
        try store.storeHardwareProfile(cpuSignature: "cpu", cores: 4, profile: .object(JSONObject([("x", .int(1))])))
        let counts = try store.clusterCounts()
        #expect(counts.jobsByStatus.map(\.status) == HiveClusterCounts.jobStatuses)
        #expect(counts.jobsByStatus.map(\.count) == [1, 1, 0, 1, 0])
        #expect(counts.results == 1 && counts.unitsLeased == 1)
        #expect(counts.nodes.map(\.id) == ["old", "new"] && counts.nodes.map(\.cores) == [8, 4])
    }

    @Test("strikes count against the holder of the current lease only, and show in the cluster counts (zero for a clean node)",
          arguments: HiveStoreKind.allCases)
    func strikes(kind: HiveStoreKind) throws {
        let store = try kind.make()
        let job = try storeJobConfig(units: 2, seed: 85)
        _ = try store.createJob(job)
        let lease = try #require(try store.lease(node: "cheat"))
        _ = try #require(try store.lease(node: "clean"))
        try store.registerNode(id: "clean", cpuSignature: "cpu", cores: 2)
        try store.registerNode(id: "cheat", cpuSignature: "cpu", cores: 2)
        #expect(try store.recordStrike(jobID: job.jobID, unit: lease.unit, token: lease.token, reason: "key 1")
                == NodeStrikes(nodeID: "cheat", strikes: 1))
        #expect(try store.recordStrike(jobID: job.jobID, unit: lease.unit, token: lease.token, reason: "key 2")
                == NodeStrikes(nodeID: "cheat", strikes: 2))
        // A token that is not the unit's current lease strikes nobody.
        #expect(try store.recordStrike(jobID: job.jobID, unit: lease.unit, token: "0000", reason: "x") == nil)
        #expect(try store.recordStrike(jobID: job.jobID, unit: 7, token: lease.token, reason: "x") == nil)
        let counts = try store.clusterCounts()
        let byNode = Dictionary(uniqueKeysWithValues: counts.nodes.map { ($0.id, $0.strikes) })
        #expect(byNode == ["cheat": 2, "clean": 0])
        #expect(counts.results == 0)
    }

    @Test("job events are kept in order, per job, and only for jobs the store has", arguments: HiveStoreKind.allCases)
    func events(kind: HiveStoreKind) throws {
        let store = try kind.make()
        let job = try storeJobConfig(seed: 91)
        let other = try storeJobConfig(seed: 92)
        _ = try store.createJob(job)
        let events = [HiveJobEvent(jobID: job.jobID, kind: .created),
                      HiveJobEvent(jobID: job.jobID, kind: .lease(unit: 1, nodeID: "n")),
                      HiveJobEvent(jobID: job.jobID, kind: .newBest(score: 1.5, layout: "abc", nodeID: "n", resultID: 3)),
                      HiveJobEvent(jobID: job.jobID, kind: .done(score: 1.5))]
        for event in events { try store.record(event) }
        // An event of a job the store does not have is refused (the SQL store's foreign key).
        #expect(throws: PostgresError.self) { try store.record(HiveJobEvent(jobID: other.jobID, kind: .cancelled)) }
        #expect(try store.events(of: other.jobID).isEmpty)
        _ = try store.createJob(other)
        try store.record(HiveJobEvent(jobID: other.jobID, kind: .cancelled))
        #expect(try store.events(of: job.jobID) == events)
        #expect(try store.events(of: other.jobID) == [HiveJobEvent(jobID: other.jobID, kind: .cancelled)])
        try store.ping()
    }
}

private extension StoreOutcome {
    var isStored: Bool {
        if case .stored = self { return true }
        return false
    }
}
