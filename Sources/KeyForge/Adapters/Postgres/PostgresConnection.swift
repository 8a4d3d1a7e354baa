import CShims
import Glibc

/// One libpq connection: statements with text parameters, remembered prepared statements, and a
/// reset (reconnect, re-prepare) after the server went away.
///
/// Thread rule: one owner at a time (the pool hands it out); libpq's `PGconn` is not thread-safe.
/// Failure rule: when a call finds the connection broken (the server restarted or vanished) it throws
/// `.unavailable` and marks the connection `needsReset`; the statement that was in flight is never
/// re-sent, because it may have run. The next call (or the pool's next checkout) runs `reset()` first:
/// `PQreset`, the session settings, then every remembered prepared statement again.
/// Dead-link rule: statements are sent asynchronously and their answer awaited until the
/// configuration's `replyTimeout`; a link that stays silent past it (dropped packets, no RST) is
/// treated like a broken one (`.unavailable`, reset due), so a call never hangs on it.
public final class PostgresConnection: @unchecked Sendable {
    /// The most parameters one statement may carry (the protocol counts them in 16 bits).
    public static let maxParameters = 65_535

    /// The configuration it was opened with.
    public let configuration: PostgresConfiguration
    /// True when the last call found the connection broken: the next call resets it first.
    public private(set) var needsReset = false
    /// True once `close()` ran (or a failed ROLLBACK closed it); every later call throws `.unavailable`.
    public var isClosed: Bool { handle == nil }

    private var handle: OpaquePointer?
    /// The prepared statements to re-prepare after a reset, in the order they were first prepared.
    private var statements: [(name: String, sql: String)] = []

    private init(handle: OpaquePointer, configuration: PostgresConfiguration) {
        self.handle = handle
        self.configuration = configuration
    }

    deinit { if let handle { PQfinish(handle) } }

    /// Connects (blocking for at most `connectTimeout`) and applies the session settings.
    /// Any connect failure, a wrong password included, is `.unavailable` with libpq's reason.
    /// The corresponding C function is `PQconnectdbParams`.
    public static func connect(_ configuration: PostgresConfiguration) throws(PostgresError) -> PostgresConnection {
        let parameters = configuration.connectionParameters()
        let handle = withCStrings(parameters.map(\.keyword) + [nil]) { keywords in
            withCStrings(parameters.map(\.value) + [nil]) { values in PQconnectdbParams(keywords, values, 0) }
        }
        guard let handle else { throw .unexpected("PQconnectdbParams returned NULL (out of memory)") }
        // Without a processor libpq prints every NOTICE and WARNING ("relation already exists,
        // skipping") on standard error; callers get errors as values instead.
        PQsetNoticeProcessor(handle, { _, _ in }, nil)
        guard PQstatus(handle) == CONNECTION_OK else {
            let message = errorMessage(handle)
            PQfinish(handle)
            throw .unavailable("\(configuration): \(message)")
        }
        PQsetnonblocking(handle, 1)  // sends never block: the reply deadline covers them too
        let connection = PostgresConnection(handle: handle, configuration: configuration)
        try connection.configureSession(handle)
        return connection
    }

    /// Runs one statement with text parameters (`$1`, `$2`...; nil is NULL). One statement only: use
    /// `executeScript` for several. The corresponding C function is `PQsendQueryParams`.
    @discardableResult
    public func execute(_ sql: String, _ parameters: [String?] = []) throws(PostgresError) -> PostgresResult {
        try checkParameters(parameters)
        let handle = try usableHandle()
        return try perform(handle) { handle in
            withCStrings(parameters) { values in
                PQsendQueryParams(handle, sql, Int32(parameters.count), nil, values, nil, nil, 0)
            }
        }
    }

    /// Runs several statements separated by semicolons, without parameters (migrations, schema
    /// scripts); the result is the last statement's. The corresponding C function is `PQsendQuery`.
    @discardableResult
    public func executeScript(_ sql: String) throws(PostgresError) -> PostgresResult {
        let handle = try usableHandle()
        return try perform(handle) { handle in PQsendQuery(handle, sql) }
    }

