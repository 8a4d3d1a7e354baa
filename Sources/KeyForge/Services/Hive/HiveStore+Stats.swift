import KeyForgeAdapters
import KeyForgeWire

extension HiveStore {
    /// The most registered nodes `GET /cluster/stats` lists (newest registrations first).
    public static let statsNodeLimit = 100

    /// What the database knows about the cluster (`GET /cluster/stats` adds the live heartbeats).
    public struct ClusterCounts: Sendable {
        /// Jobs by status; every status of the schema is present, zero when no job has it.
        public var jobsByStatus: [(status: String, count: Int64)]
        /// Verified results kept (archived ones are not counted).
        public var results: Int64
        /// Units leased right now.
        public var unitsLeased: Int64
        /// Registered nodes, newest registration first: id and cores.
        public var nodes: [(id: String, cores: Int64)]
    }

    /// The job statuses of the schema, in the order a job passes through them.
    public static let jobStatuses = ["queued", "running", "done", "cancelled"]

    /// Counts for the cluster stats, in one round trip per table.
    public func clusterCounts() throws(PostgresError) -> ClusterCounts {
        let byStatus = try pool.execute("SELECT status, count(*) AS n FROM jobs GROUP BY status").rows
        let jobs = Self.jobStatuses.map { status in
            (status, byStatus.first { $0["status"] == status }?.int64("n") ?? 0)
        }
        let totals = try pool.execute("""
            SELECT (SELECT count(*) FROM results) AS results,
                   (SELECT count(*) FROM job_units WHERE status = 'leased') AS leased
            """).rows.first
        let nodes = try pool.execute("SELECT id, cores FROM nodes ORDER BY last_register DESC, id LIMIT $1",
                                     [String(Self.statsNodeLimit)]).rows.map { row in
            (id: row["id"] ?? "", cores: row.int64("cores") ?? 0)
        }
        return ClusterCounts(jobsByStatus: jobs, results: totals?.int64("results") ?? 0, unitsLeased: totals?.int64("leased") ?? 0,
                             nodes: nodes)
    }
}
