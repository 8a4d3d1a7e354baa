import KeyForgeSystem

/// Shared-secret bearer auth (docs/adr/0003-constant-time-auth.md, RFC 6750), with bad tokens rate-limited per client address.
///
/// The lockout refuses only failing credentials: the right secret always passes, so wrong tokens sent from an
/// address the agents share (the same host, a NAT, a proxy) cannot lock the agents out (docs/OPERATIONS.md,
/// "Rotating the shared secret").
public final class HiveAuth: Sendable {
    /// What a request's credentials come to.
    public enum Verdict: Equatable, Sendable {
        /// The secret matched.
        case allowed
        /// No Authorization header: 401 with a bare challenge.
        case missing
        /// A header that is not `Bearer <token>`: 400 `invalid_request`.
        case malformed
        /// A wrong token: 401 `invalid_token`.
        case invalid
        /// A wrong token from an address that sent too many lately: 429 with Retry-After.
        case rateLimited(retryAfterSeconds: Int)
    }

    /// Wrong tokens an address may send per window before it gets 429.
    public static let maxFailuresPerWindow = 10
    /// The rate-limit window.
    public static let windowSeconds = 60.0
    /// The most addresses tracked (oldest windows are dropped first), so a flood cannot grow memory.
    public static let maxTrackedAddresses = 10_000

    private let secret: [UInt8]
    private let failures = Locked<[String: (count: Int, since: Double)]>([:])
    private let now: @Sendable () -> Double

    /// Creates the checker for `secret` (which must not be empty: the hive refuses to start without one).
    public init(secret: String, now: @escaping @Sendable () -> Double = WallClock.unixSeconds) {
        precondition(!secret.isEmpty, "the hive never runs without a secret")
        self.secret = Array(secret.utf8)
        self.now = now
    }

    /// Checks the `Authorization` header value of a request from `address`. The right secret is allowed whatever
    /// the address sent before; a wrong token counts against the address and, past the limit, is answered 429.
    public func check(authorization: String?, address: String) -> Verdict {
        guard let authorization else { return .missing }
        let parts = authorization.split(separator: " ", maxSplits: 1, omittingEmptySubsequences: true)
        guard parts.count == 2, parts[0].lowercased() == "bearer", !parts[1].contains(" ") else { return .malformed }
        if Self.constantTimeEqual(Array(parts[1].utf8), secret) { return .allowed }
        let time = now()
        if let retry = retryAfter(address, time) { return .rateLimited(retryAfterSeconds: retry) }
        recordFailure(address, time)
        return .invalid
    }

    /// Compares without an early exit, so the time taken does not tell how many leading bytes matched
    /// (`keyforge debug auth-timing` measures it; `make reliability` checks the spread).
    public static func constantTimeEqual(_ a: [UInt8], _ b: [UInt8]) -> Bool {
        // The length difference is kept whole: truncated to a byte, lengths 256 apart would cancel out.
        var difference = UInt(bitPattern: a.count ^ b.count)
        for index in 0..<max(a.count, b.count) {
            let x = index < a.count ? a[index] : 0
            let y = index < b.count ? b[index] : 0
            difference |= UInt(x ^ y)
        }
        return difference == 0
    }

    private func retryAfter(_ address: String, _ time: Double) -> Int? {
        failures.withLock { table in
            guard let entry = table[address] else { return nil }
            if time - entry.since >= Self.windowSeconds {
                table[address] = nil
                return nil
            }
            guard entry.count >= Self.maxFailuresPerWindow else { return nil }
            return max(1, Int((entry.since + Self.windowSeconds - time).rounded(.up)))
        }
    }

    private func recordFailure(_ address: String, _ time: Double) {
        failures.withLock { table in
            if table.count >= Self.maxTrackedAddresses, table[address] == nil {
                // Drop the oldest window; a flood from many addresses cannot grow the table without bound.
                if let oldest = table.min(by: { $0.value.since < $1.value.since })?.key { table[oldest] = nil }
            }
            var entry = table[address] ?? (0, time)
            entry.count += 1
            table[address] = entry
        }
    }
}
