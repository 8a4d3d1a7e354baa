import KeyForgeAdapters

extension SQLHiveStore {
    /// Leases the next open unit to `node`: of the open jobs by priority, then age (then id), skipping jobs in
    /// preparation back-off, the lowest unit that is queued or whose lease expired. `FOR UPDATE SKIP LOCKED`
    /// lets concurrent leases (and hives) proceed without waiting on each other or handing out the same unit
    /// twice. Nil when there is no work.
    ///
    /// The pick walks indexes in order (migration 0005): for each open job, its lowest queued unit is the first
    /// entry of `job_units_queued` and its expired leases a range of `job_units_leased`; the first job with
    /// either stops the walk, and the lower of its two candidates is leased (the other's row lock ends with
    /// the transaction). The job's row is written only on its first lease (queued to running), so leases of a
    /// running job never queue on that row's lock.
    ///
    /// `ORDER BY unit + 0` is deliberate: ordered by the bare `unit`, the planner may walk the primary key in
    /// unit order and filter for expired leases, counting on finding one early. Its statistics lag the
    /// clock (leases that were about to expire when they were gathered have been renewed since), so it
    /// expects some and usually finds none after reading every unit of the job (measured: 59 ms per lease
    /// at 100 000 units under 4 000 simulated agents). `unit + 0` matches no index order, so the expired
    /// range is read from `job_units_leased` and sorted (a handful of rows), and the row lock still goes
    /// above the sort, one row at a time.
    package func lease(node: String) throws(PostgresError) -> HiveLease? {
        let token = HiveLease.newToken()
        return try pool.transaction { connection throws(PostgresError) -> HiveLease? in
            let picked = try connection.execute("""
                SELECT j.id AS job_id, least(e.unit, q.unit) AS unit, j.status, j.config::text AS config
                FROM (SELECT id, status, config, priority, created_at FROM jobs
                      WHERE status IN ('queued', 'running')
                        AND (retry_after IS NULL OR retry_after <= to_timestamp($1::double precision))
                      ORDER BY priority DESC, created_at, id) j
                LEFT JOIN LATERAL (
                    SELECT unit FROM job_units WHERE job_id = j.id AND status = 'leased' AND lease_expires_at < now()
                    ORDER BY unit + 0 LIMIT 1 FOR UPDATE SKIP LOCKED) e ON true
                LEFT JOIN LATERAL (
                    SELECT unit FROM job_units WHERE job_id = j.id AND status = 'queued'
                    ORDER BY unit LIMIT 1 FOR UPDATE SKIP LOCKED) q ON true
                WHERE e.unit IS NOT NULL OR q.unit IS NOT NULL
                LIMIT 1
                """, [String(now())]).rows
            guard let row = picked.first, let jobID = row["job_id"], let unit = row.int64("unit") else { return nil }
            _ = try connection.execute("""
                UPDATE job_units SET status = 'leased', lease_owner = $3, lease_token = $4, leased_at = now(),
                       lease_expires_at = now() + make_interval(secs => $5::integer), leases = leases + 1
                WHERE job_id = $1 AND unit = $2
                """, [jobID, String(unit), node, token, String(leaseSeconds)])
            if row["status"] == "queued" {
                // A concurrent first lease may have started it already; then this matches nothing.
                _ = try connection.execute(
                    "UPDATE jobs SET status = 'running', started_at = coalesce(started_at, now()) WHERE id = $1 AND status = 'queued'",
                    [jobID])
            }
            return HiveLease(jobID: jobID, unit: Int(unit), token: token, configJSON: row["config"] ?? "{}")
        }
    }

    /// Renews a lease; false when the token is not the unit's current lease (expired and re-leased,
    /// finished, or the job was cancelled).
    package func renew(jobID: String, unit: Int, token: String) throws(PostgresError) -> Bool {
        let rows = try pool.execute("""
            UPDATE job_units u SET lease_expires_at = now() + make_interval(secs => $4::integer)
            FROM jobs j
            WHERE u.job_id = $1 AND u.unit = $2 AND u.lease_token = $3 AND u.status = 'leased'
              AND j.id = u.job_id AND j.status IN ('queued', 'running')
            RETURNING u.unit
            """, [jobID, String(unit), token, String(leaseSeconds)]).rows
        return !rows.isEmpty
    }

    /// Hands a leased unit back to the queue (a worker stopping early); false when the token is not current.
    package func release(jobID: String, unit: Int, token: String) throws(PostgresError) -> Bool {
        let rows = try pool.execute("""
            UPDATE job_units SET status = 'queued', lease_token = NULL, lease_owner = NULL, lease_expires_at = NULL
            WHERE job_id = $1 AND unit = $2 AND lease_token = $3 AND status = 'leased' RETURNING unit
            """, [jobID, String(unit), token]).rows
        return !rows.isEmpty
    }
}
