import KeyForgeAdapters

extension SQLHiveStore {
    /// Hands a leased unit back for a preparation failure, in one transaction: the unit is queued again,
    /// the job's failure count grows, and the job either waits (`retry_after`, `HivePreparationBackoff`)
    /// or, at `maxFailures`, becomes `failed` with the reason and its other leases end. Nil when the token
    /// is not the unit's current lease.
    package func releaseForPreparationFailure(jobID: String, unit: Int, token: String, reason: String) throws(PostgresError)
        -> PreparationFailureOutcome? {
        let time = now()
        return try pool.transaction { connection throws(PostgresError) -> PreparationFailureOutcome? in
            let released = try connection.execute("""
                UPDATE job_units SET status = 'queued', lease_token = NULL, lease_owner = NULL, lease_expires_at = NULL
                WHERE job_id = $1 AND unit = $2 AND lease_token = $3 AND status = 'leased' RETURNING unit
                """, [jobID, String(unit), token]).rows
            guard !released.isEmpty else { return nil }
            let counted = try connection.execute("""
                UPDATE jobs SET preparation_failures = preparation_failures + 1 WHERE id = $1
                RETURNING preparation_failures, status IN ('queued', 'running') AS open
                """, [jobID]).rows
            let failures = Int(counted.first?.int64("preparation_failures") ?? 1)
            if failures >= HivePreparationBackoff.maxFailures && counted.first?.bool("open") == true {
                _ = try connection.execute(
                    "UPDATE jobs SET status = 'failed', failure_reason = $2, finished_at = to_timestamp($3::double precision) WHERE id = $1",
                    [jobID, reason, String(time)])
                _ = try connection.execute("""
                    UPDATE job_units SET status = 'queued', lease_token = NULL, lease_owner = NULL, lease_expires_at = NULL
                    WHERE job_id = $1 AND status = 'leased'
                    """, [jobID])
                return .failed(reason: reason)
            }
            let retryAfter = time + HivePreparationBackoff.delay(afterFailures: failures, initial: preparationBackoffSeconds)
            _ = try connection.execute("UPDATE jobs SET retry_after = to_timestamp($2::double precision) WHERE id = $1",
                                       [jobID, String(retryAfter)])
            return .backedOff(failures: failures, retryAfter: retryAfter)
        }
    }
}
