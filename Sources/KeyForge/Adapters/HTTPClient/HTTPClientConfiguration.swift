import CShims
import KeyForgeSystem

/// Timeouts, retries, trust and limits of an `HTTPClient`.
public struct HTTPClientConfiguration: Sendable {
    /// A download (or response) slower than `bytesPerSecond` for `duration` is aborted as a timeout.
    public struct LowSpeed: Sendable, Equatable {
        /// The slowest transfer rate tolerated, in bytes per second.
        public var bytesPerSecond: Int
        /// How long the rate may stay below `bytesPerSecond` (whole seconds; libcurl's resolution).
        public var duration: Duration

        /// Creates a low-speed limit.
        public init(bytesPerSecond: Int, duration: Duration) {
            self.bytesPerSecond = bytesPerSecond
            self.duration = duration
        }
    }

    /// The default ceiling of a response body held in memory by `send`.
    public static let defaultMaxResponseBytes = 64 << 20

    /// From the start of an attempt until the connection (and TLS handshake) is up.
    public var connectTimeout: Duration = .seconds(10)
    /// The whole of one `send` attempt, connect to last byte.
    public var requestTimeout: Duration = .seconds(30)
    /// The whole of one `download` attempt, or nil for no limit (large files on slow links; the
    /// low-speed limit still catches a stalled transfer).
    public var downloadTimeout: Duration? = nil
    /// Aborts a transfer that stays too slow; nil turns the check off.
    public var lowSpeed: LowSpeed? = LowSpeed(bytesPerSecond: 1024, duration: .seconds(30))
    /// Retries of idempotent requests after connection failures, timeouts and 502/503/504.
    public var retry = Backoff(initial: .milliseconds(200), maximum: .seconds(5), maxRetries: 3)
    /// The longest `Retry-After` honoured; a 502/503/504 asking for a longer wait is returned (or
    /// thrown, for a download) without a retry.
    public var maxRetryAfter: Duration = .seconds(10)
    /// A PEM file of CA certificates to trust instead of the system store (a self-signed test CA,
    /// or `--cacert`); nil uses the system store.
    public var caCertificatePath: String? = nil
    /// The `User-Agent` header.
    public var userAgent = "keyforge/\(String(cString: kf_build_version()))"
    /// The largest response body `send` holds in memory; a larger one is refused (by its
    /// Content-Length before any byte is buffered, else as soon as it grows past the limit).
    public var maxResponseBytes = HTTPClientConfiguration.defaultMaxResponseBytes
    /// Redirects followed (to http or https URLs only); 0 returns 3xx responses as they are.
    public var maxRedirects = 5
    /// Idle easy handles (each with its kept-alive connections) the client keeps between requests.
    public var maxIdleHandles = 4

    /// Creates the defaults.
    public init() {}
}
