import KeyForgeAdapters

extension SQLHiveStore {
    /// Leases the next open unit to `node`: a queued unit, or one whose lease expired, of the highest
    /// priority, oldest job, skipping jobs in preparation back-off. `FOR UPDATE SKIP LOCKED` lets concurrent hives lease without waiting on
    /// each other or handing out the same unit twice. Nil when there is no work.
    package func lease(node: String) throws(PostgresError) -> HiveLease? {
        let token = HiveLease.newToken()
        return try pool.transaction { connection throws(PostgresError) -> HiveLease? in
            let rows = try connection.execute("""
                UPDATE job_units SET status = 'leased', lease_owner = $1, lease_token = $2, leased_at = now(),
                       lease_expires_at = now() + make_interval(secs => $3::integer), leases = leases + 1
                WHERE (job_id, unit) = (
                    SELECT u.job_id, u.unit FROM job_units u JOIN jobs j ON j.id = u.job_id
                    WHERE j.status IN ('queued', 'running')
                      AND (j.retry_after IS NULL OR j.retry_after <= to_timestamp($4::double precision))
                      AND (u.status = 'queued' OR (u.status = 'leased' AND u.lease_expires_at < now()))
                    ORDER BY j.priority DESC, j.created_at, j.id, u.unit
                    LIMIT 1 FOR UPDATE OF u SKIP LOCKED)
                RETURNING job_id, unit
                """, [node, token, String(leaseSeconds), String(now())]).rows
            guard let row = rows.first, let jobID = row["job_id"], let unit = row.int64("unit") else { return nil }
            let job = try connection.execute(
                "UPDATE jobs SET status = 'running', started_at = coalesce(started_at, now()) WHERE id = $1 RETURNING config::text AS config",
                [jobID]).rows
            return HiveLease(jobID: jobID, unit: Int(unit), token: token, configJSON: job.first?["config"] ?? "{}")
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
