import Testing
import KeyForgeWire

/// The client's response parser: status lines, body framing per RFC 9112 section 6.3, and errors.
@Suite("HTTP response parser")
struct HTTPResponseParserTests {
    /// The framing `parseResponse` finds for `text` answering `method`, or nil when it does not complete.
    func framing(_ text: String, to method: String = "GET") -> HTTPResponseBodyFraming? {
        parseResponse(http(text), to: method).head?.bodyFraming
    }

    @Test("a 200 with Content-Length reports status, reason, fields and the length")
    func contentLength() {
        let bytes = http("HTTP/1.1 200 OK\r\nContent-Length: 5\r\nServer: kf\r\n\r\nhello")
        let expected = HTTPResponseHead(status: 200, reason: "OK", headers: HTTPHeaders([("Content-Length", "5"), ("Server", "kf")]),
                                        bodyFraming: .contentLength(5))
        #expect(parseResponse(bytes) == .complete(expected, consumed: bytes.count - 5))
        #expect(expected.keepAlive)
    }

    @Test("a chunked response is framed as chunked and its body decodes with the same decoder")
    func chunked() throws {
        let bytes = http("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nhi\r\n0\r\n\r\n")
        guard case .complete(let head, let consumed) = parseResponse(bytes) else {
            Issue.record("expected a complete head")
            return
        }
        #expect(head.bodyFraming == .chunked)
        #expect(decodeChunked(Array(bytes[consumed...])).body == http("hi"))
    }

    @Test("with neither length nor chunks the body runs until close, and the connection is not reused")
    func untilClose() {
        let head = parseResponse(http("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n\r\n")).head
        #expect(head?.bodyFraming == .untilClose)
        #expect(head?.keepAlive == false)
        #expect(framing("HTTP/1.0 200 OK\r\n\r\n") == .untilClose)
    }

    @Test("HEAD, 1xx, 204 and 304 responses have no body whatever their headers declare")
    func noBody() {
        #expect(framing("HTTP/1.1 200 OK\r\nContent-Length: 99999999999\r\n\r\n", to: "HEAD") == HTTPResponseBodyFraming.none)
        #expect(framing("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n", to: "HEAD") == HTTPResponseBodyFraming.none)
        #expect(framing("HTTP/1.1 204 No Content\r\n\r\n") == HTTPResponseBodyFraming.none)
        #expect(framing("HTTP/1.1 304 Not Modified\r\nContent-Length: 10\r\n\r\n") == HTTPResponseBodyFraming.none)
        #expect(framing("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n\r\n") == HTTPResponseBodyFraming.none)
        #expect(framing("HTTP/1.1 200 Connection established\r\n\r\n", to: "CONNECT") == HTTPResponseBodyFraming.none)
        #expect(framing("HTTP/1.1 404 Not Found\r\n\r\n", to: "CONNECT") == .untilClose)
    }

    @Test("a 100 Continue and the final response parse one after the other from one buffer")
    func interimThenFinal() {
        let bytes = http("HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n")
        var parser = HTTPResponseParser(requestMethod: "POST")
        guard case .complete(let interim, let consumed) = parser.parseHead(bytes) else {
            Issue.record("expected the interim head")
            return
        }
        #expect(interim.isInterim)
        #expect(interim.bodyFraming == HTTPResponseBodyFraming.none)
        guard case .complete(let final, let rest) = parser.parseHead(Array(bytes[consumed...])) else {
            Issue.record("expected the final head")
            return
        }
        #expect(final.status == 200)
        #expect(consumed + rest == bytes.count)
    }

    @Test("a status line without a reason, with or without the space, is accepted")
    func emptyReason() {
        #expect(parseResponse(http("HTTP/1.1 200 \r\nContent-Length: 0\r\n\r\n")).head?.reason == "")
        #expect(parseResponse(http("HTTP/1.1 200\r\nContent-Length: 0\r\n\r\n")).head?.reason == "")
        #expect(parseResponse(http("HTTP/1.1 404 Not  Found \r\n\r\n")).head?.reason == "Not  Found ")
    }

    @Test("malformed and smuggling-shaped responses fail with 502")
    func failures() {
        let bad = [
            "HTTP/1.1 200 OK\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n",
            "HTTP/1.1 200 OK\r\nContent-Length: 5\r\nContent-Length: 5\r\n\r\n",
            "HTTP/1.1 200 OK\r\nContent-Length: 5, 5\r\n\r\n",
            "HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip\r\n\r\n",
            "HTTP/1.1 200 OK\r\nX: a\r\n b\r\n\r\n",
            "HTTP/1.1 20 OK\r\n\r\n",
            "HTTP/1.1 2000 OK\r\n\r\n",
            "HTTP/1.1 600 Odd\r\n\r\n",
            "HTTP/2.0 200 OK\r\n\r\n",
            "HTTP/1.1 200 O\u{01}K\r\n\r\n",
            "HTTP/1.1 200 OK\r\nX: a\rb\r\n\r\n",
            "HTTP/1.1 200 OK\nContent-Length: 0\n\n",
            "ICY 200 OK\r\n\r\n",
        ]
        for text in bad {
            #expect(parseResponse(http(text)).failureStatus == 502, "\(text)")
        }
    }

    @Test("limits apply to responses: long status line, too many fields, too large a body")
    func limits() {
        let tight = HTTPLimits(maxRequestLineBytes: 20, maxHeaderCount: 1, maxHeaderBytes: 64, maxBodyBytes: 10)
        #expect(parseResponse(http("HTTP/1.1 200 " + String(repeating: "x", count: 8)), limits: tight).failureStatus == 502)
        #expect(parseResponse(http("HTTP/1.1 200 " + String(repeating: "x", count: 7)), limits: tight) == .partial)
        #expect(parseResponse(http("HTTP/1.1 200 OK\r\nA: 1\r\nB"), limits: tight).failureStatus == 502)
        #expect(parseResponse(http("HTTP/1.1 200 OK\r\nContent-Length: 11\r\n\r\n"), limits: tight).failureStatus == 502)
        #expect(parseResponse(http("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\n"), limits: tight).head != nil)
        #expect(parseResponse(http("HTTP/1.1 200 OK\r\nContent-Length: 11\r\n\r\n"), to: "HEAD", limits: tight).head != nil)
    }

    @Test("every prefix of a response is partial, and byte-by-byte feeding gives the whole-buffer result")
    func dripFeed() {
        let bytes = http("HTTP/1.1 200 OK\r\nContent-Length: 3\r\nConnection: close\r\n\r\n")
        let whole = parseResponse(bytes)
        #expect(whole.head?.keepAlive == false)
        for length in 0..<bytes.count {
            #expect(parseResponse(Array(bytes[..<length])) == .partial, "prefix \(length)")
        }
        var parser = HTTPResponseParser()
        var last = HTTPParseResult<HTTPResponseHead>.partial
        for end in 1...bytes.count {
            last = parser.parseHead(Array(bytes[..<end]))
        }
        #expect(last == whole)
    }
}
