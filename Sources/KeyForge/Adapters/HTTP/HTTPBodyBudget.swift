/// The request-body bytes all connections of one server may buffer at once (docs/OPERATIONS.md, "Request bodies").
///
/// A body is reserved before it is read (its whole `Content-Length` at once, a chunked body chunk by
/// chunk) and released when its response is queued or its connection closes. A body that would pass the
/// capacity is refused with 503 and `Retry-After`, so many slow or idle uploads cannot hold more memory
/// than the server's share for them, while requests without a body go on being served.
///
/// Thread rule: loop thread only (no lock).
struct HTTPBodyBudget {
    /// Seconds a client refused for want of room is told to wait: bodies are small and their
    /// requests quick, so room comes back within about a second.
    static let retryAfterSeconds = 1

    /// The most bytes reserved at once.
    let capacity: Int
    /// The bytes reserved now.
    private(set) var reserved = 0

    /// Creates an empty budget of `capacity` bytes.
    init(capacity: Int) { self.capacity = max(0, capacity) }

    /// Reserves `bytes` if they fit; false (nothing reserved) when they would pass the capacity.
    mutating func reserve(_ bytes: Int) -> Bool {
        guard bytes >= 0, bytes <= capacity - reserved else { return false }
        reserved += bytes
        return true
    }

    /// Gives back `bytes` reserved earlier.
    mutating func release(_ bytes: Int) {
        reserved = max(0, reserved - bytes)
    }

    /// The 503 for a body that does not fit now.
    static func refusal() -> HTTPResponse {
        var response = HTTPResponse.error(503, "too many request bodies in flight: retry shortly")
        response.headers.append(name: "Retry-After", value: String(retryAfterSeconds))
        return response
    }
}
