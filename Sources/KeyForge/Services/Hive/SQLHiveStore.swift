import KeyForgeAdapters
import KeyForgeSystem
import KeyForgeWire

/// The hive's store over PostgreSQL (through libpq): every SQL statement of the hive's API.
///
/// Writes that belong together run in one transaction; a result counts as acknowledged only after
/// its COMMIT, so a database that dies mid-request loses nothing that was acknowledged. (The archiver,
/// `HiveArchiveData`, has SQL of its own: it moves rows between PostgreSQL tables, which only this
/// store has.)
package struct SQLHiveStore: HiveStore {
    /// The connection pool.
    package let pool: PostgresPool
    /// How long a lease lasts without a heartbeat.
    package let leaseSeconds: Int
    /// The clock of the preparation back-off (Unix seconds): injectable, so the contract tests it without
    /// sleeping. Lease expiry keeps the database's `now()`.
    package let now: @Sendable () -> Double
    /// The first preparation back-off (`HivePreparationBackoff`).
    package let preparationBackoffSeconds: Double

    /// Creates a store on `pool`.
    package init(pool: PostgresPool, leaseSeconds: Int = HiveLease.defaultSeconds,
                 now: @escaping @Sendable () -> Double = WallClock.unixSeconds,
                 preparationBackoffSeconds: Double = HivePreparationBackoff.initialSeconds) {
        self.pool = pool
        self.preparationBackoffSeconds = preparationBackoffSeconds
        self.leaseSeconds = leaseSeconds
        self.now = now
    }

    /// `SELECT 1`.
    package func ping() throws(PostgresError) {
        _ = try pool.execute("SELECT 1")
    }

    /// Registers a job; the same config twice gives the same id and `isNew` false the second time.
    package func createJob(_ config: JobConfig) throws(PostgresError) -> (id: String, isNew: Bool) {
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
    package func config(of jobID: String) throws(PostgresError) -> JobConfig? {
        guard let text = try pool.execute("SELECT config::text AS config FROM jobs WHERE id = $1", [jobID]).rows.first?["config"] else {
            return nil
        }
        return try? JobConfig(json: Array(text.utf8), source: "jobs.config")
    }

    /// A job's status document (`GET /jobs/{id}`), or nil.
    package func jobStatus(_ jobID: String) throws(PostgresError) -> HiveJobStatus? {
        let rows = try pool.execute("""
            SELECT j.id, j.status, j.failure_reason, j.priority, j.config::text AS config, j.units_total, j.units_done, j.best_score,
                   to_char(j.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS created_at,
                   to_char(j.started_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS started_at,
                   to_char(j.finished_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS finished_at,
                   (SELECT count(*) FROM job_units u WHERE u.job_id = j.id AND u.status = 'leased') AS units_leased,
                   (SELECT count(*) FROM results r WHERE r.job_id = j.id) AS results,
                   b.layout AS best_layout, b.node_id AS best_node, b.id AS best_id
            FROM jobs j LEFT JOIN results b ON b.id = j.best_result WHERE j.id = $1
            """, [jobID]).rows
        guard let row = rows.first else { return nil }
        var best: HiveJobStatus.Best?
        if let score = row.int64("best_score"), let layout = row["best_layout"] {
            best = HiveJobStatus.Best(score: Double(score) / 1000, scoreFixed: score, layout: layout, nodeID: row["best_node"] ?? "",
                                      resultID: row.int64("best_id") ?? 0)
        }
        let config = row["config"].flatMap { try? JSONParser.parse(Array($0.utf8)) }
        return HiveJobStatus(jobID: jobID, status: row["status"] ?? "", priority: row.int64("priority") ?? 0,
                             unitsTotal: row.int64("units_total") ?? 0, unitsDone: row.int64("units_done") ?? 0,
                             unitsLeased: row.int64("units_leased") ?? 0, results: row.int64("results") ?? 0, best: best,
                             createdAt: row["created_at"], startedAt: row["started_at"], finishedAt: row["finished_at"],
                             config: config?.objectValue != nil ? config : nil, failureReason: row["failure_reason"])
    }

    /// The newest jobs, one line each (`GET /jobs`). Ordered by the column, `jobs.created_at`: the bare
    /// name would be the output's text, whole seconds, which put jobs of one second in id order.
    package func listJobs(limit: Int) throws(PostgresError) -> [HiveJobSummary] {
        try pool.execute("""
            SELECT id, status, keyboard, units_total, units_done, best_score,
                   to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS created_at
            FROM jobs ORDER BY jobs.created_at DESC, id LIMIT $1
            """, [String(limit)]).rows.map { row in
            HiveJobSummary(jobID: row["id"] ?? "", status: row["status"] ?? "", keyboard: row["keyboard"] ?? "",
                           unitsTotal: row.int64("units_total") ?? 0, unitsDone: row.int64("units_done") ?? 0,
                           bestScore: row.int64("best_score").map { Double($0) / 1000 }, createdAt: row["created_at"] ?? "")
        }
    }

    /// The best distinct layouts of a job (`GET /jobs/{id}/population`), best first.
    package func population(_ jobID: String, limit: Int) throws(PostgresError) -> [HivePopulationEntry] {
        try pool.execute("""
            SELECT layout, score, node_id FROM (
                SELECT DISTINCT ON (layout) layout, score, node_id FROM results WHERE job_id = $1 ORDER BY layout, score, id
            ) best ORDER BY score, layout LIMIT $2
            """, [jobID, String(limit)]).rows.map { row in
            HivePopulationEntry(layout: row["layout"] ?? "", score: Double(row.int64("score") ?? 0) / 1000, nodeID: row["node_id"] ?? "")
        }
    }

    /// Cancels a queued or running job; nil when there is no such job, false when it had already finished.
    package func cancel(_ jobID: String) throws(PostgresError) -> Bool? {
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

    /// The job's best score, fixed point.
    package func bestScore(of jobID: String) throws(PostgresError) -> Int64? {
        try pool.execute("SELECT best_score FROM jobs WHERE id = $1", [jobID]).rows.first?.int64("best_score")
    }

    /// Inserts the event into `job_events` (kind: its type; payload: its JSON).
    package func record(_ event: HiveJobEvent) throws(PostgresError) {
        _ = try pool.execute("INSERT INTO job_events (job_id, kind, payload) VALUES ($1, $2, $3::jsonb)",
                             [event.jobID, event.kind.type, JSONWriter.write(event.json)])
    }

    /// The job's rows of `job_events`, oldest first (rows that no longer read as events are skipped).
    package func events(of jobID: String) throws(PostgresError) -> [HiveJobEvent] {
        try pool.execute("SELECT payload::text AS payload FROM job_events WHERE job_id = $1 ORDER BY id", [jobID]).rows.compactMap { row in
            row["payload"].flatMap { try? JSONParser.parse(Array($0.utf8)) }.flatMap { try? HiveJobEvent(json: $0) }
        }
    }
}
