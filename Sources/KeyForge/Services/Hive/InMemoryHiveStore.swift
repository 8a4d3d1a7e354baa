import KeyForgeAdapters
import KeyForgeSystem
import KeyForgeWire

/// The hive's store in memory, with `SQLHiveStore`'s semantics (`HiveStoreContractTests` holds them
/// to one contract): the API's tests run on it without PostgreSQL (`HiveResponderFixture`).
///
/// Every operation takes the one lock for its whole length, which gives each the atomicity of the
/// SQL store's transaction. Time comes from `now` (Unix seconds), so lease expiry can be tested.
package final class InMemoryHiveStore: HiveStore {
    /// How long a lease lasts without a renewal.
    package let leaseSeconds: Int
    private let now: @Sendable () -> Double
    private let state = Locked(State())

    /// Creates an empty store.
    package init(leaseSeconds: Int = HiveLease.defaultSeconds, now: @escaping @Sendable () -> Double = WallClock.unixSeconds) {
        self.leaseSeconds = leaseSeconds
        self.now = now
    }

    /// Always answers.
    package func ping() throws(PostgresError) {}

    /// Registers a job once per config.
    package func createJob(_ config: JobConfig) throws(PostgresError) -> (id: String, isNew: Bool) {
        let id = config.jobID
        let time = now()
        return state.withLock { state in
            guard state.jobs[id] == nil else { return (id, false) }
            state.sequence += 1
            state.jobs[id] = Job(config: config, configJSON: JSONWriter.write(config.json), priority: config.priority,
                                 sequence: state.sequence, createdAt: time,
                                 units: Array(repeating: Unit(), count: config.budget.units))
            return (id, true)
        }
    }

    /// The job's config.
    package func config(of jobID: String) throws(PostgresError) -> JobConfig? {
        state.withLock { $0.jobs[jobID]?.config }
    }

    /// The job's status document.
    package func jobStatus(_ jobID: String) throws(PostgresError) -> HiveJobStatus? {
        state.withLock { state in
            guard let job = state.jobs[jobID] else { return nil }
            var best: HiveJobStatus.Best?
            if let score = job.bestScore, let id = job.bestResult, let result = state.results.first(where: { $0.id == id }) {
                best = HiveJobStatus.Best(score: Double(score) / 1000, scoreFixed: score, layout: result.layout, nodeID: result.nodeID,
                                          resultID: id)
            }
            return HiveJobStatus(jobID: jobID, status: job.status, priority: Int64(job.priority), unitsTotal: Int64(job.units.count),
                                 unitsDone: Int64(job.unitsDone), unitsLeased: Int64(job.units.count { $0.status == .leased }),
                                 results: Int64(state.results.count { $0.jobID == jobID }), best: best,
                                 createdAt: Self.timestamp(job.createdAt), startedAt: job.startedAt.map(Self.timestamp),
                                 finishedAt: job.finishedAt.map(Self.timestamp), config: job.config.json)
        }
    }

    /// The newest jobs first.
    package func listJobs(limit: Int) throws(PostgresError) -> [HiveJobSummary] {
        state.withLock { state in
            state.jobs.sorted { ($0.value.sequence, $1.key) > ($1.value.sequence, $0.key) }.prefix(max(limit, 0)).map { id, job in
                HiveJobSummary(jobID: id, status: job.status, keyboard: job.config.keyboard, unitsTotal: Int64(job.units.count),
                               unitsDone: Int64(job.unitsDone), bestScore: job.bestScore.map { Double($0) / 1000 },
                               createdAt: Self.timestamp(job.createdAt))
            }
        }
    }

    /// The best distinct layouts.
    package func population(_ jobID: String, limit: Int) throws(PostgresError) -> [HivePopulationEntry] {
        state.withLock { state in
            var best: [String: StoredResult] = [:]
            for result in state.results where result.jobID == jobID {
                if let kept = best[result.layout], (kept.score, kept.id) <= (result.score, result.id) { continue }
                best[result.layout] = result
            }
            return best.values.sorted { ($0.score, $0.layout) < ($1.score, $1.layout) }.prefix(max(limit, 0)).map {
                HivePopulationEntry(layout: $0.layout, score: Double($0.score) / 1000, nodeID: $0.nodeID)
            }
        }
    }

    /// Cancels a queued or running job.
    package func cancel(_ jobID: String) throws(PostgresError) -> Bool? {
        let time = now()
        return state.withLock { state in
            guard var job = state.jobs[jobID] else { return nil }
            guard job.isOpen else { return false }
            job.status = "cancelled"
            job.finishedAt = time
            for index in job.units.indices {
                job.units[index].token = nil
                if job.units[index].status != .done { job.units[index].status = .queued }
            }
            state.jobs[jobID] = job
            return true
        }
    }

    /// The job's best score.
    package func bestScore(of jobID: String) throws(PostgresError) -> Int64? {
        state.withLock { $0.jobs[jobID]?.bestScore }
    }

    /// Records a job event.
    package func record(_ event: HiveJobEvent) throws(PostgresError) {
        try state.withLock { state throws(PostgresError) in
            // As the SQL store's foreign key from job_events to jobs refuses it.
            guard state.jobs[event.jobID] != nil else { throw .query(sqlState: "23503", message: "no job \(event.jobID) for its event") }
            state.events.append(event)
        }
    }

    /// A job's events.
    package func events(of jobID: String) throws(PostgresError) -> [HiveJobEvent] {
        state.withLock { $0.events.filter { $0.jobID == jobID } }
    }

    // MARK: - Leases and results

    /// Leases the next open unit: highest priority, oldest job, lowest unit.
    package func lease(node: String) throws(PostgresError) -> HiveLease? {
        let time = now()
        let token = HiveLease.newToken()
        return state.withLock { state -> HiveLease? in
            let open = state.jobs.filter { $0.value.isOpen }
                .sorted { ($1.value.priority, $0.value.sequence, $0.key) < ($0.value.priority, $1.value.sequence, $1.key) }
            for (id, job) in open {
                guard let index = job.units.firstIndex(where: { unit in
                    unit.status == .queued || (unit.status == .leased && (unit.expiresAt ?? .infinity) < time)
                }) else { continue }
                var job = job
                job.units[index].status = .leased
                job.units[index].owner = node
                job.units[index].token = token
                job.units[index].expiresAt = time + Double(leaseSeconds)
                job.units[index].leases += 1
                job.status = "running"
                job.startedAt = job.startedAt ?? time
                state.jobs[id] = job
                return HiveLease(jobID: id, unit: index, token: token, configJSON: job.configJSON)
            }
            return nil
        }
    }

    /// Renews a current lease of an open job.
    package func renew(jobID: String, unit: Int, token: String) throws(PostgresError) -> Bool {
        let time = now()
        return state.withLock { state in
            guard var job = state.jobs[jobID], job.isOpen, job.units.indices.contains(unit),
                  job.units[unit].status == .leased, job.units[unit].token == token else { return false }
            job.units[unit].expiresAt = time + Double(leaseSeconds)
            state.jobs[jobID] = job
            return true
        }
    }

    /// Hands a current lease back.
    package func release(jobID: String, unit: Int, token: String) throws(PostgresError) -> Bool {
        state.withLock { state in
            guard var job = state.jobs[jobID], job.units.indices.contains(unit),
                  job.units[unit].status == .leased, job.units[unit].token == token else { return false }
            job.units[unit] = Unit(status: .queued, owner: nil, token: nil, expiresAt: nil, leases: job.units[unit].leases)
            state.jobs[jobID] = job
            return true
        }
    }

    /// Stores a verified result, as `SQLHiveStore.store` does in its transaction.
    package func store(_ result: VerifiedResult) throws(PostgresError) -> StoreOutcome {
        let time = now()
        return state.withLock { state in
            if let previous = state.results.first(where: {
                $0.jobID == result.jobID && $0.nodeID == result.nodeID && $0.nonce == result.nonce
            }) {
                return .duplicate(resultID: previous.id)
            }
            guard var job = state.jobs[result.jobID], job.units.indices.contains(result.unit) else { return .unknownJob }
            guard job.units[result.unit].status == .leased, job.units[result.unit].token == result.token else { return .staleLease }
            let id = Int64(state.results.count + 1)
            state.results.append(StoredResult(id: id, jobID: result.jobID, unit: result.unit, layout: result.layout, score: result.score,
                                              nodeID: result.nodeID, nonce: result.nonce))
            let isNewBest = job.bestScore.map { $0 > result.score } ?? true
            if isNewBest {
                job.bestScore = result.score
                job.bestResult = id
            }
            var status = "running"
            if result.isFinal {
                job.units[result.unit].status = .done
                job.units[result.unit].token = nil
                job.unitsDone += 1
                if job.unitsDone >= job.units.count {
                    if job.status == "running" { job.status = "done" }
                    job.finishedAt = time
                }
                status = job.status
            }
            state.jobs[result.jobID] = job
            return .stored(resultID: id, isNewBest: isNewBest, jobStatus: status)
        }
    }

    /// Records a node.
    package func registerNode(id: String, cpuSignature: String, cores: Int) throws(PostgresError) {
        let time = now()
        state.withLock { state in
            state.sequence += 1
            state.nodes[id] = Node(cpuSignature: cpuSignature, cores: cores, lastRegister: time, sequence: state.sequence)
        }
    }

    /// Writes a hardware profile.
    package func storeHardwareProfile(cpuSignature: String, cores: Int, profile: JSONValue) throws(PostgresError) {
        state.withLock { $0.profiles[cpuSignature] = (cores, profile) }
    }

    /// The profile stored for a CPU signature (tests read it; the SQL store's is a table).
    package func hardwareProfile(cpuSignature: String) -> JSONValue? {
        state.withLock { $0.profiles[cpuSignature]?.profile }
    }

    /// Counts for the cluster stats.
    package func clusterCounts() throws(PostgresError) -> HiveClusterCounts {
        state.withLock { state in
            let jobs = HiveClusterCounts.jobStatuses.map { status in (status, Int64(state.jobs.values.count { $0.status == status })) }
            let leased = state.jobs.values.reduce(0) { $0 + $1.units.count { $0.status == .leased } }
            let nodes = state.nodes.sorted { ($1.value.lastRegister, $1.value.sequence) < ($0.value.lastRegister, $0.value.sequence) }
                .prefix(HiveClusterCounts.nodeLimit).map { (id: $0.key, cores: Int64($0.value.cores)) }
            return HiveClusterCounts(jobsByStatus: jobs, results: Int64(state.results.count), unitsLeased: Int64(leased), nodes: Array(nodes))
        }
    }

    // MARK: - State

    /// One unit of a job.
    private struct Unit {
        enum Status { case queued, leased, done }  // job_units.status
        var status = Status.queued
        var owner: String?
        var token: String?
        var expiresAt: Double?
        var leases = 0
    }

    /// One job.
    private struct Job {
        var config: JobConfig
        var configJSON: String
        var priority: Int
        var sequence: Int
        var createdAt: Double
        var units: [Unit]
        var status = "queued"
        var unitsDone = 0
        var bestScore: Int64?
        var bestResult: Int64?
        var startedAt: Double?
        var finishedAt: Double?

        var isOpen: Bool { status == "queued" || status == "running" }
    }

    /// One stored result.
    private struct StoredResult {
        var id: Int64
        var jobID: String
        var unit: Int
        var layout: String
        var score: Int64
        var nodeID: String
        var nonce: String
    }

    /// One registered node.
    private struct Node {
        var cpuSignature: String
        var cores: Int
        var lastRegister: Double
        var sequence: Int
    }

    /// Everything, under the one lock.
    private struct State {
        var jobs: [String: Job] = [:]
        var results: [StoredResult] = []
        var nodes: [String: Node] = [:]
        var profiles: [String: (cores: Int, profile: JSONValue)] = [:]
        var events: [HiveJobEvent] = []
        /// Orders creations and registrations made within one clock tick.
        var sequence = 0
    }

    /// `YYYY-MM-DDTHH:MM:SSZ` of a Unix time, as the SQL store's `to_char` writes it.
    private static func timestamp(_ unixSeconds: Double) -> String {
        UTCTimestamp.format(unixSeconds: Int64(unixSeconds.rounded(.down)))
    }
}
