import KeyForgeWire

/// A complete response of `HTTPClient.send`, whatever its status.
public struct HTTPClientResponse: Sendable {
    /// The status code of the final response (after redirects).
    public var status: Int
    /// The header fields of the final response, in arrival order.
    public var headers: HTTPHeaders
    /// The body (empty for HEAD, 204 and 304).
    public var body: [UInt8]

    /// Creates a response.
    public init(status: Int, headers: HTTPHeaders = HTTPHeaders(), body: [UInt8] = []) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    /// True for a 2xx status.
    public var isSuccess: Bool { (200..<300).contains(status) }

    /// The body decoded as UTF-8 (invalid sequences replaced).
    public var text: String { String(decoding: body, as: UTF8.self) }
}
