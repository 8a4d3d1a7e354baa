/// The head of one response: written by `HTTPResponseWriter`, read by `HTTPResponseParser`.
public struct HTTPResponseHead: Equatable, Sendable {
    /// The status code, e.g. 200.
    public var status: Int
    /// The reason phrase; informative only (clients must ignore it, RFC 9112 §4).
    public var reason: String
    /// The minor version: 0 for HTTP/1.0, 1 for HTTP/1.1.
    public var versionMinor: Int
    /// The header fields in order, without `Content-Length` or `Transfer-Encoding` when writing:
    /// the writer derives those from `bodyFraming`.
    public var headers: HTTPHeaders
    /// How the body is delimited: what the writer declares, or what the parser worked out.
    public var bodyFraming: HTTPResponseBodyFraming

    /// Creates a head; `reason` defaults to the standard phrase for `status` (or empty).
    public init(status: Int, reason: String? = nil, versionMinor: Int = 1, headers: HTTPHeaders = HTTPHeaders(),
                bodyFraming: HTTPResponseBodyFraming = .none) {
        self.status = status
        self.reason = reason ?? HTTPResponseWriter.reasonPhrase(for: status)
        self.versionMinor = versionMinor
        self.headers = headers
        self.bodyFraming = bodyFraming
    }

    /// Whether the connection may carry another request after this response (RFC 9112 §9.3).
    ///
    /// A body read until close ends the connection whatever the headers say.
    public var keepAlive: Bool {
        bodyFraming != .untilClose && HTTPFramingRules.isPersistent(headers: headers, versionMinor: versionMinor)
    }

    /// Whether this is an interim (1xx) response, after which the final response still follows.
    public var isInterim: Bool {
        (100...199).contains(status)
    }
}
