/// The head of one request: what the server routes on and how its body is framed.
public struct HTTPRequestHead: Equatable, Sendable {
    /// The method token as sent (case-sensitive, RFC 9110 §9.1), e.g. "GET".
    public var method: String
    /// The request target as sent: path and query, e.g. "/analyze?board=corne".
    public var target: String
    /// The minor version: 0 for HTTP/1.0, 1 for HTTP/1.1 (and any later HTTP/1.x).
    public var versionMinor: Int
    /// The header fields in order.
    public var headers: HTTPHeaders
    /// How the body is delimited, as validated by the parser.
    public var bodyFraming: HTTPBodyFraming

    /// Creates a head; the parser makes these, tests and servers may too.
    public init(method: String, target: String, versionMinor: Int = 1, headers: HTTPHeaders = HTTPHeaders(),
                bodyFraming: HTTPBodyFraming = .none) {
        self.method = method
        self.target = target
        self.versionMinor = versionMinor
        self.headers = headers
        self.bodyFraming = bodyFraming
    }

    /// Whether the connection may carry another request after this one (RFC 9112 §9.3).
    public var keepAlive: Bool {
        HTTPFramingRules.isPersistent(headers: headers, versionMinor: versionMinor)
    }

    /// Whether the client waits for `100 Continue` before sending the body (RFC 9110 §10.1.1).
    ///
    /// Only HTTP/1.1 counts: a server MUST ignore the expectation in HTTP/1.0. Other expectations
    /// are ignored rather than answered with 417, as most servers do.
    public var expectsContinue: Bool {
        guard versionMinor >= 1, let expect = headers["Expect"] else { return false }
        return HTTPSyntax.equalsIgnoringCase(expect, "100-continue")
    }
}
