import KeyForgeAdapters
import KeyForgeWire

extension SQLHiveStore {
    /// Counts for the cluster stats, in one round trip per table.
    package func clusterCounts() throws(PostgresError) -> HiveClusterCounts {
        let byStatus = try pool.execute("SELECT status, count(*) AS n FROM jobs GROUP BY status").rows
        let jobs = HiveClusterCounts.jobStatuses.map { status in
            (status, byStatus.first { $0["status"] == status }?.int64("n") ?? 0)
        }
        let totals = try pool.execute("""
            SELECT (SELECT count(*) FROM results) AS results,
                   (SELECT count(*) FROM job_units WHERE status = 'leased') AS leased
            """).rows.first
        let nodes = try pool.execute("""
            SELECT nodes.id, nodes.cores, coalesce(node_strikes.strikes, 0) AS strikes
            FROM nodes LEFT JOIN node_strikes ON node_strikes.node_id = nodes.id
            ORDER BY nodes.last_register DESC, nodes.id LIMIT $1
            """, [String(HiveClusterCounts.nodeLimit)]).rows.map { row in
            (id: row["id"] ?? "", cores: row.int64("cores") ?? 0, strikes: row.int64("strikes") ?? 0)
        }
        return HiveClusterCounts(jobsByStatus: jobs, results: totals?.int64("results") ?? 0, unitsLeased: totals?.int64("leased") ?? 0,
                             nodes: nodes)
    }
}
