import KeyForgeSystem

/// Where and how to reach a Valkey server: parsed from `redis://[user:pass@]host:port/db` or `unix:///path`.
public struct ValkeyConfiguration: Equatable, Sendable, CustomStringConvertible {
    /// The URL used when neither `--valkey-url` nor `KEYFORGE_VALKEY_URL` names one.
    public static let defaultURL = "redis://127.0.0.1:6379/0"
    /// The environment variable every role reads for the URL.
    public static let environmentVariable = "KEYFORGE_VALKEY_URL"
    /// The default port of `redis://` URLs.
    public static let defaultPort: UInt16 = 6379

    /// The server's socket.
    public var endpoint: SocketEndpoint
    /// The ACL user for `AUTH user pass`, or nil for the default user.
    public var username: String?
    /// The password for AUTH, or nil for none.
    public var password: String?
    /// The logical database chosen with SELECT.
    public var database: Int
    /// The name set with CLIENT SETNAME (shows in CLIENT LIST), or nil.
    public var clientName: String?
    /// The longest a connect may take.
    public var connectTimeout: Duration = .seconds(2)
    /// The longest one command (write plus reply) may take; a connection that times out is discarded.
    public var commandTimeout: Duration = .seconds(5)
    /// Whether to ask for RESP3 with `HELLO 3`; false speaks RESP2 (AUTH, CLIENT SETNAME) even to new servers.
    public var prefersRESP3 = true

    /// Creates a configuration for an endpoint.
    public init(endpoint: SocketEndpoint, username: String? = nil, password: String? = nil, database: Int = 0,
                clientName: String? = nil) {
        self.endpoint = endpoint
        self.username = username
        self.password = password
        self.database = database
        self.clientName = clientName
    }

    /// Parses a URL: `redis://` or `valkey://` with optional `user:pass@`, host (IPv6 in brackets), port
    /// (default 6379) and `/db`; or `unix:///path[?db=N]`. The password may be percent-encoded.
    public init(url: String) throws(ValkeyError) {
        if url.hasPrefix("unix://") {
            var rest = Substring(url.dropFirst("unix://".count))
            var database = 0
            if let query = rest.firstIndex(of: "?") {
                database = try Self.databaseQuery(rest[rest.index(after: query)...])
                rest = rest[..<query]
            }
            guard rest.hasPrefix("/"), rest.count > 1 else { throw .invalidURL("unix:// needs an absolute path (unix:///path)") }
            self.init(endpoint: .unix(path: String(rest)), database: database)
            return
        }
        guard let scheme = url.firstRange(of: "://"), ["redis", "valkey"].contains(String(url[..<scheme.lowerBound])) else {
            throw .invalidURL("expected redis://host:port/db or unix:///path, got '\(Self.redacting(url))'")
        }
        var rest = url[scheme.upperBound...]
        var username: String?
        var password: String?
        if let at = rest.lastIndex(of: "@") {
            let credentials = rest[..<at]
            rest = rest[rest.index(after: at)...]
            if let colon = credentials.firstIndex(of: ":") {
                let user = credentials[..<colon]
                username = user.isEmpty ? nil : try Self.percentDecoded(user)
                password = try Self.percentDecoded(credentials[credentials.index(after: colon)...])
            } else {
                // A lone credential is the password, as redis-cli and most clients read it.
                password = try Self.percentDecoded(credentials)
            }
        }
        var database = 0
        if let slash = rest.firstIndex(of: "/") {
            let path = rest[rest.index(after: slash)...]
            rest = rest[..<slash]
            if !path.isEmpty {
                guard let number = Int(path), number >= 0, number < 1 << 16 else {
                    throw .invalidURL("database '\(path)' is not a number from 0")
                }
                database = number
            }
        }
        let (host, port) = try Self.hostAndPort(rest)
        self.init(endpoint: .tcp(host: host, port: port), username: username, password: password, database: database)
    }

    /// The URL with any password replaced by `***`, for logs and messages.
    public var description: String {
        switch endpoint {
        case .unix(let path): return "unix://\(path)" + (database == 0 ? "" : "?db=\(database)")
        case .tcp:
            let credentials = password == nil ? "" : "\(username ?? ""):***@"
            return "redis://\(credentials)\(endpoint)/\(database)"
        }
    }

    private static func hostAndPort(_ text: Substring) throws(ValkeyError) -> (String, UInt16) {
        var host = text
        var portText: Substring = ""
        if text.hasPrefix("[") {
            guard let close = text.firstIndex(of: "]") else { throw .invalidURL("unclosed '[' in the host") }
            host = text[text.index(after: text.startIndex)..<close]
            let after = text[text.index(after: close)...]
            if after.hasPrefix(":") { portText = after.dropFirst() } else if !after.isEmpty { throw .invalidURL("junk after ']'") }
        } else if let colon = text.lastIndex(of: ":") {
            host = text[..<colon]
            portText = text[text.index(after: colon)...]
        }
        guard !host.isEmpty else { throw .invalidURL("no host") }
        if portText.isEmpty { return (String(host), defaultPort) }
        guard let port = UInt16(portText), port > 0 else { throw .invalidURL("port '\(portText)' is not 1-65535") }
        return (String(host), port)
    }

    private static func databaseQuery(_ query: Substring) throws(ValkeyError) -> Int {
        guard query.hasPrefix("db="), let number = Int(query.dropFirst(3)), number >= 0, number < 1 << 16 else {
            throw .invalidURL("the only query understood is ?db=N")
        }
        return number
    }

    private static func percentDecoded(_ text: Substring) throws(ValkeyError) -> String {
        var bytes: [UInt8] = []
        var iterator = Array(text.utf8).makeIterator()
        while let byte = iterator.next() {
            guard byte == UInt8(ascii: "%") else { bytes.append(byte); continue }
            guard let high = iterator.next().flatMap(hexValue), let low = iterator.next().flatMap(hexValue) else {
                throw .invalidURL("bad percent-escape in the credentials")
            }
            bytes.append(high << 4 | low)
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return byte - UInt8(ascii: "A") + 10
        default: return nil
        }
    }

    /// `url` with anything between `://` and `@` hidden.
    private static func redacting(_ url: String) -> String {
        guard let scheme = url.firstRange(of: "://"), let at = url.lastIndex(of: "@"), at > scheme.upperBound else { return url }
        return String(url[..<scheme.upperBound]) + "***" + String(url[at...])
    }
}
