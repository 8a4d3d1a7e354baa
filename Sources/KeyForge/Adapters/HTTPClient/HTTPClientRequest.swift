import KeyForgeWire

/// A request for `HTTPClient.send`: method, absolute http(s) URL, header fields and body.
public struct HTTPClientRequest: Sendable {
    /// The methods that may be sent twice with the effect of once (RFC 9110 §9.2.2), so a failed
    /// attempt can be retried; POST and PATCH never are.
    public static let idempotentMethods: Set<String> = ["GET", "HEAD", "PUT", "DELETE", "OPTIONS"]

    /// The method, e.g. `GET` (upper case).
    public var method: String
    /// The absolute URL, `http://` or `https://`.
    public var url: String
    /// Header fields added to the client's own (Host, User-Agent, framing).
    public var headers: HTTPHeaders
    /// The body; sent with Content-Length when the method is not GET or HEAD.
    public var body: [UInt8]

    /// Creates a request.
    public init(method: String = "GET", url: String, headers: HTTPHeaders = HTTPHeaders(), body: [UInt8] = []) {
        self.method = method
        self.url = url
        self.headers = headers
        self.body = body
    }

    /// A GET of `url`.
    public static func get(_ url: String, headers: HTTPHeaders = HTTPHeaders()) -> HTTPClientRequest {
        HTTPClientRequest(method: "GET", url: url, headers: headers)
    }

    /// A POST of `body` to `url`.
    public static func post(_ url: String, body: [UInt8], headers: HTTPHeaders = HTTPHeaders()) -> HTTPClientRequest {
        HTTPClientRequest(method: "POST", url: url, headers: headers, body: body)
    }

    /// True when a failed attempt may be retried.
    public var isIdempotent: Bool { Self.idempotentMethods.contains(method) }

    /// The reason the request cannot be sent (bad URL, method or header), or nil when it can.
    func problem() -> HTTPClientError? {
        if let reason = Self.urlProblem(url) { return .invalidURL(url: url, reason: reason) }
        if method.isEmpty || !method.utf8.allSatisfy(Self.isTokenByte) {
            return .invalidRequest(url: url, reason: "method \"\(method)\" is not an HTTP token")
        }
        for field in headers {
            if field.name.isEmpty || !field.name.utf8.allSatisfy(Self.isTokenByte) {
                return .invalidRequest(url: url, reason: "header name \"\(field.name)\" is not an HTTP token")
            }
            // CR, LF or NUL in a value would let the caller's data start a new header line.
            if field.value.utf8.contains(where: { ($0 < 0x20 && $0 != 0x09) || $0 == 0x7f }) {
                return .invalidRequest(url: url, reason: "header \(field.name) has a control character in its value")
            }
        }
        return nil
    }

    /// Why `url` is not an absolute http(s) URL, or nil. libcurl checks the rest of the syntax.
    static func urlProblem(_ url: String) -> String? {
        let lower = url.lowercased()
        guard let schemeEnd = lower.hasPrefix("https://") ? 8 : lower.hasPrefix("http://") ? 7 : nil else {
            return "only http:// and https:// URLs are supported"
        }
        if url.utf8.contains(where: { $0 <= 0x20 || $0 == 0x7f }) { return "spaces and control characters must be percent-encoded" }
        let authority = url.utf8.dropFirst(schemeEnd).prefix { $0 != UInt8(ascii: "/") && $0 != UInt8(ascii: "?") && $0 != UInt8(ascii: "#") }
        if authority.isEmpty { return "the host is missing" }
        return nil
    }

    private static func isTokenByte(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"): return true
        default: return Array("!#$%&'*+-.^_`|~".utf8).contains(byte)
        }
    }
}
