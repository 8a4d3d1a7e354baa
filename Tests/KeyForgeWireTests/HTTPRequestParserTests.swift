import Testing
import KeyForgeWire

/// The request parser's API beyond the golden cases: field values, statefulness and messages.
@Suite("HTTP request parser")
struct HTTPRequestParserTests {
    @Test("a complete head reports its fields in order with whitespace trimmed")
    func fieldsInOrder() throws {
        let bytes = http("GET /a?b HTTP/1.1\r\nHost: kf\r\nX-Two:  b c \t\r\nx-two: d\r\n\r\n")
        guard case .complete(let head, let consumed) = parseRequest(bytes) else {
            Issue.record("expected a complete head")
            return
        }
        #expect(consumed == bytes.count)
        #expect(head.method == "GET")
        #expect(head.target == "/a?b")
        #expect(head.headers.fields.map(\.name) == ["Host", "X-Two", "x-two"])
        #expect(head.headers["X-TWO"] == "b c")
        #expect(head.headers.values(for: "x-two") == ["b c", "d"])
        #expect(head.headers.contains("host"))
        #expect(!head.headers.contains("Hos"))
    }

    @Test("consumed stops at the blank line, leaving the body in the buffer")
    func consumedStopsAtHead() {
        let head = http("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 3\r\n\r\n")
        let result = parseRequest(head + http("abc"))
        guard case .complete(let parsed, let consumed) = result else {
            Issue.record("expected a complete head, got \(result)")
            return
        }
        #expect(consumed == head.count)
        #expect(parsed.bodyFraming == .contentLength(3))
    }

    @Test("a failure is sticky until reset, then the parser starts afresh")
    func stickyFailure() {
        var parser = HTTPRequestParser()
        let bad = http("GET / HTTP/1.1\r\nHost : a\r\n\r\n")
        guard case .failure(let error) = parser.parseHead(bad) else {
            Issue.record("expected a failure")
            return
        }
        #expect(error.status == 400)
        #expect(error.message == "whitespace between a header field name and its colon")
        #expect(parser.parseHead(http("GET / HTTP/1.1\r\nHost: a\r\n\r\n")) == .failure(error))
        parser.reset()
        #expect(parser.parseHead(http("GET / HTTP/1.1\r\nHost: a\r\n\r\n")) != .failure(error))
    }

    @Test("after a complete head the same parser reads the next one from a new start")
    func readyAfterComplete() {
        var parser = HTTPRequestParser()
        let first = http("GET /1 HTTP/1.1\r\nHost: a\r\n\r\n")
        let second = http("GET /2 HTTP/1.1\r\nHost: a\r\n\r\n")
        let buffer = first + second
        guard case .complete(_, let consumed) = parser.parseHead(buffer) else {
            Issue.record("expected the first head")
            return
        }
        guard case .complete(let head, _) = parser.parseHead(Array(buffer[consumed...])) else {
            Issue.record("expected the second head")
            return
        }
        #expect(head.target == "/2")
    }

    @Test("the error statuses name the fault: 414 line, 431 head, 413 body, 501 coding, 505 version")
    func statuses() {
        let tight = HTTPLimits(maxRequestLineBytes: 16, maxHeaderCount: 2, maxHeaderBytes: 64, maxBodyBytes: 4)
        #expect(parseRequest(http("GET /0123456789ab HTTP/1.1\r\n"), limits: tight).failureStatus == 414)
        #expect(parseRequest(http("GET / HTTP/1.1\r\nHost: a\r\nX: y\r\nZ"), limits: tight).failureStatus == 431)
        #expect(parseRequest(http("PUT / HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\n\r\n"), limits: tight).failureStatus == 413)
        #expect(parseRequest(http("PUT / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: br, chunked\r\n\r\n")).failureStatus == 501)
        #expect(parseRequest(http("GET / HTTP/2.0\r\n\r\n")).failureStatus == 505)
    }

    @Test("the keep-alive rule of RFC 9112 section 9.3")
    func keepAlive() {
        let cases: [(String, Bool)] = [
            ("GET / HTTP/1.1\r\nHost: a\r\n\r\n", true),
            ("GET / HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n", false),
            ("GET / HTTP/1.1\r\nHost: a\r\nConnection: upgrade\r\nConnection: Close\r\n\r\n", false),
            ("GET / HTTP/1.0\r\n\r\n", false),
            ("GET / HTTP/1.0\r\nConnection: keep-alive\r\n\r\n", true),
            ("GET / HTTP/1.0\r\nConnection: keep-alive, close\r\n\r\n", false),
        ]
        for (text, expected) in cases {
            #expect(parseRequest(http(text)).head?.keepAlive == expected, "\(text)")
        }
    }

    @Test("the request line at 8 KiB parses; in pieces of 1000 bytes it gives partial until the end")
    func requestLineInPieces() {
        let target = "/" + String(repeating: "a", count: 8178)
        let bytes = http("GET \(target) HTTP/1.1\r\nHost: a\r\n\r\n")
        var parser = HTTPRequestParser()
        var end = 0
        var result = HTTPParseResult<HTTPRequestHead>.partial
        while result == .partial && end < bytes.count {
            end = min(end + 1_000, bytes.count)
            result = parser.parseHead(Array(bytes[..<end]))
        }
        #expect(end == bytes.count)
        #expect(result.head?.target == target)
    }
}

/// Accessors that keep parser assertions on one line.
extension HTTPParseResult {
    /// The head, when complete.
    var head: Head? {
        if case .complete(let head, _) = self { return head }
        return nil
    }

    /// The failure's status, when failed.
    var failureStatus: Int? {
        if case .failure(let error) = self { return error.status }
        return nil
    }
}
