/// An incremental decoder of the chunked transfer coding (RFC 9112 §7.1): framing in, body slices out.
///
/// Feed it the bytes after the head, a buffer at a time; each call returns one event, and the caller
/// drops the bytes that event used and calls again (with more input after `.needsMore`). It is a
/// byte-at-a-time state machine that keeps no input, so it allocates nothing and the body slices
/// point straight into the caller's buffer. It stops at the last byte of the body, so pipelined
/// requests after it stay in the caller's buffer.
///
/// Chunk extensions are skipped (KeyForge defines none) but count towards `maxChunkLineBytes`.
/// Trailer fields are checked for syntax and size and then dropped: nothing in KeyForge reads
/// them, and RFC 9110 §6.5.1 forbids merging them into the header fields blindly.
public struct HTTPChunkedDecoder: Sendable {
    /// Where in the chunked grammar the next byte falls.
    enum State: Equatable {
        /// In a chunk-size line: the hex size, whitespace before an extension, an extension, its LF.
        case size, sizeWhitespace, chunkExtension, sizeLF
        /// In chunk data with `remaining` bytes to go.
        case data(remaining: Int)
        /// After chunk data: its CR, then its LF.
        case dataCR, dataLF
        /// In the trailer section: a line's first byte, its name, its value, its LF; the final LF.
        case trailerLineStart, trailerName, trailerValue, trailerLF, endLF
        /// The body has ended.
        case done
    }

    /// The limits in force: `maxChunkLineBytes`, `maxBodyBytes` and `maxTrailerBytes`.
    public let limits: HTTPLimits
    /// Where the decoder is.
    var state = State.size
    /// The size of the chunk whose size line is being read.
    var chunkSize = 0
    /// Whether the size line has at least one hex digit so far.
    var hasSizeDigit = false
    /// The bytes of the current size line so far, CRLF excluded.
    var lineBytes = 0
    /// The body bytes declared by all finished size lines so far.
    var bodyBytes = 0
    /// The trailer bytes so far.
    var trailerBytes = 0
    /// The failure that ended decoding, repeated on every later call.
    private var failure: HTTPParseError?

    /// Creates a decoder at the start of a chunked body.
    public init(limits: HTTPLimits = .standard) {
        self.limits = limits
    }

    /// Whether the whole body, trailers included, has been decoded.
    public var isComplete: Bool {
        state == .done
    }

    /// Decodes from the start of `buffer` (the first byte the decoder has not yet used) to the next event.
    public mutating func decode(_ buffer: UnsafeRawBufferPointer) -> HTTPChunkedEvent {
        if let failure { return .failure(failure) }
        if state == .done { return .end(consumed: 0) }
        var index = 0
        while index < buffer.count {
            if case .data(let remaining) = state {
                let count = min(remaining, buffer.count - index)
                state = count == remaining ? .dataCR : .data(remaining: remaining - count)
                return .data(index..<index + count)
            }
            let byte = buffer[index]
            index += 1
            do throws(HTTPParseError) {
                try step(byte)
            } catch {
                failure = error
                return .failure(error)
            }
            if state == .done { return .end(consumed: index) }
        }
        return .needsMore
    }

    /// Decodes from the start of `bytes`; a convenience for callers that keep an array.
    public mutating func decode(_ bytes: [UInt8]) -> HTTPChunkedEvent {
        bytes.withUnsafeBytes { decode($0) }
    }
}
