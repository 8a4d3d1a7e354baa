import KeyForgeWire

/// A server connection in miniature: bytes arrive in pieces, heads and bodies come out as lines.
///
/// It drives `HTTPRequestParser` and `HTTPChunkedDecoder` exactly as an epoll loop would (parse a
/// head, then its body, then the next head from the same buffer) and records what it saw as the
/// lines the golden cases expect, so every feeding strategy can be compared with one `==`.
struct HTTPRequestSession {
    /// What the session is waiting for.
    private enum Phase {
        case head
        case fixedBody(remaining: Int)
        case chunkedBody(HTTPChunkedDecoder)
        case failed
    }

    /// The limits given to the parser and the decoder.
    let limits: HTTPLimits
    /// The head parser.
    private var parser: HTTPRequestParser
    /// Every byte received.
    private var buffer: [UInt8] = []
    /// The offset of the first byte not yet consumed.
    private var start = 0
    /// What is being read.
    private var phase = Phase.head
    /// The body read so far.
    private var body: [UInt8] = []
    /// One line per head, body or error, in order.
    private(set) var lines: [String] = []

    /// Creates a session with no bytes received.
    init(limits: HTTPLimits = .standard) {
        self.limits = limits
        self.parser = HTTPRequestParser(limits: limits)
    }

    /// The lines so far, plus "partial" when a message has begun but not ended.
    var outcome: [String] {
        switch phase {
        case .failed: lines
        case .head: start < buffer.count ? lines + ["partial"] : lines
        case .fixedBody, .chunkedBody: lines + ["partial"]
        }
    }

    /// Receives `bytes` and consumes as many whole parts of messages as they complete.
    mutating func feed(_ bytes: some Collection<UInt8>) {
        buffer.append(contentsOf: bytes)
        while advance() {}
    }

    /// Makes one step of progress; false when more bytes are needed or the session failed.
    private mutating func advance() -> Bool {
        switch phase {
        case .failed:
            return false
        case .head:
            guard start < buffer.count else { return false }
            switch buffer[start...].withUnsafeBytes({ parser.parseHead($0) }) {
            case .partial:
                return false
            case .failure(let error):
                fail(error)
                return false
            case .complete(let head, let consumed):
                start += consumed
                lines.append(Self.summary(head))
                body = []
                switch head.bodyFraming {
                case .none: break
                case .contentLength(let length): phase = .fixedBody(remaining: length)
                case .chunked: phase = .chunkedBody(HTTPChunkedDecoder(limits: limits))
                }
                return true
            }
        case .fixedBody(let remaining):
            let count = min(remaining, buffer.count - start)
            body.append(contentsOf: buffer[start..<start + count])
            start += count
            guard count == remaining else {
                phase = .fixedBody(remaining: remaining - count)
                return false
            }
            finishBody()
            return true
        case .chunkedBody(var decoder):
            let event = buffer[start...].withUnsafeBytes { decoder.decode($0) }
            phase = .chunkedBody(decoder)
            switch event {
            case .data(let range):
                body.append(contentsOf: buffer[(start + range.lowerBound)..<(start + range.upperBound)])
                start += range.upperBound
                return true
            case .needsMore:
                start = buffer.count
                return false
            case .end(let consumed):
                start += consumed
                finishBody()
                return true
            case .failure(let error):
                fail(error)
                return false
            }
        }
    }

    /// Records the finished body and goes back to reading heads.
    private mutating func finishBody() {
        lines.append("body=\"\(escaped(body))\"")
        phase = .head
    }

    /// Records an error; the session takes no more bytes, as a server closes the connection.
    private mutating func fail(_ error: HTTPParseError) {
        lines.append("error=\(error.status)")
        phase = .failed
    }

    /// A head as one golden line, e.g. `method=GET target=/ version=1.1 keepalive=true framing=none headers=1`.
    static func summary(_ head: HTTPRequestHead) -> String {
        let framing = switch head.bodyFraming {
        case .none: "none"
        case .contentLength(let length): "content-length:\(length)"
        case .chunked: "chunked"
        }
        var line = "method=\(head.method) target=\(head.target) version=1.\(head.versionMinor)"
        line += " keepalive=\(head.keepAlive) framing=\(framing) headers=\(head.headers.count)"
        return head.expectsContinue ? line + " continue=true" : line
    }
}

/// `bytes` written with the golden escape convention: `\r`, `\n`, `\t`, `\0`, `\\`, `\"` and `\xHH`.
func escaped(_ bytes: some Sequence<UInt8>) -> String {
    var text = ""
    for byte in bytes {
        switch byte {
        case 0x0D: text += "\\r"
        case 0x0A: text += "\\n"
        case 0x09: text += "\\t"
        case 0x00: text += "\\0"
        case UInt8(ascii: "\\"): text += "\\\\"
        case UInt8(ascii: "\""): text += "\\\""
        case 0x20...0x7E: text.unicodeScalars.append(Unicode.Scalar(byte))
        default:
            let hex = String(byte, radix: 16)
            text += "\\x" + (hex.count < 2 ? "0" + hex : hex)
        }
    }
    return text
}

/// The bytes of `text` with ASCII `\r\n` line endings, for hand-written inputs in unit tests.
func http(_ text: String) -> [UInt8] {
    Array(text.utf8)
}

/// The result of parsing `bytes` whole with a fresh request parser.
func parseRequest(_ bytes: [UInt8], limits: HTTPLimits = .standard) -> HTTPParseResult<HTTPRequestHead> {
    var parser = HTTPRequestParser(limits: limits)
    return parser.parseHead(bytes)
}

/// The result of parsing `bytes` whole with a fresh response parser.
func parseResponse(_ bytes: [UInt8], to method: String = "GET", limits: HTTPLimits = .standard) -> HTTPParseResult<HTTPResponseHead> {
    var parser = HTTPResponseParser(requestMethod: method, limits: limits)
    return parser.parseHead(bytes)
}

/// The body a chunked decoder produces from `bytes`, and how many bytes it consumed; or its error.
func decodeChunked(_ bytes: [UInt8], limits: HTTPLimits = .standard) -> Result<(body: [UInt8], consumed: Int), HTTPParseError> {
    var decoder = HTTPChunkedDecoder(limits: limits)
    var body: [UInt8] = []
    var start = 0
    while true {
        switch bytes[start...].withUnsafeBytes({ decoder.decode($0) }) {
        case .data(let range):
            body += bytes[(start + range.lowerBound)..<(start + range.upperBound)]
            start += range.upperBound
        case .needsMore:
            return .failure(HTTPParseError(status: 0, message: "needs more"))
        case .end(let consumed):
            return .success((body, start + consumed))
        case .failure(let error):
            return .failure(error)
        }
    }
}
