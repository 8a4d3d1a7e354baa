/// What one call of `HTTPChunkedDecoder.decode` found.
///
/// Every case says how many bytes of the buffer the decoder used, so the caller drops exactly those
/// and keeps the rest, which may be the next pipelined message.
public enum HTTPChunkedEvent: Equatable, Sendable {
    /// Body bytes at `range` of the buffer; the decoder used every byte up to `range.upperBound`.
    case data(Range<Int>)
    /// The decoder used every byte of the buffer (framing only) and needs more.
    case needsMore
    /// The body, trailers included, ended after the first `consumed` bytes of the buffer.
    case end(consumed: Int)
    /// The bytes are not a valid chunked body, or break a limit; the decoder stays failed.
    case failure(HTTPParseError)
}