    /// Prepares `sql` under `name` and remembers it, so it is prepared again after a reset.
    /// Preparing the same name with the same SQL again costs nothing (no round trip); the same name
    /// with other SQL is the server's error 42P05. The corresponding C function is `PQsendPrepare`.
    public func prepare(name: String, sql: String) throws(PostgresError) {
        if let known = statements.first(where: { $0.name == name }), known.sql == sql, !needsReset { return }
        let handle = try usableHandle()
        if statements.contains(where: { $0.name == name && $0.sql == sql }) { return }  // re-prepared by the reset
        try perform(handle) { handle in PQsendPrepare(handle, name, sql, 0, nil) }
        statements.append((name, sql))
    }

    /// True when `name` was prepared on this connection (and will be prepared again after a reset).
    public func isPrepared(_ name: String) -> Bool { statements.contains { $0.name == name } }

    /// Runs the prepared statement `name` with text parameters (nil is NULL).
    /// The corresponding C function is `PQsendQueryPrepared`.
    @discardableResult
    public func executePrepared(name: String, _ parameters: [String?] = []) throws(PostgresError) -> PostgresResult {
        try checkParameters(parameters)
        let handle = try usableHandle()
        return try perform(handle) { handle in
            withCStrings(parameters) { values in
                PQsendQueryPrepared(handle, name, Int32(parameters.count), values, nil, nil, 0)
            }
        }
    }

    /// Reconnects with the same settings, then applies the session settings and prepares every
    /// remembered statement again. A statement that no longer prepares (its table was dropped) is
    /// forgotten, so using it fails with the server's error 26000 rather than failing every reset.
    /// The corresponding C function is `PQreset`.
    public func reset() throws(PostgresError) {
        guard let handle else { throw .unavailable("the connection was closed") }
        needsReset = true
        PQreset(handle)
        guard PQstatus(handle) == CONNECTION_OK else {
            throw .unavailable("\(configuration): \(Self.errorMessage(handle))")
        }
        needsReset = false
        PQsetnonblocking(handle, 1)
        try configureSession(handle)
        var kept: [(name: String, sql: String)] = []
        for statement in statements {
            do {
                try perform(handle) { handle in PQsendPrepare(handle, statement.name, statement.sql, 0, nil) }
                kept.append(statement)
            } catch where !error.isUnavailable {
                continue
            }
        }
        statements = kept
    }

    /// Closes the connection; later calls throw `.unavailable`. The corresponding C function is `PQfinish`.
    public func close() {
        guard let handle else { return }
        PQfinish(handle)
        self.handle = nil
    }

    /// Reads what the server sent while the connection sat idle; false when the server closed it
    /// (a restart) or it is marked for a reset. Never blocks: libpq keeps its socket non-blocking.
    /// The corresponding C function is `PQconsumeInput`.
    var isIdleAndOpen: Bool {
        guard let handle, !needsReset else { return false }
        guard PQconsumeInput(handle) != 0, PQstatus(handle) == CONNECTION_OK else {
            needsReset = true
            return false
        }
        return true
    }

    /// True when no transaction is open (or aborted) on the connection.
    var isOutsideTransaction: Bool {
        guard let handle else { return true }
        return PQtransactionStatus(handle) == PQTRANS_IDLE
    }

    /// The handle, reset first when the last call found the connection broken.
    private func usableHandle() throws(PostgresError) -> OpaquePointer {
        guard let handle else { throw .unavailable("the connection was closed") }
        if needsReset || PQstatus(handle) != CONNECTION_OK { try reset() }
        return handle
    }

    /// The session settings every (re)connect applies (`PostgresConfiguration.sessionSettings()`), in one round trip.
    private func configureSession(_ handle: OpaquePointer) throws(PostgresError) {
        let settings = configuration.sessionSettings()
        guard !settings.isEmpty else { return }
        let sql = settings.map { "SET \($0.name) = \($0.value)" }.joined(separator: "; ")
        try perform(handle) { handle in PQsendQuery(handle, sql) }
    }

