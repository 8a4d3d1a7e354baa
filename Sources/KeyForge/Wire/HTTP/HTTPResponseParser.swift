/// An incremental parser of response heads for KeyForge's HTTP client, the mirror of `HTTPRequestParser`.
///
/// The calling convention is the same: pass every byte of the current response so far, starting at
/// its first byte, until `.complete(head, consumed:)`; the body (framed by `head.bodyFraming`) and
/// then the next response follow `consumed`. Set `requestMethod` before each response, since a
/// response to HEAD has no body whatever its headers say. An interim 1xx head completes like any
/// other (framing `.none`); parse again for the final response. Every failure has status 502.
public struct HTTPResponseParser: Sendable {
    /// The limits in force; `maxRequestLineBytes` bounds the status line.
    public let limits: HTTPLimits
    /// The method of the request this response answers, e.g. "HEAD"; it decides body framing.
    public var requestMethod: String
    /// Finds lines and enforces the byte-level rules and head limits.
    private var scanner: HTTPHeadScanner
    /// The status line, once read.
    private var statusLine: HTTPLineParser.StatusLine?
    /// The fields read so far.
    private var headers = HTTPHeaders()
    /// The failure that ended parsing, repeated until `reset()`.
    private var failure: HTTPParseError?

    /// Creates a parser for the response to a `requestMethod` request.
    public init(requestMethod: String = "GET", limits: HTTPLimits = .standard) {
        self.limits = limits
        self.requestMethod = requestMethod
        self.scanner = HTTPHeadScanner(limits: limits)
    }

    /// Forgets any partial head or failure; keeps `requestMethod` and the limits.
    public mutating func reset() {
        self = HTTPResponseParser(requestMethod: requestMethod, limits: limits)
    }

    /// Parses as much of the head in `buffer` as has arrived; `buffer` starts at the response's first byte.
    public mutating func parseHead(_ buffer: UnsafeRawBufferPointer) -> HTTPParseResult<HTTPResponseHead> {
        if let failure { return .failure(failure) }
        do throws(HTTPParseError) {
            guard let consumed = try scanner.scanHead(buffer, start: &statusLine, headers: &headers,
                                                      parseStart: HTTPLineParser.parseStatusLine) else { return .partial }
            let head = try finishHead()
            reset()
            return .complete(head, consumed: consumed)
        } catch {
            let gatewayError = HTTPParseError(status: 502, message: error.message)
            failure = gatewayError
            return .failure(gatewayError)
        }
    }

    /// Parses the head at the start of `bytes`; a convenience for callers that keep an array.
    public mutating func parseHead(_ bytes: [UInt8]) -> HTTPParseResult<HTTPResponseHead> {
        bytes.withUnsafeBytes { parseHead($0) }
    }

    /// Works out the body framing (RFC 9112 §6.3) once the whole head is known.
    ///
    /// The framing fields are validated even when the status or method means no body, so a
    /// malformed response is refused the same way whatever it answers. Content-Length is held to
    /// `maxBodyBytes` only when it frames a body: a HEAD response declares the size of a GET's.
    private func finishHead() throws(HTTPParseError) -> HTTPResponseHead {
        guard let statusLine else { preconditionFailure("the head scanner ended a head without a start line") }
        let declared = try HTTPFramingRules.declared(by: headers, versionMinor: statusLine.versionMinor)
        let status = statusLine.status
        let hasNoBody = requestMethod == "HEAD" || (100...199).contains(status) || status == 204 || status == 304
            || (requestMethod == "CONNECT" && (200...299).contains(status))
        let framing: HTTPResponseBodyFraming
        switch declared {
        case _ where hasNoBody:
            framing = .none
        case .chunked:
            framing = .chunked
        case .contentLength(let length):
            try HTTPFramingRules.checkBodyLength(length, limits: limits)
            framing = .contentLength(length)
        case .absent:
            framing = .untilClose
        }
        return HTTPResponseHead(status: status, reason: statusLine.reason, versionMinor: statusLine.versionMinor,
                                headers: headers, bodyFraming: framing)
    }
}
