/// Writes responses as bytes: status line, header fields, framing, chunks and `100 Continue`.
///
/// Appends to a caller-owned `[UInt8]`, so a server can build a whole pipelined batch of responses
/// in one output buffer and write it with one syscall. The framing field comes from
/// `head.bodyFraming` and nowhere else, so a response can never declare its length twice.
public enum HTTPResponseWriter {
    /// The interim response that tells a client waiting on `Expect: 100-continue` to send its body.
    public static func appendContinue(to output: inout [UInt8]) {
        output.append(contentsOf: "HTTP/1.1 100 Continue\r\n\r\n".utf8)
    }

    /// Appends the head: status line, fields, the framing field of `head.bodyFraming`, blank line.
    ///
    /// Validates everything first and appends nothing on error. `.contentLength(n)` writes
    /// `Content-Length: n` (also right for a HEAD response, whose body the server just omits),
    /// `.chunked` writes `Transfer-Encoding: chunked`, and `.none`/`.untilClose` write no framing field.
    public static func append(_ head: HTTPResponseHead, to output: inout [UInt8]) throws(HTTPWriteError) {
        try validate(head)
        output.append(contentsOf: "HTTP/1.\(head.versionMinor) \(head.status) ".utf8)
        output.append(contentsOf: head.reason.utf8)
        output.append(contentsOf: HTTPSyntax.crlf)
        for field in head.headers {
            appendField(field.name, field.value, to: &output)
        }
        switch head.bodyFraming {
        case .contentLength(let length):
            appendField("Content-Length", String(length), to: &output)
        case .chunked:
            appendField("Transfer-Encoding", "chunked", to: &output)
        case .none, .untilClose:
            break
        }
        output.append(contentsOf: HTTPSyntax.crlf)
    }

    /// Appends a whole response with `body`, framed by Content-Length (no framing for 1xx, 204, 304).
    public static func appendResponse(_ head: HTTPResponseHead, body: some Collection<UInt8>,
                                      to output: inout [UInt8]) throws(HTTPWriteError) {
        var framed = head
        if head.isInterim || head.status == 204 || head.status == 304 {
            guard body.isEmpty else { throw HTTPWriteError(message: "a \(head.status) response cannot have a body") }
            framed.bodyFraming = .none
        } else {
            framed.bodyFraming = .contentLength(body.count)
        }
        try append(framed, to: &output)
        output.append(contentsOf: body)
    }

    /// Appends one chunk framing `bytes`; empty `bytes` append nothing, since an empty chunk would end the body.
    public static func appendChunk(_ bytes: some Collection<UInt8>, to output: inout [UInt8]) {
        guard !bytes.isEmpty else { return }
        output.append(contentsOf: String(bytes.count, radix: 16, uppercase: true).utf8)
        output.append(contentsOf: HTTPSyntax.crlf)
        output.append(contentsOf: bytes)
        output.append(contentsOf: HTTPSyntax.crlf)
    }

    /// Appends the last chunk and the empty trailer section that end a chunked body.
    public static func appendLastChunk(to output: inout [UInt8]) {
        output.append(contentsOf: "0\r\n\r\n".utf8)
    }

    /// Appends `name: value` and CRLF; both were validated.
    private static func appendField(_ name: String, _ value: String, to output: inout [UInt8]) {
        output.append(contentsOf: name.utf8)
        output.append(contentsOf: ": ".utf8)
        output.append(contentsOf: value.utf8)
        output.append(contentsOf: HTTPSyntax.crlf)
    }

    /// Fails unless every part of `head` can be written without changing the message's structure.
    private static func validate(_ head: HTTPResponseHead) throws(HTTPWriteError) {
        guard (100...599).contains(head.status) else { throw HTTPWriteError(message: "status \(head.status) is not from 100 to 599") }
        guard head.versionMinor == 0 || head.versionMinor == 1 else {
            throw HTTPWriteError(message: "HTTP/1.\(head.versionMinor) is not a version the writer speaks")
        }
        guard head.reason.utf8.allSatisfy(HTTPSyntax.isFieldValueByte) else {
            throw HTTPWriteError(message: "control character in the reason phrase")
        }
        for field in head.headers {
            guard HTTPSyntax.isToken(field.name) else { throw HTTPWriteError(message: "invalid header field name \"\(field.name)\"") }
            if HTTPSyntax.equalsIgnoringCase(field.name, "Content-Length")
                || HTTPSyntax.equalsIgnoringCase(field.name, "Transfer-Encoding") {
                throw HTTPWriteError(message: "\(field.name) comes from bodyFraming, not from the header fields")
            }
            guard field.value.utf8.allSatisfy(HTTPSyntax.isFieldValueByte) else {
                throw HTTPWriteError(message: "control character in the value of \(field.name)")
            }
        }
    }
}
