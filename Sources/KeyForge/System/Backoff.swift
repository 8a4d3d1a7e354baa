/// Capped exponential backoff with jitter, for reconnects and retries of idempotent requests.
///
/// The delay before retry `n` (0-based) is half of `min(maximum, initial * 2^n)` plus a random part
/// of up to the other half ("equal jitter"): waits still grow, yet many clients that lost the same
/// server do not come back in lockstep.
public struct Backoff: Sendable, Equatable {
    /// The ceiling of the first delay.
    public var initial: Duration
    /// The ceiling no delay exceeds.
    public var maximum: Duration
    /// How many retries follow the first attempt; nil retries for ever (until told to stop).
    public var maxRetries: Int?

    /// Creates a policy; defaults are 50 ms doubling up to 2 s, five retries.
    public init(initial: Duration = .milliseconds(50), maximum: Duration = .seconds(2), maxRetries: Int? = 5) {
        self.initial = initial
        self.maximum = maximum
        self.maxRetries = maxRetries
    }

    /// True when retry number `attempt` (0-based) is still allowed.
    public func allows(attempt: Int) -> Bool {
        maxRetries.map { attempt < $0 } ?? true
    }

    /// The delay before retry number `attempt` (0-based), drawn with `generator`.
    public func delay(attempt: Int, using generator: inout some RandomNumberGenerator) -> Duration {
        let shift = min(attempt, 30)
        let ceilingNanoseconds = min(Self.nanoseconds(maximum), Self.nanoseconds(initial) << shift)
        let half = ceilingNanoseconds / 2
        let jitter = half > 0 ? Int64.random(in: 0...half, using: &generator) : 0
        return .nanoseconds(half + jitter)
    }

    private static func nanoseconds(_ duration: Duration) -> Int64 {
        let (seconds, attoseconds) = duration.components
        return seconds * 1_000_000_000 + attoseconds / 1_000_000_000
    }
}
