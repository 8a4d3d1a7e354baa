extension PostgresConfiguration {
    /// The server settings every (re)connect sets with `SET`: the statement timeout and the idle-in-transaction
    /// timeout, each unless it is nil or the connection string's `options` sets it (`options=-c
    /// statement_timeout=5min`): the server applied the user's value at connect, and it wins.
    func sessionSettings() -> [(name: String, value: String)] {
        var settings: [(name: String, value: String)] = []
        if let statementTimeout, userOption("statement_timeout") == nil {
            settings.append(("statement_timeout", String(Self.milliseconds(statementTimeout))))
        }
        if let idleInTransactionTimeout, userOption("idle_in_transaction_session_timeout") == nil {
            settings.append(("idle_in_transaction_session_timeout", String(Self.milliseconds(idleInTransactionTimeout))))
        }
        return settings
    }

    /// The longest the client waits for the server's answer to one statement before it presumes the link
    /// dead, marks the connection for a reset and throws `.unavailable`: the statement timeout in force
    /// (the user's from `options`, else `statementTimeout`) plus `replyGrace`. Nil, waiting for ever,
    /// when no statement timeout is in force (0, or a value this does not understand); TCP keepalives
    /// still end a dead link then, unless a proxy in between keeps answering for it.
    public var replyTimeout: Duration? {
        let limit: Duration?
        if let text = userOption("statement_timeout") { limit = Self.duration(fromSetting: text) } else { limit = statementTimeout }
        guard let limit, limit > .zero else { return nil }
        return limit + Self.replyGrace
    }

    /// The value the connection string's `options` gives server setting `name` (`-c name=value`,
    /// `-cname=value` or `--name=value`; dashes in names count as underscores, as the server reads them);
    /// the last one wins, as on the server. Nil when it does not set it.
    func userOption(_ name: String) -> String? {
        guard let options = value(for: "options") else { return nil }
        var found: String?
        var tokens = options.split(whereSeparator: \.isWhitespace).makeIterator()
        while var token = tokens.next() {
            if token == "-c" { guard let next = tokens.next() else { break }; token = next }
            else if token.hasPrefix("--") { token = token.dropFirst(2) }
            else if token.hasPrefix("-c") { token = token.dropFirst(2) }
            guard let equals = token.firstIndex(of: "=") else { continue }
            if token[..<equals].replacing("-", with: "_").lowercased() == name { found = String(token[token.index(after: equals)...]) }
        }
        return found
    }

    /// A time setting as the server reads it: a number with an optional unit (`us`, `ms`, `s`, `min`,
    /// `h`, `d`; none means milliseconds), optionally in single quotes; nil when it is not one.
    static func duration(fromSetting text: String) -> Duration? {
        let trimmed = trimming("'\" ", from: text)
        let digits = trimmed.prefix { $0.isNumber }
        guard let number = Int64(digits) else { return nil }
        switch trimming(" ", from: trimmed.dropFirst(digits.count)).lowercased() {
        case "us": return .microseconds(number)
        case "", "ms": return .milliseconds(number)
        case "s": return .seconds(number)
        case "min": return .seconds(number * 60)
        case "h": return .seconds(number * 3600)
        case "d": return .seconds(number * 86400)
        default: return nil
        }
    }

    /// Whole milliseconds, at least 1 (a SET of 0 would mean "no limit").
    static func milliseconds(_ duration: Duration) -> Int64 {
        let (seconds, attoseconds) = duration.components
        return max(1, seconds * 1000 + attoseconds / 1_000_000_000_000_000)
    }
}

/// `text` without leading and trailing characters from `set`.
private func trimming(_ set: String, from text: some StringProtocol) -> String {
    var text = Substring(text)
    while let first = text.first, set.contains(first) { text = text.dropFirst() }
    while let last = text.last, set.contains(last) { text = text.dropLast() }
    return String(text)
}
