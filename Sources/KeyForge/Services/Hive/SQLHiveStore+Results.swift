import KeyForgeAdapters
import KeyForgeWire

/// A result as the hive stores it, its score already recomputed with the exact tier.
public struct VerifiedResult: Sendable {
    /// The job.
    public var jobID: String
    /// The unit it was found in.
    public var unit: Int
    /// The lease token the node presented.
    public var token: String
    /// The node.
    public var nodeID: String
    /// The node's nonce (unique per result, so a resubmission is recognized).
    public var nonce: String
    /// The layout string.
    public var layout: String
    /// The exact score (fixed point, 1/1000).
    public var score: Int64
    /// A summary of the score's parts, as JSON.
    public var metrics: JSONValue
    /// True when the node finished the unit with this result.
    public var isFinal: Bool

    /// Creates a result.
    package init(jobID: String, unit: Int, token: String, nodeID: String, nonce: String, layout: String, score: Int64, metrics: JSONValue,
                 isFinal: Bool) {
        self.jobID = jobID
        self.unit = unit
        self.token = token
        self.nodeID = nodeID
        self.nonce = nonce
        self.layout = layout
        self.score = score
        self.metrics = metrics
        self.isFinal = isFinal
    }
}

/// What storing a result came to.
public enum StoreOutcome: Equatable, Sendable {
    /// Stored (and acknowledged once this returns: the transaction committed).
    case stored(resultID: Int64, isNewBest: Bool, jobStatus: String)
    /// The same (job, node, nonce) was stored before, as this result id.
    case duplicate(resultID: Int64)
    /// The lease token is not the unit's current lease.
    case staleLease
    /// No such job or unit.
    case unknownJob
    /// The lease token is current but the lease is held by another node than the result names: a result
    /// is bound to the node holding its lease (docs/OPERATIONS.md, "Result integrity").
    case notLeaseOwner
}

extension SQLHiveStore {
    /// Stores a verified result in one transaction: the idempotency check by (job, node, nonce), the
    /// lease check, the insert, the job's best, and with `isFinal` the unit's and job's completion.
    package func store(_ result: VerifiedResult) throws(PostgresError) -> StoreOutcome {
        try pool.transaction { connection throws(PostgresError) -> StoreOutcome in
            if let previous = try connection.execute(
                "SELECT id FROM results WHERE job_id = $1 AND node_id = $2 AND nonce = $3",
                [result.jobID, result.nodeID, result.nonce]).rows.first?.int64("id") {
                return .duplicate(resultID: previous)
            }
            let units = try connection.execute(
                "SELECT status, lease_token, lease_owner FROM job_units WHERE job_id = $1 AND unit = $2 FOR UPDATE",
                [result.jobID, String(result.unit)]).rows
            guard let unit = units.first else { return .unknownJob }
            guard unit["status"] == "leased", unit["lease_token"] == result.token else { return .staleLease }
            guard unit["lease_owner"] == result.nodeID else { return .notLeaseOwner }
            guard let id = try connection.execute("""
                INSERT INTO results (job_id, unit, layout, score, metrics, node_id, nonce)
                VALUES ($1, $2, $3, $4, $5::jsonb, $6, $7) RETURNING id
                """, [result.jobID, String(result.unit), result.layout, String(result.score), JSONWriter.write(result.metrics),
                      result.nodeID, result.nonce]).rows.first?.int64("id") else {
                throw .unexpected("INSERT INTO results returned no id")
            }
            let improved = try connection.execute(
                "UPDATE jobs SET best_score = $2, best_result = $3 WHERE id = $1 AND (best_score IS NULL OR best_score > $2) RETURNING id",
                [result.jobID, String(result.score), String(id)])
            var status = "running"
            if result.isFinal {
                _ = try connection.execute(
                    "UPDATE job_units SET status = 'done', finished_at = now(), lease_token = NULL WHERE job_id = $1 AND unit = $2",
                    [result.jobID, String(result.unit)])
                status = try connection.execute("""
                    UPDATE jobs SET units_done = units_done + 1,
                        status = CASE WHEN units_done + 1 >= units_total AND status = 'running' THEN 'done' ELSE status END,
                        finished_at = CASE WHEN units_done + 1 >= units_total THEN now() ELSE finished_at END
                    WHERE id = $1 RETURNING status
                    """, [result.jobID]).rows.first?["status"] ?? status
            }
            return .stored(resultID: id, isNewBest: !improved.rows.isEmpty, jobStatus: status)
        }
    }
}

extension SQLHiveStore {
    /// Records a node (insert, or refresh its signature and cores).
    package func registerNode(id: String, cpuSignature: String, cores: Int) throws(PostgresError) {
        _ = try pool.execute("""
            INSERT INTO nodes (id, cpu_signature, cores) VALUES ($1, $2, $3)
            ON CONFLICT (id) DO UPDATE SET cpu_signature = excluded.cpu_signature, cores = excluded.cores, last_register = now()
            """, [id, cpuSignature, String(cores)])
    }

    /// Adds a strike against the node holding the current lease `token` of the unit, and returns that
    /// node and its strikes so far; nil (nothing recorded) when the token is not the unit's current lease.
    package func recordStrike(jobID: String, unit: Int, token: String, reason: String) throws(PostgresError) -> NodeStrikes? {
        let row = try pool.execute("""
            INSERT INTO node_strikes (node_id, strikes, last_reason)
            SELECT lease_owner, 1, $4 FROM job_units
            WHERE job_id = $1 AND unit = $2 AND status = 'leased' AND lease_token = $3 AND lease_owner IS NOT NULL
            ON CONFLICT (node_id) DO UPDATE SET strikes = node_strikes.strikes + 1, last_reason = excluded.last_reason, last_at = now()
            RETURNING node_id, strikes
            """, [jobID, String(unit), token, reason]).rows.first
        guard let row, let node = row["node_id"], let strikes = row.int64("strikes") else { return nil }
        return NodeStrikes(nodeID: node, strikes: strikes)
    }

    /// Writes a hardware profile (the caller holds the 24 h reservation for its CPU signature).
    package func storeHardwareProfile(cpuSignature: String, cores: Int, profile: JSONValue) throws(PostgresError) {
        _ = try pool.execute("""
            INSERT INTO hardware_profiles (cpu_signature, cores, profile) VALUES ($1, $2, $3::jsonb)
            ON CONFLICT (cpu_signature) DO UPDATE SET cores = excluded.cores, profile = excluded.profile, updated_at = now()
            """, [cpuSignature, String(cores), JSONWriter.write(profile)])
    }
}
