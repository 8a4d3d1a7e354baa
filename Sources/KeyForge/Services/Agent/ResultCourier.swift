import KeyForgeAdapters
import KeyForgeSystem

/// What the agent does with a kept result once the hive has answered it.
///
/// A result leaves the outbox only when the hive has stored it or refused it on its merits; a refusal of the
/// credentials (401, 403, 429: a rotated secret, a lockout), an unavailable hive (5xx) or no answer at all says
/// nothing about the result, so it stays on disk and is sent again (docs/OPERATIONS.md, "Rotating the shared secret").
package enum OutboxDecision: Equatable, Sendable {
    /// Stored (201), or stored before (409 `nonce_replayed`): forget it.
    case delivered
    /// Refused on its merits (409 lost or stale lease, 422 invalid, 400 unreadable, 404 no such job or unit,
    /// 413 too large): the same bytes can never be accepted, so forget it.
    case refused
    /// Not answered for good (401, 403, 429, 5xx, or anything unexpected): keep it and retry after a backoff.
    case retryLater

    /// The hive's error codes of a 404 that mean the job or unit is gone (any other 404 is not the hive's word).
    private static let goneCodes: Set<String> = ["no_such_job", "no_such_unit"]

    /// The decision for an answer of `status` with the error body's `errorCode`.
    package static func of(status: Int, errorCode: String?) -> OutboxDecision {
        switch status {
        case 201: return .delivered
        case 409: return errorCode == "nonce_replayed" ? .delivered : .refused
        case 400, 413, 422: return .refused
        case 404: return errorCode.map(goneCodes.contains) == true ? .refused : .retryLater
        default: return .retryLater
        }
    }
}

/// Delivers the agent's results through its outbox: each result is written to disk before it is sent, and
/// leaves the disk only on an `OutboxDecision` of `.delivered` or `.refused`. After any other answer the courier
/// waits (a growing, capped, jittered backoff, or the hive's Retry-After if longer) before it tries again.
/// Used from the agent's main thread only.
package final class ResultCourier {
    /// The wait after an undelivered attempt: from about 1 s doubling up to 30 s, so a rotated secret or a hive
    /// that is away costs a few requests a minute per agent, and a hive that is back gets the results within 30 s.
    package static let retryPolicy = Backoff(initial: .seconds(1), maximum: .seconds(30), maxRetries: nil)

    /// The results kept on disk.
    package let outbox: AgentOutbox
    private let hive: HiveClient
    private let policy: Backoff
    private let log: (String) -> Void
    private var failedAttempts = 0
    private var notBefore = ContinuousClock.now
    private var generator = SystemRandomNumberGenerator()

    /// A courier of `outbox`'s results to `hive`, waiting by `policy` after an undelivered attempt.
    package init(outbox: AgentOutbox, hive: HiveClient, policy: Backoff = ResultCourier.retryPolicy, log: @escaping (String) -> Void) {
        self.outbox = outbox
        self.hive = hive
        self.policy = policy
        self.log = log
    }

    /// Keeps the result on disk, then tries to deliver it (and anything older) unless the courier is waiting.
    package func send(nonce: String, body: [UInt8]) {
        do {
            try outbox.store(nonce: nonce, body: body)
            log("results: kept \(nonce) in the outbox")
        } catch {
            log("outbox: \(error); sending \(nonce) without keeping it")
            _ = deliver(nonce, body)
        }
        flush()
    }

    /// Sends the kept results, oldest first, stopping at the first the hive does not take now. Does nothing while
    /// waiting out the backoff unless `force` (the last try before the agent exits). Returns how many are still kept.
    @discardableResult
    package func flush(force: Bool = false) -> Int {
        guard force || ContinuousClock.now >= notBefore else { return outbox.pending().count }
        for (nonce, body) in outbox.pending() {
            guard deliver(nonce, body) else { break }
        }
        return outbox.pending().count
    }

    /// One attempt; true when the result left the outbox.
    private func deliver(_ nonce: String, _ body: [UInt8]) -> Bool {
        let answer: HiveClient.Answer
        do { answer = try hive.post("/results", bytes: body) } catch {
            postpone(nonce, because: "the hive is unreachable (\(error))", retryAfter: nil)
            return false
        }
        let what = "\(answer.status)\(answer.errorCode.map { " \($0)" } ?? "")"
        switch OutboxDecision.of(status: answer.status, errorCode: answer.errorCode) {
        case .delivered:
            log("results: \(nonce) \(answer.status == 201 ? "stored" : "was already stored") (\(what)); removed from the outbox")
        case .refused:
            log("results: \(nonce) refused on its merits (\(what)); dropped")
        case .retryLater:
            postpone(nonce, because: "the hive answered \(what)", retryAfter: answer.retryAfterSeconds)
            return false
        }
        outbox.remove(nonce: nonce)
        failedAttempts = 0
        notBefore = .now
        return true
    }

    private func postpone(_ nonce: String, because reason: String, retryAfter: Int?) {
        var wait = policy.delay(attempt: failedAttempts, using: &generator)
        if let retryAfter { wait = max(wait, min(.seconds(retryAfter), policy.maximum)) }
        failedAttempts += 1
        notBefore = .now + wait
        log("results: \(nonce) not delivered: \(reason); kept, \(outbox.pending().count) in the outbox, "
            + "next try in \(ReportText.fixed(ProgressLine.seconds(wait), digits: 1)) s")
    }
}
