import KeyForgeSystem
import KeyForgeWire

/// A thread-safe Valkey client: a small pool of connections for concurrent callers, with reconnects.
///
/// Each call borrows an idle connection (checked to be still open) or opens a new one, retrying the
/// connect with `reconnect` backoff; it returns the connection afterwards unless it broke. Concurrent
/// callers each get their own connection; at most `maxIdleConnections` are kept between calls.
/// Commands are not retried once sent (a reply lost with the connection may mean it ran); callers
/// that know a command is idempotent pass `retryIfIdempotent: true`.
public final class ValkeyClient: Sendable {
    /// How many idle connections the pool keeps by default.
    public static let defaultMaxIdleConnections = 8

    /// The server and timeouts.
    public let configuration: ValkeyConfiguration
    /// The policy for (re)connecting.
    public let reconnect: Backoff
    private let maxIdleConnections: Int
    private let idle = Locked<[ValkeyConnection]>([])

    /// Creates a client; nothing connects until the first command.
    public init(configuration: ValkeyConfiguration, reconnect: Backoff = Backoff(),
                maxIdleConnections: Int = ValkeyClient.defaultMaxIdleConnections) {
        self.configuration = configuration
        self.reconnect = reconnect
        self.maxIdleConnections = maxIdleConnections
    }

    /// Runs `body` with a connection of the pool (its own, for the duration of the call).
    public func withConnection<T>(_ body: (ValkeyConnection) throws(ValkeyError) -> T) throws(ValkeyError) -> T {
        let connection = try checkOut()
        defer { checkIn(connection) }
        return try body(connection)
    }

    /// Sends one command; an error reply throws `.server`. With `retryIfIdempotent`, a connection
    /// failure is retried on a fresh connection under the reconnect policy.
    @discardableResult
    public func execute(_ arguments: [String], retryIfIdempotent: Bool = false) throws(ValkeyError) -> RESPValue {
        try retrying(retryIfIdempotent) { connection throws(ValkeyError) in try connection.execute(arguments) }
    }

    /// Sends one binary-safe command; an error reply throws `.server`.
    @discardableResult
    public func execute(bytes arguments: [[UInt8]], retryIfIdempotent: Bool = false) throws(ValkeyError) -> RESPValue {
        try retrying(retryIfIdempotent) { connection throws(ValkeyError) in try connection.execute(bytes: arguments) }
    }

    /// Sends the commands in one write and returns the replies in order (error replies in place).
    public func pipeline(_ commands: [[String]], retryIfIdempotent: Bool = false) throws(ValkeyError) -> [RESPValue] {
        try retrying(retryIfIdempotent) { connection throws(ValkeyError) in try connection.pipeline(commands) }
    }

    /// Every key matching the glob `pattern`, each once, sorted (SCAN, never KEYS: the server stays responsive).
    public func scanKeys(matching pattern: String, batch: Int = 500) throws(ValkeyError) -> [String] {
        var cursor = "0"
        var keys = Set<String>()
        repeat {
            let reply = try execute(["SCAN", cursor, "MATCH", pattern, "COUNT", String(batch)], retryIfIdempotent: true)
            guard let parts = reply.asArray, parts.count == 2, let next = parts[0].asString, let found = parts[1].asArray else {
                throw .unexpectedReply("SCAN answered \(reply)")
            }
            // SCAN may return a key more than once while the table rehashes.
            for item in found { if let key = item.asString { keys.insert(key) } }
            cursor = next
        } while cursor != "0"
        return keys.sorted()
    }

    /// Closes every idle connection (borrowed ones close when returned broken or on release).
    public func closeIdleConnections() {
        let connections = idle.withLock { list in
            defer { list.removeAll() }
            return list
        }
        for connection in connections { connection.markBroken() }
    }

    private func retrying<T>(_ isIdempotent: Bool, _ body: (ValkeyConnection) throws(ValkeyError) -> T) throws(ValkeyError) -> T {
        var attempt = 0
        var generator = SystemRandomNumberGenerator()
        while true {
            do {
                return try withConnection(body)
            } catch where isIdempotent && error.isConnectionFailure && reconnect.allows(attempt: attempt) {
                WallClock.sleep(for: reconnect.delay(attempt: attempt, using: &generator))
                attempt += 1
            }
        }
    }

    private func checkOut() throws(ValkeyError) -> ValkeyConnection {
        while let connection = idle.withLock({ $0.popLast() }) {
            if connection.isIdleAndOpen { return connection }
            connection.markBroken()
        }
        return try connect()
    }

    private func checkIn(_ connection: ValkeyConnection) {
        guard !connection.isBroken else { return }
        let kept = idle.withLock { list -> Bool in
            guard list.count < maxIdleConnections else { return false }
            list.append(connection)
            return true
        }
        if !kept { connection.markBroken() }
    }

    /// Opens a connection, retrying refused or timed-out connects under the reconnect policy.
    /// Server errors (a wrong password, a bad database) are not retried: waiting will not fix them.
    public func connect() throws(ValkeyError) -> ValkeyConnection {
        var attempt = 0
        var generator = SystemRandomNumberGenerator()
        while true {
            do {
                return try ValkeyConnection.connect(configuration)
            } catch where error.isConnectionFailure && reconnect.allows(attempt: attempt) {
                WallClock.sleep(for: reconnect.delay(attempt: attempt, using: &generator))
                attempt += 1
            }
        }
    }
}
