/// How the body of a request is delimited (RFC 9112 §6.3), decided when its head is parsed.
///
/// A request never reads until close: with neither `Content-Length` nor `Transfer-Encoding` it has
/// no body at all.
public enum HTTPBodyFraming: Equatable, Sendable {
    /// No body; the next byte after the head starts the next request.
    case none
    /// Exactly this many body bytes follow the head (possibly zero).
    case contentLength(Int)
    /// The body is chunked; feed the bytes after the head to an `HTTPChunkedDecoder`.
    case chunked
}

/// How the body of a response is delimited (RFC 9112 §6.3), which also depends on the request.
public enum HTTPResponseBodyFraming: Equatable, Sendable {
    /// No body: a response to HEAD, a 1xx, 204 or 304, or a 2xx to CONNECT.
    case none
    /// Exactly this many body bytes follow the head.
    case contentLength(Int)
    /// The body is chunked; feed the bytes after the head to an `HTTPChunkedDecoder`.
    case chunked
    /// The body is every byte until the server closes the connection, which cannot be reused.
    case untilClose
}
