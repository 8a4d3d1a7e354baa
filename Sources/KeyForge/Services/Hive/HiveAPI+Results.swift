import KeyForgeAdapters
import KeyForgeCore
import KeyForgeSystem
import KeyForgeWire

extension HiveAPI {
    /// The most a claimed score may differ from the exact one, relatively.
    public static let scoreTolerance = 1e-9

    /// `POST /results` (`HiveResultSubmission`): the layout is re-scored with the exact tier before
    /// anything is stored.
    ///
    /// 422 when a field is invalid, the layout does not fit the board, is not the job's start layout
    /// rearranged within its scope with its pins in place (`not_a_rearrangement`, a strike against the
    /// node holding the lease), or the claimed score is not the exact score (relative 1e-9); 409 for a
    /// stale lease, a lease held by another node than `node_id` (`not_lease_owner`: a result is bound to
    /// its lease's node), or a replayed nonce; 201 when stored (docs/OPERATIONS.md, "Result integrity").
    ///
    /// Idempotency lives in the store alone (unique job, node, nonce, checked in the same transaction
    /// as the insert). There used to be a Valkey nonce "fast first look" here as well; it ran after the
    /// re-score and changed only an error's wording, and it could not have answered a replay before the
    /// re-score either: a nonce set by an attempt whose transaction then failed (database away, 503)
    /// would have refused the agent's retry of a result that was never stored. So it is gone, and with
    /// it a Valkey round trip and a 24 h key per result.
    func submitResult(_ request: HTTPRequest) throws(PostgresError) -> HTTPResponse {
        let submission: HiveResultSubmission
        switch decode(HiveResultSubmission.self, request, code: "invalid_result") {
        case .success(let message): submission = message
        case .failure(let box): return box.response
        }
        let jobID = submission.jobID
        guard let config = try store.config(of: jobID) else { return Self.failure(404, "no_such_job", "no job \(jobID)") }
        let plan: JobPlan
        do { plan = try self.plan(for: config) } catch { return Self.failure(500, "assets_unavailable", error.description) }
        let layout: Layout
        do { layout = try plan.layout(submission.layout) } catch { return Self.failure(422, "invalid_layout", error.description) }
        if let violation = plan.rearrangementViolation(layout) {
            return try refuseForgery(submission, violation)
        }
        let parts = plan.exact.score(layout)
        let exact = FixedPoint.toDouble(parts.total)
        guard abs(submission.score - exact) <= Self.scoreTolerance * max(abs(exact), 1) else {
            return Self.failure(422, "score_mismatch", "claimed score \(submission.score) but the exact tier gives \(exact)")
        }
        var metrics = JSONObject()
        metrics.append("mono", .int(parts.mono))
        metrics.append("bi", .int(parts.bi))
        metrics.append("tri", .int(parts.tri))
        metrics.append("imbalance", .int(parts.imbalance))
        let result = VerifiedResult(jobID: jobID, unit: submission.unit, token: submission.leaseToken, nodeID: submission.nodeID,
                                    nonce: submission.nonce, layout: layout.tokenString, score: parts.total, metrics: .object(metrics),
                                    isFinal: submission.isFinal)
        switch try store.store(result) {
        case .duplicate(let id):
            return Self.failure(409, "nonce_replayed", "this nonce was already used: result \(id) is stored")
        case .staleLease:
            return Self.failure(409, "stale_lease", "the lease of unit \(submission.unit) is no longer yours (expired, finished or cancelled)")
        case .unknownJob:
            return Self.failure(404, "no_such_unit", "job \(jobID) has no unit \(submission.unit)")
        case .notLeaseOwner:
            return Self.failure(409, "not_lease_owner",
                                "unit \(submission.unit) of job \(jobID) is leased to another node than \(submission.nodeID)")
        case .stored(let id, let isNewBest, let status):
            if isNewBest {
                publish(HiveJobEvent(jobID: jobID, kind: .newBest(score: exact, layout: layout.tokenString, nodeID: submission.nodeID,
                                                                  resultID: id)))
            }
            if status == "done" {
                // The job's best, which need not be the result that finished it.
                var best = exact
                if let fixed = try? store.bestScore(of: jobID) { best = FixedPoint.toDouble(fixed) }
                publish(HiveJobEvent(jobID: jobID, kind: .done(score: best)))
            }
            return .json(HiveResultAccepted(resultID: id, score: exact, isNewBest: isNewBest, jobStatus: status).json, status: 201)
        }
    }

    /// Refuses a result that is not the job's layout rearranged: 422 `not_a_rearrangement` naming the
    /// first offending key, nothing stored, and a strike (logged) against the node holding the lease.
    private func refuseForgery(_ submission: HiveResultSubmission, _ violation: RearrangementViolation)
        throws(PostgresError) -> HTTPResponse {
        let reason = violation.description
        let strike = try store.recordStrike(jobID: submission.jobID, unit: submission.unit, token: submission.leaseToken, reason: reason)
        let who = strike.map { "node \($0.nodeID) (strike \($0.strikes))" } ?? "no current lease holder (no strike recorded)"
        log("refused a result of job \(submission.jobID) unit \(submission.unit) from \(who): \(reason)")
        return Self.failure(422, "not_a_rearrangement", "the layout is not the job's start layout rearranged: \(reason)")
    }
}
