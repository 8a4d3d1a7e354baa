/// What the hive does when a node hands a unit back because it could not prepare the job (sync the
/// assets, load the corpus, build the scorer): the job waits before it is leased again, longer each
/// time, and after `maxFailures` it ends as `failed` with the reason (docs/OPERATIONS.md, "Failed jobs").
/// Without this, agents lease and release such a job hundreds of times a second and starve the others.
package enum HivePreparationBackoff {
    /// The first wait, 5 s: long enough that a job nobody can prepare costs a few leases a minute, short
    /// enough that a passing fault (the assets server restarting) delays a good job only a little.
    package static let initialSeconds = 5.0
    /// The longest wait, 5 min: a job is retried at least this often while it has tries left.
    package static let maxSeconds = 300.0
    /// Preparation failures after which the job is `failed`: five tries over about 75 s of back-off
    /// (5 + 10 + 20 + 40), on whichever nodes lease it, rule out a passing fault of one node.
    package static let maxFailures = 5

    /// The range `hive --preparation-backoff-seconds` accepts for the first wait (a test cluster shortens it).
    package static let initialSecondsRange = 0.1...maxSeconds

    /// The wait after the `failures`-th failure: `initial` doubling, at most `maxSeconds`.
    package static func delay(afterFailures failures: Int, initial: Double = initialSeconds) -> Double {
        min(maxSeconds, initial * Double(1 << min(max(failures - 1, 0), 20)))
    }
}

/// What a release for a preparation failure did to the job.
package enum PreparationFailureOutcome: Equatable, Sendable {
    /// The job waits until `retryAfter` (Unix seconds) before it is leased again.
    case backedOff(failures: Int, retryAfter: Double)
    /// The job is `failed` with the reason; its leases end.
    case failed(reason: String)
}
