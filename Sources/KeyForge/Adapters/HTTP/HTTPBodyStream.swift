/// What a stream hands the connection when asked for more.
public enum HTTPStreamChunk: Sendable {
    /// The next bytes (never empty).
    case bytes([UInt8])
    /// Nothing now; the stream calls its wake handler when there is.
    case wait
    /// The body is complete.
    case end
}

/// A streamed response body with backpressure: the connection pulls only while its output buffer
/// is below its low-water mark, so a slow reader slows the producer instead of growing memory.
///
/// Thread rule: `pull` and `cancel` are called on the connection's loop thread; the wake handler
/// may be called from any thread.
public protocol HTTPBodyStream: AnyObject, Sendable {
    /// The total length when known in advance (sent as Content-Length), or nil (chunked).
    var contentLength: Int? { get }
    /// Up to `maxBytes` more of the body, or `.wait`, or `.end`.
    func pull(maxBytes: Int) -> HTTPStreamChunk
    /// Installs the closure to call after returning `.wait` once data is available (or the stream ended).
    func setWakeHandler(_ wake: @escaping @Sendable () -> Void)
    /// The connection went away; release resources and stop producing.
    func cancel()
}
