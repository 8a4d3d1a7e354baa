import KeyForgeAdapters
import KeyForgeWire

/// What the hive keeps: jobs, their units and leases, verified results, nodes, and job events.
///
/// Two implementations keep the same contract (`HiveStoreContractTests` runs one suite against
/// both): `SQLHiveStore` over PostgreSQL, the hive's, and `InMemoryHiveStore`, for tests of the API
/// without a database. Failures are `PostgresError`s because that is what the API maps to statuses
/// (`unavailable` is 503 with Retry-After, anything else 500); the in-memory store never throws.
package protocol HiveStore: Sendable {
    /// How long a lease lasts without a renewal, in seconds.
    var leaseSeconds: Int { get }

    /// Succeeds when the store answers (`GET /health`).
    func ping() throws(PostgresError)

    /// Registers a job; the same config twice gives the same id and `isNew` false the second time.
    func createJob(_ config: JobConfig) throws(PostgresError) -> (id: String, isNew: Bool)
    /// The stored config of a job, or nil when there is no such job.
    func config(of jobID: String) throws(PostgresError) -> JobConfig?
    /// A job's status document (`GET /jobs/{id}`), or nil.
    func jobStatus(_ jobID: String) throws(PostgresError) -> HiveJobStatus?
    /// The newest jobs first, at most `limit` (`GET /jobs`).
    func listJobs(limit: Int) throws(PostgresError) -> [HiveJobSummary]
    /// The best distinct layouts of a job, best first, at most `limit`; each layout's best score,
    /// from the earliest result that reached it.
    func population(_ jobID: String, limit: Int) throws(PostgresError) -> [HivePopulationEntry]
    /// Cancels a queued or running job (its units go back to queued, done ones stay done, leases end);
    /// nil when there is no such job, false when it had already finished.
    func cancel(_ jobID: String) throws(PostgresError) -> Bool?
    /// The job's best score (fixed point), nil before its first result or for no such job.
    func bestScore(of jobID: String) throws(PostgresError) -> Int64?

    /// Leases the next open unit to `node`: a queued unit, or a leased one whose lease expired, of the
    /// highest priority, oldest job, lowest unit, skipping jobs in preparation back-off; the job becomes
    /// `running`. Nil when there is no work.
    func lease(node: String) throws(PostgresError) -> HiveLease?
    /// Renews a lease; false when the token is not the unit's current lease or the job is over.
    func renew(jobID: String, unit: Int, token: String) throws(PostgresError) -> Bool
    /// Hands a leased unit back to the queue; false when the token is not the unit's current lease.
    func release(jobID: String, unit: Int, token: String) throws(PostgresError) -> Bool
    /// Hands a leased unit back because the node could not prepare the job: the job backs off
    /// (`HivePreparationBackoff`), or is `failed` with `reason` after too many failures (its leases end).
    /// Nil when the token is not the unit's current lease.
    func releaseForPreparationFailure(jobID: String, unit: Int, token: String, reason: String) throws(PostgresError)
        -> PreparationFailureOutcome?
    /// Stores a verified result atomically: idempotent by (job, node, nonce), then the lease check (the
    /// token is the unit's current lease, held by the result's node), the job's best (lower is better),
    /// and with `isFinal` the unit's and the job's completion.
    func store(_ result: VerifiedResult) throws(PostgresError) -> StoreOutcome
    /// Adds a strike against the node holding the unit's current lease `token` (a result that is not a
    /// rearrangement of the job's start layout) and returns its strikes so far; nil, with nothing
    /// recorded, when the token is not the unit's current lease. Strikes are counted and shown only
    /// (docs/OPERATIONS.md, "Result integrity").
    func recordStrike(jobID: String, unit: Int, token: String, reason: String) throws(PostgresError) -> NodeStrikes?

    /// Records a node (insert, or refresh its signature and cores and its registration time).
    func registerNode(id: String, cpuSignature: String, cores: Int) throws(PostgresError)
    /// Writes the hardware profile of a CPU signature (replacing an older one).
    func storeHardwareProfile(cpuSignature: String, cores: Int, profile: JSONValue) throws(PostgresError)
    /// Counts for `GET /cluster/stats`.
    func clusterCounts() throws(PostgresError) -> HiveClusterCounts

    /// Keeps a job event (`job_events`).
    func record(_ event: HiveJobEvent) throws(PostgresError)
    /// A job's kept events, oldest first.
    func events(of jobID: String) throws(PostgresError) -> [HiveJobEvent]
}

/// A unit of work handed to a node.
package struct HiveLease: Sendable {
    /// How long a lease lasts without a renewal, unless the hive is told otherwise.
    package static let defaultSeconds = 60

    /// The job.
    package var jobID: String
    /// The unit within the job (its seed is the job's seed plus this).
    package var unit: Int
    /// The token the node must present with renewals and results.
    package var token: String
    /// The job's stored config.
    package var configJSON: String

    /// A random 128-bit lease token, lower-case hex.
    static func newToken() -> String {
        var generator = SystemRandomNumberGenerator()
        let digits = Array("0123456789abcdef".utf8)
        var text: [UInt8] = []
        for _ in 0..<16 {
            let byte = UInt8.random(in: 0...255, using: &generator)
            text.append(digits[Int(byte >> 4)])
            text.append(digits[Int(byte & 0x0F)])
        }
        return String(decoding: text, as: UTF8.self)
    }
}

/// What the store knows about the cluster (`GET /cluster/stats` adds the live heartbeats).
package struct HiveClusterCounts: Sendable {
    /// The most registered nodes listed (newest registrations first).
    package static let nodeLimit = 100
    /// The job statuses, in the order a job passes through them.
    package static let jobStatuses = ["queued", "running", "done", "cancelled", "failed"]

    /// Jobs by status; every status of `jobStatuses` is present, zero when no job has it.
    package var jobsByStatus: [(status: String, count: Int64)]
    /// Verified results kept (archived ones are not counted).
    package var results: Int64
    /// Units leased right now (expired leases not yet taken over included).
    package var unitsLeased: Int64
    /// Registered nodes, newest registration first: id, cores and strikes.
    package var nodes: [(id: String, cores: Int64, strikes: Int64)]
}

/// A node's strikes: results it submitted that were not a rearrangement of their job's start layout.
package struct NodeStrikes: Equatable, Sendable {
    /// The node.
    package var nodeID: String
    /// Its strikes so far.
    package var strikes: Int64

    /// Creates the pair.
    package init(nodeID: String, strikes: Int64) {
        self.nodeID = nodeID
        self.strikes = strikes
    }
}
