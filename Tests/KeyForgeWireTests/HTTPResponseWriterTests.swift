import Testing
import KeyForgeWire

/// The response writer: exact bytes, framing, chunks, and refusing what would corrupt a response.
@Suite("HTTP response writer")
struct HTTPResponseWriterTests {
    /// The text the writer appends for `head`, or its error.
    func written(_ head: HTTPResponseHead) -> Result<String, HTTPWriteError> {
        var output: [UInt8] = []
        do {
            try HTTPResponseWriter.append(head, to: &output)
            return .success(String(decoding: output, as: UTF8.self))
        } catch {
            #expect(output.isEmpty, "a refused head must append nothing")
            return .failure(error)
        }
    }

    @Test("a 200 with a Content-Length writes status line, fields in order, framing, blank line")
    func contentLength() throws {
        let head = HTTPResponseHead(status: 200, headers: HTTPHeaders([("Content-Type", "application/json"), ("X-A", "b")]),
                                    bodyFraming: .contentLength(12))
        #expect(try written(head).get() == "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nX-A: b\r\nContent-Length: 12\r\n\r\n")
    }

    @Test("chunked framing writes Transfer-Encoding and no length")
    func chunked() throws {
        let head = HTTPResponseHead(status: 200, bodyFraming: .chunked)
        #expect(try written(head).get() == "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n")
    }

    @Test("a 204 and a read-until-close response write no framing field")
    func noFraming() throws {
        #expect(try written(HTTPResponseHead(status: 204)).get() == "HTTP/1.1 204 No Content\r\n\r\n")
        let closing = HTTPResponseHead(status: 200, versionMinor: 0, headers: HTTPHeaders([("Connection", "close")]),
                                       bodyFraming: .untilClose)
        #expect(try written(closing).get() == "HTTP/1.0 200 OK\r\nConnection: close\r\n\r\n")
    }

    @Test("reason phrases default from the status and may be replaced or empty")
    func reasons() throws {
        #expect(HTTPResponseWriter.reasonPhrase(for: 404) == "Not Found")
        #expect(HTTPResponseWriter.reasonPhrase(for: 431) == "Request Header Fields Too Large")
        #expect(HTTPResponseWriter.reasonPhrase(for: 299) == "")
        #expect(try written(HTTPResponseHead(status: 299)).get() == "HTTP/1.1 299 \r\n\r\n")
        #expect(try written(HTTPResponseHead(status: 200, reason: "Fine")).get() == "HTTP/1.1 200 Fine\r\n\r\n")
    }

    @Test("a header value with CR or LF is refused and nothing is appended")
    func injectedValue() {
        for value in ["a\r\nSet-Cookie: x", "a\nb", "a\rb", "a\0b"] {
            let head = HTTPResponseHead(status: 302, headers: HTTPHeaders([("Location", value)]))
            #expect(written(head).failureMessage == "control character in the value of Location")
        }
    }

    @Test("bad names, reasons, statuses and caller-supplied framing fields are refused")
    func refused() {
        #expect(written(HTTPResponseHead(status: 200, headers: HTTPHeaders([("X Y", "1")]))).failureMessage != nil)
        #expect(written(HTTPResponseHead(status: 200, headers: HTTPHeaders([("", "1")]))).failureMessage != nil)
        #expect(written(HTTPResponseHead(status: 200, reason: "OK\r\nX: y")).failureMessage != nil)
        #expect(written(HTTPResponseHead(status: 99)).failureMessage != nil)
        #expect(written(HTTPResponseHead(status: 600)).failureMessage != nil)
        #expect(written(HTTPResponseHead(status: 200, headers: HTTPHeaders([("content-length", "1")]))).failureMessage != nil)
        #expect(written(HTTPResponseHead(status: 200, headers: HTTPHeaders([("Transfer-Encoding", "chunked")]))).failureMessage != nil)
    }

    @Test("a whole response gets its Content-Length from the body; a 304 may not have one")
    func wholeResponse() throws {
        var output: [UInt8] = []
        try HTTPResponseWriter.appendResponse(HTTPResponseHead(status: 200), body: http("hi"), to: &output)
        try HTTPResponseWriter.appendResponse(HTTPResponseHead(status: 304), body: [UInt8](), to: &output)
        #expect(String(decoding: output, as: UTF8.self) == "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nhiHTTP/1.1 304 Not Modified\r\n\r\n")
        #expect(throws: HTTPWriteError.self) {
            try HTTPResponseWriter.appendResponse(HTTPResponseHead(status: 204), body: http("x"), to: &output)
        }
    }

    @Test("chunks are framed in upper-case hex, an empty chunk writes nothing, and the last chunk ends the body")
    func chunks() {
        var output: [UInt8] = []
        HTTPResponseWriter.appendChunk(Array(repeating: UInt8(ascii: "x"), count: 26), to: &output)
        HTTPResponseWriter.appendChunk([UInt8](), to: &output)
        HTTPResponseWriter.appendLastChunk(to: &output)
        #expect(String(decoding: output, as: UTF8.self) == "1A\r\n" + String(repeating: "x", count: 26) + "\r\n0\r\n\r\n")
    }

    @Test("100 Continue is a bare interim status line")
    func continueResponse() {
        var output: [UInt8] = []
        HTTPResponseWriter.appendContinue(to: &output)
        #expect(output == http("HTTP/1.1 100 Continue\r\n\r\n"))
    }

    @Test("what the writer writes, the response parser reads back")
    func roundTrip() throws {
        let head = HTTPResponseHead(status: 201, headers: HTTPHeaders([("Location", "/layouts/7"), ("X-Empty", "")]),
                                    bodyFraming: .contentLength(0))
        var output: [UInt8] = []
        try HTTPResponseWriter.append(head, to: &output)
        var expected = head
        expected.headers.append(name: "Content-Length", value: "0")
        #expect(parseResponse(output) == .complete(expected, consumed: output.count))
    }
}

/// Accessors for the writer's outcome.
extension Result where Failure == HTTPWriteError {
    /// The error's message, when the writer refused.
    var failureMessage: String? {
        if case .failure(let error) = self { return error.message }
        return nil
    }
}
