import KeyForgeWire

/// A whole request as handlers see it: the parsed head, the path split from the query, and the body.
public struct HTTPRequest: Sendable {
    /// The method, e.g. `GET`.
    public var method: String
    /// The path without the query, e.g. `/jobs/42`.
    public var path: String
    /// The query after `?`, without it (empty when there is none).
    public var query: String
    /// The header fields in arrival order.
    public var headers: HTTPHeaders
    /// The body (empty when there is none).
    public var body: [UInt8]
    /// Values of the route's `:name` segments, filled in by the router.
    public var parameters: [String: String] = [:]
    /// The client's address (`127.0.0.1`), filled in by the server; empty in tests without a socket.
    public var remoteAddress = ""

    /// Creates a request; `target` is split at its first `?`.
    public init(method: String, target: String, headers: HTTPHeaders = HTTPHeaders(), body: [UInt8] = []) {
        self.method = method
        if let mark = target.firstIndex(of: "?") {
            path = String(target[..<mark])
            query = String(target[target.index(after: mark)...])
        } else {
            path = target
            query = ""
        }
        self.headers = headers
        self.body = body
    }

    /// The value of query parameter `name` (first occurrence, `+` and %-escapes decoded), or nil.
    public func queryValue(_ name: String) -> String? {
        for pair in query.split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            if HTTPRequest.percentDecoded(parts[0]) == name {
                return parts.count > 1 ? HTTPRequest.percentDecoded(parts[1]) : ""
            }
        }
        return nil
    }

    package static func percentDecoded(_ text: Substring) -> String {
        var bytes: [UInt8] = []
        var index = text.utf8.startIndex
        let utf8 = text.utf8
        while index != utf8.endIndex {
            let byte = utf8[index]
            if byte == UInt8(ascii: "+") {
                bytes.append(UInt8(ascii: " "))
            } else if byte == UInt8(ascii: "%"), let high = utf8.index(index, offsetBy: 1, limitedBy: utf8.endIndex),
                      let low = utf8.index(index, offsetBy: 2, limitedBy: utf8.endIndex), low != utf8.endIndex,
                      let value = UInt8(String(decoding: [utf8[high], utf8[low]], as: UTF8.self), radix: 16) {
                bytes.append(value)
                index = low
            } else {
                bytes.append(byte)
            }
            index = utf8.index(after: index)
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}

/// A response: status, headers and a body held in memory or streamed.
public struct HTTPResponse: Sendable {
    /// The status code.
    public var status: Int
    /// Header fields; framing headers (Content-Length, Transfer-Encoding, Connection) are the server's.
    public var headers: HTTPHeaders
    /// The body.
    public var body: HTTPResponseBody

    /// Creates a response with a body in memory.
    public init(status: Int, headers: HTTPHeaders = HTTPHeaders(), body: [UInt8] = []) {
        self.status = status
        self.headers = headers
        self.body = .bytes(body)
    }

    /// Creates a streamed response.
    public init(status: Int, headers: HTTPHeaders = HTTPHeaders(), stream: any HTTPBodyStream) {
        self.status = status
        self.headers = headers
        self.body = .stream(stream)
    }

    /// A text response (`text/plain; charset=utf-8`).
    public static func text(_ text: String, status: Int = 200) -> HTTPResponse {
        HTTPResponse(status: status, headers: HTTPHeaders([("Content-Type", "text/plain; charset=utf-8")]), body: Array(text.utf8))
    }

    /// A JSON response.
    public static func json(_ value: JSONValue, status: Int = 200) -> HTTPResponse {
        HTTPResponse(status: status, headers: HTTPHeaders([("Content-Type", "application/json")]),
                     body: Array(JSONWriter.write(value).utf8))
    }

    /// A JSON error body `{"error": message}` with `status`.
    public static func error(_ status: Int, _ message: String) -> HTTPResponse {
        var object = JSONObject()
        object.append("error", .string(message))
        return json(.object(object), status: status)
    }

    /// A response produced later on the worker pool: an inline handler that finds it must block
    /// (a cache miss that needs Valkey) hands the rest of its work over without a second route.
    public static func deferred(_ work: @escaping @Sendable () -> HTTPResponse) -> HTTPResponse {
        var response = HTTPResponse(status: 200)
        response.body = .deferred(work)
        return response
    }

    /// The body bytes when held in memory (tests read responses this way).
    public var bodyBytes: [UInt8]? {
        if case .bytes(let bytes) = body { return bytes }
        return nil
    }
}

/// A response body: bytes in memory, or a stream the connection pulls from as the client reads.
public enum HTTPResponseBody: Sendable {
    /// The whole body, sent with Content-Length.
    case bytes([UInt8])
    /// A body produced over time, sent chunked (or with Content-Length when the stream knows its length).
    case stream(any HTTPBodyStream)
    /// The whole response is made by this work on the worker pool (see `HTTPResponse.deferred`).
    case deferred(@Sendable () -> HTTPResponse)
}
