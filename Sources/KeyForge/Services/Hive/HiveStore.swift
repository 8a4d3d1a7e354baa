import KeyForgeAdapters
import KeyForgeSystem
import KeyForgeWire

/// Every SQL statement of the hive: jobs, units and leases, results, nodes (PostgreSQL through libpq).
///
/// Writes that belong together run in one transaction; a result counts as acknowledged only after
/// its COMMIT, so a database that dies mid-request loses nothing that was acknowledged.
public struct HiveStore: Sendable {
    /// How long a lease lasts without a heartbeat, unless told otherwise.
    public static let defaultLeaseSeconds = 60

    /// The connection pool.
    public let pool: PostgresPool
    /// How long a lease lasts without a heartbeat.
    public let leaseSeconds: Int

    /// Creates a store on `pool`.
    public init(pool: PostgresPool, leaseSeconds: Int = HiveStore.defaultLeaseSeconds) {
        self.pool = pool
        self.leaseSeconds = leaseSeconds
    }

    /// Registers a job; the same config twice gives the same id and `isNew` false the second time.
    public func createJob(_ config: JobConfig) throws(PostgresError) -> (id: String, isNew: Bool) {
        let id = config.jobID
        let inserted = try pool.transaction { connection throws(PostgresError) -> Bool in
            let result = try connection.execute(
                "INSERT INTO jobs (id, config, keyboard, priority, units_total) VALUES ($1, $2::jsonb, $3, $4, $5) "
                    + "ON CONFLICT (id) DO NOTHING RETURNING id",
                [id, JSONWriter.write(config.json), config.keyboard, String(config.priority), String(config.budget.units)])
            guard !result.rows.isEmpty else { return false }
            _ = try connection.execute("INSERT INTO job_units (job_id, unit) SELECT $1, generate_series(0, $2::integer - 1)",
                                       [id, String(config.budget.units)])
            return true
        }
        return (id, inserted)
    }

    /// The stored config of a job, or nil when there is no such job.
    public func config(of jobID: String) throws(PostgresError) -> JobConfig? {
        guard let text = try pool.execute("SELECT config::text AS config FROM jobs WHERE id = $1", [jobID]).rows.first?["config"] else {
            return nil
        }
        return try? JobConfig(json: Array(text.utf8), source: "jobs.config")
    }

    /// A job's status document (`GET /jobs/{id}`), or nil.
    public func jobStatus(_ jobID: String) throws(PostgresError) -> JSONValue? {
        let rows = try pool.execute("""
            SELECT j.id, j.status, j.priority, j.config::text AS config, j.units_total, j.units_done, j.best_score,
                   to_char(j.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS created_at,
                   to_char(j.started_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS started_at,
                   to_char(j.finished_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS finished_at,
                   (SELECT count(*) FROM job_units u WHERE u.job_id = j.id AND u.status = 'leased') AS units_leased,
                   (SELECT count(*) FROM results r WHERE r.job_id = j.id) AS results,
                   b.layout AS best_layout, b.node_id AS best_node, b.id AS best_id
            FROM jobs j LEFT JOIN results b ON b.id = j.best_result WHERE j.id = $1
            """, [jobID]).rows
        guard let row = rows.first else { return nil }
        var object = JSONObject()
        object.append("job_id", .string(jobID))
        object.append("status", .string(row["status"] ?? ""))
        object.append("priority", .int(row.int64("priority") ?? 0))
        var units = JSONObject()
        units.append("total", .int(row.int64("units_total") ?? 0))
        units.append("done", .int(row.int64("units_done") ?? 0))
        units.append("leased", .int(row.int64("units_leased") ?? 0))
        object.append("units", .object(units))
        object.append("results", .int(row.int64("results") ?? 0))
        if let score = row.int64("best_score"), let layout = row["best_layout"] {
            var best = JSONObject()
            best.append("score", .double(Double(score) / 1000))
            best.append("score_fixed", .int(score))
            best.append("layout", .string(layout))
            best.append("node_id", .string(row["best_node"] ?? ""))
            best.append("result_id", .int(row.int64("best_id") ?? 0))
            object.append("best", .object(best))
        } else {
            object.append("best", .null)
        }
        for name in ["created_at", "started_at", "finished_at"] { object.append(name, row[name].map { .string($0) } ?? .null) }
        if let text = row["config"], let config = try? JSONParser.parse(Array(text.utf8)) { object.append("config", config) }
        return .object(object)
    }

    /// The newest jobs, one line each (`GET /jobs`).
    public func listJobs(limit: Int) throws(PostgresError) -> [JSONValue] {
        try pool.execute("""
            SELECT id, status, keyboard, units_total, units_done, best_score,
                   to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS created_at
            FROM jobs ORDER BY created_at DESC, id LIMIT $1
            """, [String(limit)]).rows.map { row in
            var object = JSONObject()
            object.append("job_id", .string(row["id"] ?? ""))
            object.append("status", .string(row["status"] ?? ""))
            object.append("keyboard", .string(row["keyboard"] ?? ""))
            object.append("units_total", .int(row.int64("units_total") ?? 0))
            object.append("units_done", .int(row.int64("units_done") ?? 0))
            object.append("best_score", row.int64("best_score").map { .double(Double($0) / 1000) } ?? .null)
            object.append("created_at", .string(row["created_at"] ?? ""))
            return .object(object)
        }
    }

    /// The best distinct layouts of a job (`GET /jobs/{id}/population`), best first.
    public func population(_ jobID: String, limit: Int) throws(PostgresError) -> [JSONValue] {
        try pool.execute("""
            SELECT layout, score, node_id FROM (
                SELECT DISTINCT ON (layout) layout, score, node_id FROM results WHERE job_id = $1 ORDER BY layout, score, id
            ) best ORDER BY score, layout LIMIT $2
            """, [jobID, String(limit)]).rows.map { row in
            var object = JSONObject()
            object.append("layout", .string(row["layout"] ?? ""))
            object.append("score", .double(Double(row.int64("score") ?? 0) / 1000))
            object.append("node_id", .string(row["node_id"] ?? ""))
            return .object(object)
        }
    }

    /// Cancels a queued or running job; nil when there is no such job, false when it had already finished.
    public func cancel(_ jobID: String) throws(PostgresError) -> Bool? {
        try pool.transaction { connection throws(PostgresError) -> Bool? in
            let updated = try connection.execute(
                "UPDATE jobs SET status = 'cancelled', finished_at = now() WHERE id = $1 AND status IN ('queued', 'running') RETURNING id",
                [jobID])
            if !updated.rows.isEmpty {
                _ = try connection.execute(
                    "UPDATE job_units SET lease_token = NULL, status = CASE WHEN status = 'done' THEN 'done' ELSE 'queued' END WHERE job_id = $1",
                    [jobID])
                return true
            }
            return try connection.execute("SELECT 1 FROM jobs WHERE id = $1", [jobID]).rows.isEmpty ? nil : false
        }
    }
}
