import CShims

/// Where and how to reach PostgreSQL: a `postgres://` / `postgresql://` URL or a libpq keyword string
/// (`host=/run/postgresql dbname=keyforge`), checked by libpq's own parser, plus the pool's settings.
///
/// The parsed keywords are handed to `PQconnectdbParams` as they are, so every libpq option works
/// (`sslmode`, `target_session_attrs`, a unix socket folder as `host`...). Added so a dead server or a
/// dead link never hangs a call nor holds a lock: `connect_timeout`, TCP keepalives and
/// `tcp_user_timeout` (unless the string sets them), `SET statement_timeout` and
/// `SET idle_in_transaction_session_timeout` on every (re)connect (unless the string's `options` sets
/// them: the user's setting wins), and a client-side deadline on every answer (`replyTimeout`).
public struct PostgresConfiguration: Equatable, Sendable, CustomStringConvertible {
    /// The environment variable the hive reads for the connection string.
    public static let environmentVariable = "DATABASE_URL"
    /// How many connections a pool opens at most, by default.
    public static let defaultPoolSize = 4
    /// libpq's floor for `connect_timeout` (it treats 1 second as 2).
    public static let minimumConnectTimeout: Duration = .seconds(2)
    /// The server-side limit on one statement unless configured otherwise: the hive's statements take
    /// milliseconds, so one still running after this is stuck (waiting on a lock, a runaway plan).
    public static let defaultStatementTimeout: Duration = .seconds(30)
    /// How long a session may sit inside a transaction without sending anything before the server ends
    /// it and releases its row locks: a hive whose link died mid-transaction would otherwise keep a unit
    /// locked until the server's TCP keepalive gives up (about 2 hours by default).
    public static let defaultIdleInTransactionTimeout: Duration = .seconds(30)
    /// How much longer than the statement timeout the client waits for an answer before it presumes the
    /// link dead (`replyTimeout`): the server cancels a statement at its timeout and answers at once, so
    /// silence beyond this margin means no answer is coming. Generous for a busy machine.
    public static let replyGrace: Duration = .seconds(10)
    /// Keepalive settings added unless the connection string names them: a peer that vanished
    /// (no FIN, no RST) is noticed after about 10 + 3 * 5 seconds of silence, and a write nobody
    /// acknowledges fails after 30 seconds, instead of the kernel's two hours.
    public static let keepaliveParameters: [(keyword: String, value: String)] = [
        ("keepalives", "1"), ("keepalives_idle", "10"), ("keepalives_interval", "5"), ("keepalives_count", "3"),
        ("tcp_user_timeout", "30000"),
    ]

    /// The libpq keywords from the connection string, in order (without `connect_timeout` and
    /// `application_name`, which live in their own fields).
    public private(set) var keywords: [String]
    /// The values of `keywords`, index for index.
    public private(set) var values: [String]
    /// The longest a connect (or a reset) may take; sent as `connect_timeout` in whole seconds, at least 2.
    public var connectTimeout: Duration = .seconds(5)
    /// The server-side limit on one statement (`SET statement_timeout` on every connect), or nil for the
    /// server's default. A statement that runs longer fails with SQLSTATE 57014.
    public var statementTimeout: Duration? = PostgresConfiguration.defaultStatementTimeout
    /// The server-side limit on idling inside a transaction (`SET idle_in_transaction_session_timeout` on
    /// every connect), or nil for the server's default; the server ends such a session (SQLSTATE 25P03).
    public var idleInTransactionTimeout: Duration? = PostgresConfiguration.defaultIdleInTransactionTimeout
    /// How many connections a pool opens at most.
    public var poolSize = PostgresConfiguration.defaultPoolSize
    /// How long a pool caller waits for a free connection before `.unavailable("pool exhausted")`.
    public var checkoutTimeout: Duration = .seconds(5)
    /// The name shown in `pg_stat_activity`, or nil for none.
    public var applicationName: String? = "keyforge"