    /// The one choke point every statement passes: sends with `send` (a `PQsend*` call), awaits the
    /// answer until the reply deadline, copies a good result, maps a bad one to an error, and marks the
    /// connection for a reset when the failure was the connection's (a silent link included).
    @discardableResult
    private func perform(_ handle: OpaquePointer, _ send: (OpaquePointer) -> Int32) throws(PostgresError) -> PostgresResult {
        let deadline = configuration.replyTimeout.map { ContinuousClock.now + $0 }
        let result: OpaquePointer?
        switch send(handle) == 1 ? Self.awaitReply(handle, until: deadline) : .answered(nil) {
        case .answered(let answer):
            result = answer
        case .silent:
            needsReset = true
            throw .unavailable("\(configuration): no answer within \(configuration.replyTimeout ?? .zero); the link is presumed dead")
        }
        defer { PQclear(result) }
        let status = result.map(PQresultStatus) ?? PGRES_FATAL_ERROR
        switch status {
        case PGRES_COMMAND_OK, PGRES_TUPLES_OK:
            return PostgresResult(result!)
        case PGRES_EMPTY_QUERY:
            return PostgresResult(columns: [], rows: [], affectedRows: 0, commandTag: "")
        case PGRES_COPY_IN, PGRES_COPY_OUT, PGRES_COPY_BOTH:
            // The protocol is now inside a COPY this adapter does not drive; only a reconnect leaves it.
            needsReset = true
            throw .unexpected("COPY is not supported through execute")
        default:
            throw failure(handle, result)
        }
    }

    /// The error for a failed result: `.unavailable` (and a reset due) when the connection broke or the
    /// server is going away, `.query` when the server rejected the statement.
    private func failure(_ handle: OpaquePointer, _ result: OpaquePointer?) -> PostgresError {
        let sqlState = result.flatMap { PQresultErrorField($0, Self.sqlStateField) }.map { String(cString: $0) }
        let message = result.flatMap { PQresultErrorField($0, Self.primaryMessageField) }.map { String(cString: $0) }
            ?? Self.errorMessage(handle)
        if PQstatus(handle) != CONNECTION_OK || sqlState.map(PostgresError.isUnavailableState) == true {
            needsReset = true
            return .unavailable(message)
        }
        guard let sqlState else { return .unexpected(message) }
        return .query(sqlState: sqlState, message: message)
    }

    /// Parameters travel as C strings, so a NUL inside one would silently cut it short.
    private func checkParameters(_ parameters: [String?]) throws(PostgresError) {
        guard parameters.count <= Self.maxParameters else {
            throw .query(sqlState: "54000", message: "\(parameters.count) parameters, at most \(Self.maxParameters)")
        }
        if let index = parameters.firstIndex(where: { $0?.utf8.contains(0) == true }) {
            // 22021 is what the server itself answers for a NUL in text.
            throw .query(sqlState: "22021", message: "parameter $\(index + 1) contains a NUL byte")
        }
    }

    /// `PG_DIAG_SQLSTATE` ('C') and `PG_DIAG_MESSAGE_PRIMARY` ('M'): character macros Swift does not import.
    private static let sqlStateField = Int32(UInt8(ascii: "C"))
    private static let primaryMessageField = Int32(UInt8(ascii: "M"))

    private static func errorMessage(_ handle: OpaquePointer) -> String {
        String(cString: PQerrorMessage(handle)).trimmingTrailingWhitespace
    }
}

/// Calls `body` with NUL-terminated copies of `strings` (nil stays a null pointer), freed afterwards.
private func withCStrings<R>(_ strings: [String?], _ body: ([UnsafePointer<CChar>?]) -> R) -> R {
    let copies = strings.map { $0.map { strdup($0)! } }
    defer { for copy in copies { free(copy) } }
    return body(copies.map { $0.map { UnsafePointer($0) } })
}
