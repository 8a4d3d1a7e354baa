import KeyForgeSystem
import KeyForgeWire

/// How an HTTP server listens, what it accepts, and how long it waits.
public struct HTTPServerConfiguration: Sendable {
    /// Where to listen; TCP port 0 picks a free port (read it back from `HTTPServer.endpoint`).
    public var endpoint: SocketEndpoint = .tcp(host: "127.0.0.1", port: 8080)
    /// Request-size limits handed to the parser.
    public var limits: HTTPLimits = .standard
    /// From the first byte of a request until its head is complete (slowloris defence).
    public var headerTimeout: Duration = .seconds(10)
    /// From the end of the head until the whole body has arrived.
    public var bodyTimeout: Duration = .seconds(30)
    /// The most request-body bytes buffered at once across all connections (`HTTPBodyBudget`); a body past
    /// it gets 503. Servers set it from their unit's MemoryMax (docs/OPERATIONS.md, "Request bodies").
    public var maxBufferedBodyBytes = HTTPServerConfiguration.defaultMaxBufferedBodyBytes
    /// How long a keep-alive connection may sit with no request.
    public var idleTimeout: Duration = .seconds(60)
    /// How long pending output may make no progress before the client is dropped.
    public var sendTimeout: Duration = .seconds(30)
    /// How long a graceful shutdown waits for in-flight requests.
    public var shutdownGrace: Duration = .seconds(10)
    /// Connections beyond this are accepted and closed at once (protects descriptors and memory).
    public var maxConnections = 10_000
    /// Threads of the blocking-handler pool.
    public var workerThreads = 4
    /// Blocking requests that may wait for a worker; more get 503.
    public var workerQueueLimit = 256
    /// Output above this stops reading further pipelined requests until it drains.
    public var outputHighWaterBytes = 1 << 20
    /// A stream is pulled from only while pending output is below this.
    public var outputLowWaterBytes = 256 << 10
    /// The `Server` header value.
    public var serverName = "keyforge"

    /// The default body budget, 64 MiB: eight bodies of the default 8 MiB limit, for servers that name none.
    public static let defaultMaxBufferedBodyBytes = 64 << 20

    /// Creates the defaults (127.0.0.1:8080).
    public init() {}
}
