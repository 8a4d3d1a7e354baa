import KeyForgeAdapters
import KeyForgeSystem
import KeyForgeWire

/// The hive's store in memory, with `SQLHiveStore`'s semantics (`HiveStoreContractTests` holds them
/// to one contract): for tests of the API without PostgreSQL, and a single-process hive.
///
/// Every operation takes the one lock for its whole length, which gives each the atomicity of the
/// SQL store's transaction. Time comes from `now` (Unix seconds), so lease expiry can be tested.
package final class InMemoryHiveStore: HiveStore {
    /// How long a lease lasts without a renewal.
    package let leaseSeconds: Int
    // Internal, not private: the extensions in InMemoryHiveStore+Work.swift share them.
    let now: @Sendable () -> Double
    let state = Locked(State())

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

    // MARK: - State

    /// One unit of a job.
    struct Unit {
        enum Status { case queued, leased, done }
        var status = Status.queued
        var owner: String?
        var token: String?
        var expiresAt: Double?
        var leases = 0
    }

    /// One job.
    struct Job {
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
    struct StoredResult {
        var id: Int64
        var jobID: String
        var unit: Int
        var layout: String
        var score: Int64
        var nodeID: String
        var nonce: String
    }

    /// One registered node.
    struct Node {
        var cpuSignature: String
        var cores: Int
        var lastRegister: Double
        var sequence: Int
    }

    /// Everything, under the one lock.
    struct State {
        var jobs: [String: Job] = [:]
        var results: [StoredResult] = []
        var nodes: [String: Node] = [:]
        var profiles: [String: (cores: Int, profile: JSONValue)] = [:]
        var events: [HiveJobEvent] = []
        /// Orders creations and registrations made within one clock tick.
        var sequence = 0
    }

    /// `YYYY-MM-DDTHH:MM:SSZ` of a Unix time, as the SQL store's `to_char` writes it.
    static func timestamp(_ unixSeconds: Double) -> String {
        let seconds = Int64(unixSeconds.rounded(.down))
        let days = seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400
        let secondOfDay = seconds - days * 86_400
        // Days to a civil date (the proleptic Gregorian calendar), by eras of 400 years.
        let shifted = days + 719_468
        let era = (shifted >= 0 ? shifted : shifted - 146_096) / 146_097
        let dayOfEra = shifted - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthIndex = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * monthIndex + 2) / 5 + 1
        let month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9
        let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
        func two(_ value: Int64) -> String { value < 10 ? "0\(value)" : String(value) }
        return "\(year)-\(two(month))-\(two(day))T\(two(secondOfDay / 3600)):\(two(secondOfDay % 3600 / 60)):\(two(secondOfDay % 60))Z"
    }
}
