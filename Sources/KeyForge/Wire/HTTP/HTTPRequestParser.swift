/// An incremental parser of request heads (RFC 9112): bytes in, an `HTTPRequestHead` or an error out.
///
/// Call `parseHead` with every byte received so far for the current request, starting at its first
/// byte; after `.partial`, call again once more bytes have arrived, passing the old bytes too. The
/// parser remembers how far it has looked, so the head is scanned once in total. After
/// `.complete(head, consumed:)` the parser is ready for the next request, which starts at
/// `consumed` (after this request's body). A failure is sticky until `reset()`: the server answers
/// `error.status` and closes, since the framing of anything after a bad head is unknown.
///
/// Strict where the RFC allows leniency, because leniency is where smuggling lives: CRLF only,
/// single spaces, no obs-fold, no whitespace before a colon, one Host for HTTP/1.1, and the framing
/// rules of `HTTPFramingRules`. Errors are found in input order, so a prefix of bad input is either
/// `.partial` or the same error.
public struct HTTPRequestParser: Sendable {
    /// The limits in force.
    public let limits: HTTPLimits
    /// Finds lines and enforces the byte-level rules and head limits.
    private var scanner: HTTPHeadScanner
    /// The request line, once read.
    private var requestLine: HTTPLineParser.RequestLine?
    /// The fields read so far.
    private var headers = HTTPHeaders()
    /// The failure that ended parsing, repeated until `reset()`.
    private var failure: HTTPParseError?

    /// Creates a parser waiting for the first byte of a request.
    public init(limits: HTTPLimits = .standard) {
        self.limits = limits
        self.scanner = HTTPHeadScanner(limits: limits)
    }

    /// Forgets any partial head or failure and waits for the first byte of a request.
    public mutating func reset() {
        self = HTTPRequestParser(limits: limits)
    }

    /// Parses as much of the head in `buffer` as has arrived; `buffer` starts at the request's first byte.
    public mutating func parseHead(_ buffer: UnsafeRawBufferPointer) -> HTTPParseResult<HTTPRequestHead> {
        if let failure { return .failure(failure) }
        do throws(HTTPParseError) {
            guard let consumed = try scanner.scanHead(buffer, start: &requestLine, headers: &headers,
                                                      parseStart: HTTPLineParser.parseRequestLine) else { return .partial }
            let head = try finishHead()
            reset()
            return .complete(head, consumed: consumed)
        } catch {
            failure = error
            return .failure(error)
        }
    }

    /// Parses the head at the start of `bytes`; a convenience for callers that keep an array.
    public mutating func parseHead(_ bytes: [UInt8]) -> HTTPParseResult<HTTPRequestHead> {
        bytes.withUnsafeBytes { parseHead($0) }
    }

    /// Applies the rules that need the whole head: Host, a single Authorization, and body framing.
    private func finishHead() throws(HTTPParseError) -> HTTPRequestHead {
        guard let requestLine else { preconditionFailure("the head scanner ended a head without a start line") }
        let hostCount = headers.values(for: "Host").count
        // RFC 9112 §3.2: a 1.1 request without Host, or any request with two, gets 400.
        if hostCount > 1 { throw .badRequest("more than one Host field") }
        if hostCount == 0 && requestLine.versionMinor >= 1 { throw .badRequest("HTTP/1.1 request without Host") }
        // RFC 9110 §11.6.2: Authorization is a singleton; with two, which one a server honours is a guess
        // that a proxy and the server may make differently, so a request with more than one is refused.
        if headers.values(for: "Authorization").count > 1 { throw .badRequest("more than one Authorization field") }
        let framing: HTTPBodyFraming
        switch try HTTPFramingRules.declared(by: headers, versionMinor: requestLine.versionMinor) {
        case .absent:
            framing = .none
        case .chunked:
            framing = .chunked
        case .contentLength(let length):
            try HTTPFramingRules.checkBodyLength(length, limits: limits)
            framing = .contentLength(length)
        }
        return HTTPRequestHead(method: requestLine.method, target: requestLine.target,
                               versionMinor: requestLine.versionMinor, headers: headers, bodyFraming: framing)
    }
}
