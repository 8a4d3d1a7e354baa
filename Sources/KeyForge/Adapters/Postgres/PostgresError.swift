/// Why a PostgreSQL operation failed; `isUnavailable` tells whether waiting and retrying may help.
///
/// The one place that maps a failure to a kind: the hive answers `.unavailable` with HTTP 503 and
/// `Retry-After`, a unique violation with 409, and everything else as its own error.
public enum PostgresError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The connection string could not be understood (the message says which part).
    case invalidConfiguration(String)
    /// The database cannot be reached right now: connect failed, the connection was lost, the server
    /// is shutting down or starting (SQLSTATE class 08, 57P01-57P03), or every pooled connection is busy.
    /// A statement in flight when the connection broke may or may not have run; it is never re-sent.
    case unavailable(String)
    /// The server rejected a statement (syntax, constraint violation, timeout...) with this SQLSTATE;
    /// the connection stays usable.
    case query(sqlState: String, message: String)
    /// The migration `name` failed; its transaction was rolled back, so nothing of it remains.
    case migration(name: String, message: String)
    /// Something the adapter did not expect (a result of an unknown shape, a libpq failure with no reason).
    case unexpected(String)

    /// The SQLSTATE of a unique-constraint violation.
    public static let uniqueViolationState = "23505"

    /// True when the database could not be reached; callers answer 503 and may retry later.
    public var isUnavailable: Bool {
        if case .unavailable = self { return true }
        return false
    }

    /// True when the statement broke a unique constraint or primary key (SQLSTATE 23505).
    public var isUniqueViolation: Bool {
        if case .query(let sqlState, _) = self { return sqlState == Self.uniqueViolationState }
        return false
    }

    /// The SQLSTATE of a `.query` error, nil otherwise.
    public var sqlState: String? {
        if case .query(let sqlState, _) = self { return sqlState }
        return nil
    }

    /// A sentence for people.
    public var description: String {
        switch self {
        case .invalidConfiguration(let message): return "invalid PostgreSQL connection string: \(message)"
        case .unavailable(let message): return "PostgreSQL unavailable: \(message)"
        case .query(let sqlState, let message): return "PostgreSQL error \(sqlState): \(message)"
        case .migration(let name, let message): return "migration \(name) failed: \(message)"
        case .unexpected(let message): return "PostgreSQL unexpected: \(message)"
        }
    }

    /// True for the SQLSTATEs that mean the server cannot serve this connection (class 08, 57P01-57P03,
    /// and 53300 too many connections, which also passes once others disconnect).
    static func isUnavailableState(_ sqlState: String) -> Bool {
        sqlState.hasPrefix("08") || ["57P01", "57P02", "57P03", "53300"].contains(sqlState)
    }
}
