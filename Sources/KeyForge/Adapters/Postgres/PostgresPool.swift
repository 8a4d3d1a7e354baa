import KeyForgeSystem
import Dispatch

/// A thread-safe, bounded pool of PostgreSQL connections.
///
/// At most `poolSize` connections exist; a counting semaphore holds one permit per connection, so a
/// caller beyond that waits (woken at once when a connection comes back, no polling) for up to
/// `checkoutTimeout`, then gets `.unavailable("pool exhausted ...")`. A lock guards the idle list.
///
/// Health: an idle connection is checked without a round trip when checked out (`PQconsumeInput`
/// sees a server that closed it); a broken one, or one whose last call failed with `.unavailable`,
/// is reset (`PQreset`, session settings, prepared statements) or, if that fails, discarded. While
/// the database is down every call fails fast with `.unavailable` (connection refused, or at worst
/// `connectTimeout`), and the pool recovers by itself once it is back.
public final class PostgresPool: Sendable {
    /// The server, the pool size and the timeouts.
    public let configuration: PostgresConfiguration
    private let permits: DispatchSemaphore
    private let idle = Locked<[PostgresConnection]>([])

    /// Creates a pool; nothing connects until the first call.
    public init(configuration: PostgresConfiguration) {
        self.configuration = configuration
        permits = DispatchSemaphore(value: max(1, configuration.poolSize))
    }

    /// Runs `body` with a connection of the pool, its own for the duration of the call.
    /// A transaction `body` left open is rolled back before the connection is reused.
    public func withConnection<T>(_ body: (PostgresConnection) throws(PostgresError) -> T) throws(PostgresError) -> T {
        let connection = try checkOut()
        defer { checkIn(connection) }
        return try body(connection)
    }

    /// Runs one statement with text parameters (nil is NULL) on any connection.
    @discardableResult
    public func execute(_ sql: String, _ parameters: [String?] = []) throws(PostgresError) -> PostgresResult {
        try withConnection { connection throws(PostgresError) in try connection.execute(sql, parameters) }
    }

    /// Runs `body` in a transaction on one connection: BEGIN, then COMMIT, or ROLLBACK on any error
    /// (the connection is dropped if ROLLBACK fails). See `PostgresConnection.transaction`.
    public func transaction<T>(_ body: (PostgresConnection) throws(PostgresError) -> T) throws(PostgresError) -> T {
        try withConnection { connection throws(PostgresError) in try connection.transaction(body) }
    }

    /// Closes the idle connections (borrowed ones go back to the pool as usual and are closed later).
    public func closeIdleConnections() {
        let connections = idle.withLock { list in
            defer { list.removeAll() }
            return list
        }
        for connection in connections { connection.close() }
    }

    private func checkOut() throws(PostgresError) -> PostgresConnection {
        let (seconds, attoseconds) = configuration.checkoutTimeout.components
        let timeout = DispatchTimeInterval.nanoseconds(Int(seconds) * 1_000_000_000 + Int(attoseconds / 1_000_000_000))
        guard permits.wait(timeout: .now() + timeout) == .success else {
            throw .unavailable("pool exhausted: all \(configuration.poolSize) connections busy for \(configuration.checkoutTimeout)")
        }
        do throws(PostgresError) {
            // The most recently returned connection first: it is the likeliest to be warm and alive.
            while let connection = idle.withLock({ $0.popLast() }) {
                if connection.isIdleAndOpen { return connection }
                do {
                    try connection.reset()
                    return connection
                } catch {
                    connection.close()
                    throw error
                }
            }
            return try PostgresConnection.connect(configuration)
        } catch {
            permits.signal()
            throw error
        }
    }

    private func checkIn(_ connection: PostgresConnection) {
        defer { permits.signal() }
        if !connection.isOutsideTransaction { connection.rollBackAfterFailure() }
        // A connection marked for a reset stays: the next checkout resets it (or discards it).
        guard !connection.isClosed else { return }
        idle.withLock { $0.append(connection) }
    }
}