    /// Parses a connection string: `postgres://user:pass@host:port/db?sslmode=...`, `postgresql://...`
    /// or libpq keywords (`host=... port=... dbname=...`). `connect_timeout` and `application_name`
    /// in the string fill their fields (a `connect_timeout` of 0, libpq's "for ever", keeps the default).
    public init(url: String) throws(PostgresError) {
        guard url.contains(where: { !$0.isWhitespace }) else {
            throw .invalidConfiguration("empty (expected postgres://user@host:port/db or host=... dbname=...)")
        }
        var message: UnsafeMutablePointer<CChar>?
        guard let options = PQconninfoParse(url, &message) else {
            defer { PQfreemem(message) }
            let reason = message.map { String(cString: $0) } ?? "out of memory"
            throw .invalidConfiguration(Self.redacting(reason.trimmingTrailingWhitespace, secretsOf: url)
                                        + " in '\(Self.redacting(url, secretsOf: url))'")
        }
        defer { PQconninfoFree(options) }
        var keywords: [String] = []
        var values: [String] = []
        var index = 0
        while let keyword = options[index].keyword {
            defer { index += 1 }
            guard let value = options[index].val else { continue }
            keywords.append(String(cString: keyword))
            values.append(String(cString: value))
        }
        self.keywords = []
        self.values = []
        for (keyword, value) in zip(keywords, values) {
            switch keyword {
            case "connect_timeout":
                guard let seconds = Int(value.trimmingTrailingWhitespace) else {
                    throw .invalidConfiguration("connect_timeout '\(value)' is not a whole number of seconds")
                }
                if seconds > 0 { connectTimeout = .seconds(seconds) }
            case "application_name":
                applicationName = value
            default:
                self.keywords.append(keyword)
                self.values.append(value)
            }
        }
    }

    /// The value the connection string gave `keyword` (`host`, `port`, `dbname`, `user`...), or nil.
    public func value(for keyword: String) -> String? {
        keywords.firstIndex(of: keyword).map { values[$0] }
    }

    /// The connection in libpq keyword form with the password replaced by `***`, for logs and messages.
    public var description: String {
        zip(keywords, values).map { keyword, value in
            "\(keyword)=\(keyword == "password" ? "***" : Self.quoted(value))"
        }.joined(separator: " ")
    }

    /// Every keyword and value `PQconnectdbParams` receives: the string's, then the timeouts and the
    /// keepalives it did not set.
    func connectionParameters() -> [(keyword: String, value: String)] {
        var parameters = Array(zip(keywords, values)).map { (keyword: $0.0, value: $0.1) }
        let (seconds, attoseconds) = max(connectTimeout, Self.minimumConnectTimeout).components
        parameters.append(("connect_timeout", String(seconds + (attoseconds > 0 ? 1 : 0))))
        if let applicationName { parameters.append(("application_name", applicationName)) }
        for parameter in Self.keepaliveParameters where !keywords.contains(parameter.keyword) {
            parameters.append(parameter)
        }
        return parameters
    }

    /// A value as libpq's keyword syntax needs it: bare when plain, else in single quotes with `\` escapes.
    private static func quoted(_ value: String) -> String {
        let isPlain = !value.isEmpty && !value.contains { $0.isWhitespace || $0 == "'" || $0 == "\\" }
        if isPlain { return value }
        return "'" + value.replacing("\\", with: "\\\\").replacing("'", with: "\\'") + "'"
    }

    /// `text` with what may be a password in `connectionString` replaced by `***`: the URL's user
    /// information and the value after `password=`. libpq quotes the string in its parse errors.
    private static func redacting(_ text: String, secretsOf connectionString: String) -> String {
        var secrets: [Substring] = []
        if let scheme = connectionString.firstRange(of: "://"), let at = connectionString.lastIndex(of: "@"),
           at > scheme.upperBound {
            secrets.append(connectionString[scheme.upperBound..<at])
        }
        var rest = Substring(connectionString)
        while let keyword = rest.firstRange(of: "password=") {
            rest = rest[keyword.upperBound...]
            secrets.append(rest.prefix { !$0.isWhitespace && $0 != "&" })
        }
        var redacted = text
        for secret in secrets where !secret.isEmpty { redacted = redacted.replacing(secret, with: "***") }
        return redacted
    }
}

extension String {
    /// The string without trailing spaces and newlines (libpq's messages end in "\n").
    var trimmingTrailingWhitespace: String {
        var text = Substring(self)
        while let last = text.last, last.isWhitespace { text = text.dropLast() }
        return String(text)
    }
}
