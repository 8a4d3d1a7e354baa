import KeyForgeAdapters
import KeyForgeCore
import KeyForgeSystem
import KeyForgeWire

extension HiveAPI {
    /// The most a claimed score may differ from the exact one, relatively.
    public static let scoreTolerance = 1e-9
    /// How long a result nonce is remembered in Valkey (the SQL unique key keeps it for ever).
    public static let nonceSeconds = 86_400

    /// `POST /results`: the layout is re-scored with the exact tier before anything is stored.
    ///
    /// 422 when the claimed score is not the exact score (relative 1e-9), or the layout does not fit
    /// the board; 409 for a stale lease or a replayed nonce; 201 when stored. Idempotency lives in
    /// SQL (unique job, node, nonce); the Valkey nonce is only a fast first look, so a retry after
    /// a failed (unacknowledged) attempt is never refused.
    func submitResult(_ request: HTTPRequest) throws(PostgresError) -> HTTPResponse {
        guard case .success(let body) = jsonBody(request) else { return refusedBody(request) }
        guard let jobID = body["job_id"]?.stringValue, jobID.utf8.count == 64,
              let unit = body["unit"]?.int64Value, unit >= 0, unit < Int64(JobConfig.maxUnits),
              let token = body["lease_token"]?.stringValue,
              let node = body["node_id"]?.stringValue, Self.isIdentifier(node),
              let nonce = body["nonce"]?.stringValue, Self.isIdentifier(nonce),
              let layoutText = body["layout"]?.stringValue,
              let claimed = body["score"]?.doubleValue
        else {
            return Self.failure(422, "invalid_result",
                                "job_id, unit, lease_token, node_id, nonce (1-64 of [A-Za-z0-9._-]), layout and a finite score are required")
        }
        guard let config = try store.config(of: jobID) else { return Self.failure(404, "no_such_job", "no job \(jobID)") }
        let plan: JobPlan
        do { plan = try self.plan(for: config) } catch { return Self.failure(500, "assets_unavailable", error.description) }
        let layout: Layout
        do { layout = try plan.layout(layoutText) } catch { return Self.failure(422, "invalid_layout", error.description) }
        let parts = plan.exact.score(layout)
        let exact = FixedPoint.toDouble(parts.total)
        guard abs(claimed - exact) <= Self.scoreTolerance * max(abs(exact), 1) else {
            return Self.failure(422, "score_mismatch", "claimed score \(claimed) but the exact tier gives \(exact)")
        }
        let isFirstSighting = (try? coordinator.checkAndSetNonce(nodeID: node, nonce: "\(jobID):\(nonce)", ttlSeconds: Self.nonceSeconds)) ?? true
        var metrics = JSONObject()
        metrics.append("mono", .int(parts.mono))
        metrics.append("bi", .int(parts.bi))
        metrics.append("tri", .int(parts.tri))
        metrics.append("imbalance", .int(parts.imbalance))
        let result = VerifiedResult(jobID: jobID, unit: Int(unit), token: token, nodeID: node, nonce: nonce, layout: layout.tokenString,
                                    score: parts.total, metrics: .object(metrics), isFinal: body["final"]?.boolValue ?? false)
        switch try store.store(result) {
        case .duplicate(let id):
            return Self.failure(409, "nonce_replayed", "this nonce was already used: result \(id) is stored"
                                + (isFirstSighting ? "" : " (seen again)"))
        case .staleLease:
            return Self.failure(409, "stale_lease", "the lease of unit \(unit) is no longer yours (expired, finished or cancelled)")
        case .unknownJob:
            return Self.failure(404, "no_such_unit", "job \(jobID) has no unit \(unit)")
        case .stored(let id, let isNewBest, let status):
            if isNewBest {
                publish(jobID, [("type", .string("new_best")), ("score", .double(exact)), ("layout", .string(layout.tokenString)),
                                ("node_id", .string(node)), ("result_id", .int(id))])
            }
            if status == "done" {
                // The job's best, which need not be the result that finished it.
                let best = (try? store.pool.execute("SELECT best_score FROM jobs WHERE id = $1", [jobID]).rows.first?.int64("best_score"))
                    .flatMap { $0 }.map { FixedPoint.toDouble($0) } ?? exact
                publish(jobID, [("type", .string("done")), ("score", .double(best))])
            }
            var object = JSONObject()
            object.append("result_id", .int(id))
            object.append("score", .double(exact))
            object.append("new_best", .bool(isNewBest))
            object.append("job_status", .string(status))
            return .json(.object(object), status: 201)
        }
    }
}
