/// Why a message failed to parse, and the status a server answers with: a value, never a trap.
///
/// `HTTPRequestParser` and `HTTPChunkedDecoder` (on a request body) report one of 400, 413, 414,
/// 431, 501 or 505, so the server's one error path can write `status` and close the connection.
/// `HTTPResponseParser` reports 502 for every failure: a bad upstream response is what a gateway
/// answers 502 for, and a client has no one to answer; `message` still says what was wrong.
public struct HTTPParseError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The status code to answer with (400, 413, 414, 431, 501, 505, or 502 from the response parser).
    public var status: Int
    /// What went wrong, for logs, e.g. "Content-Length and Transfer-Encoding together".
    public var message: String

    /// Creates an error with its status and message.
    public init(status: Int, message: String) {
        self.status = status
        self.message = message
    }

    /// The error for logs: "400: <message>".
    public var description: String {
        "\(status): \(message)"
    }

    /// A 400 Bad Request: the message is malformed or ambiguous.
    static func badRequest(_ message: String) -> HTTPParseError {
        HTTPParseError(status: 400, message: message)
    }
}
