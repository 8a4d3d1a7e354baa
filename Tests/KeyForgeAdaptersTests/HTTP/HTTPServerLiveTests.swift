import Foundation
import Glibc
import KeyForgeAdapters
import KeyForgeSystem
import KeyForgeWire
import Testing

@Suite("HTTP server over loopback")
struct HTTPServerLiveTests {
    @Test("100 pipelined requests in one write get 100 responses, in order")
    func pipelined() throws {
        let server = try TestHTTPServer()
        let client = try RawClient(port: server.port)
        try client.send((0..<100).map { "GET /n/\($0) HTTP/1.1\r\nHost: t\r\n\r\n" }.joined())
        let (bytes, _) = try client.read { parseResponses($0).count == 100 }
        let responses = parseResponses(bytes)
        #expect(responses.count == 100)
        #expect(responses.map { String(decoding: $0.body, as: UTF8.self) } == (0..<100).map(String.init))
        #expect(responses.allSatisfy { $0.head.status == 200 })
    }

    @Test("a slow reader of 50 pipelined 64 KiB responses gets every byte intact, and the server pauses instead of buffering")
    func slowReaderBackpressure() throws {
        let server = try TestHTTPServer { $0.outputHighWaterBytes = 256 << 10 }
        let client = try RawClient(port: server.port)
        try client.send((0..<50).map { _ in "GET /big HTTP/1.1\r\nHost: t\r\n\r\n" }.joined())
        var received: [UInt8] = []
        // Read in small sips with pauses, so the server's writes keep hitting a full socket buffer.
        while parseResponses(received).count < 50 {
            let (bytes, closed) = try client.read(seconds: 0.01) { $0.count >= 16_384 }
            received += bytes
            if closed { break }
            usleep(500)
        }
        let responses = parseResponses(received)
        #expect(responses.count == 50)
        #expect(responses.allSatisfy { $0.body == TestHTTPServer.bigBody })
    }

    @Test("a slowloris client is closed within the header timeout, with a 408")
    func slowloris() throws {
        let server = try TestHTTPServer { $0.headerTimeout = .milliseconds(300) }
        let client = try RawClient(port: server.port)
        let start = ContinuousClock.now
        try client.send("GET /hello HTTP/1.1\r\nHost: t\r\nX-Slow: ")
        var closed = false
        var received: [UInt8] = []
        // Keep dripping a byte every 50 ms: progress must not extend the header deadline.
        for _ in 0..<40 where !closed {
            try? client.send("a")
            let (bytes, didClose) = try client.read(seconds: 0.05)
            received += bytes
            closed = didClose
        }
        if !closed { (received, closed) = try client.read(seconds: 2) }
        #expect(closed)
        #expect(ContinuousClock.now - start < .seconds(2))
        #expect(String(decoding: received, as: UTF8.self).hasPrefix("HTTP/1.1 408"))
        #expect(server.server.metrics.timeoutCount == 1)
    }

    @Test("an idle keep-alive connection is closed after the idle timeout, silently")
    func idleTimeout() throws {
        let server = try TestHTTPServer { $0.idleTimeout = .milliseconds(200) }
        let client = try RawClient(port: server.port)
        try client.send("GET /hello HTTP/1.1\r\nHost: t\r\n\r\n")
        let (bytes, closed) = try client.read(seconds: 3)
        #expect(closed)
        #expect(parseResponses(bytes).count == 1)
    }

    @Test("a client that half-closes after its request still gets the response")
    func halfClose() throws {
        let server = try TestHTTPServer()
        let client = try RawClient(port: server.port)
        try client.send("GET /slow HTTP/1.1\r\nHost: t\r\n\r\nGET /hello HTTP/1.1\r\nHost: t\r\n\r\n")
        client.shutdownWrite()
        let (bytes, closed) = try client.read(seconds: 5)
        #expect(closed)
        #expect(parseResponses(bytes).map { String(decoding: $0.body, as: UTF8.self) } == ["slow", "hello"])
    }

    @Test("a blocking handler runs on the pool while the loop keeps answering other connections")
    func blockingDoesNotStallLoop() throws {
        let server = try TestHTTPServer()
        let slow = try RawClient(port: server.port)
        try slow.send("GET /slow HTTP/1.1\r\nHost: t\r\n\r\n")
        let fast = try RawClient(port: server.port)
        try fast.send("GET /hello HTTP/1.1\r\nHost: t\r\n\r\n")
        let (fastBytes, _) = try fast.read(seconds: 0.15) { parseResponses($0).count == 1 }
        #expect(parseResponses(fastBytes).count == 1, "the fast request waited for the slow one")
        let (slowBytes, _) = try slow.read { parseResponses($0).count == 1 }
        #expect(parseResponses(slowBytes).first.map { String(decoding: $0.body, as: UTF8.self) } == "slow")
    }

    @Test("framing errors get their status and the connection is closed",
          arguments: [("GET / HTTP/1.1\r\nHost: t\r\nContent-Length: 1\r\nTransfer-Encoding: chunked\r\n\r\n", 400),
                      ("POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: 99999999999\r\n\r\n", 413),
                      ("GET /" + String(repeating: "a", count: 9000) + " HTTP/1.1\r\nHost: t\r\n\r\n", 414),
                      ("GET / HTTP/1.1\r\nHost: t\r\n" + String(repeating: "X-A: b\r\n", count: 200) + "\r\n", 431),
                      ("POST /echo HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: gzip, chunked\r\n\r\n", 501),
                      ("GET / HTTP/2.0\r\nHost: t\r\n\r\n", 505)])
    func framingErrors(request: String, status: Int) throws {
        let server = try TestHTTPServer()
        let client = try RawClient(port: server.port)
        try client.send(request + "GET /hello HTTP/1.1\r\nHost: t\r\n\r\n")
        let (bytes, closed) = try client.read(seconds: 3)
        let responses = parseResponses(bytes)
        #expect(closed)
        #expect(responses.count == 1, "nothing after a framing error may be answered")
        #expect(responses.first?.head.status == status)
    }

    @Test("Server-Sent Events stream as chunks while they are produced")
    func serverSentEvents() throws {
        let server = try TestHTTPServer()
        let client = try RawClient(port: server.port)
        try client.send("GET /sse HTTP/1.1\r\nHost: t\r\n\r\n")
        let (bytes, _) = try client.read { parseResponses($0).count == 1 }
        let response = try #require(parseResponses(bytes).first)
        #expect(response.head.headers["Transfer-Encoding"] == "chunked")
        #expect(String(decoding: response.body, as: UTF8.self)
            == "id: 1\nevent: tick\ndata: n=1\n\nid: 2\nevent: tick\ndata: n=2\n\nid: 3\nevent: tick\ndata: n=3\n\n")
    }

    @Test("a graceful shutdown finishes the in-flight request, then run() returns")
    func gracefulShutdown() throws {
        let server = try TestHTTPServer()
        let client = try RawClient(port: server.port)
        try client.send("GET /slow HTTP/1.1\r\nHost: t\r\n\r\n")
        usleep(50_000)
        server.server.shutdown()
        let (bytes, closed) = try client.read(seconds: 3)
        #expect(closed)
        let response = try #require(parseResponses(bytes).first)
        #expect(response.head.status == 200)
        #expect(response.head.headers["Connection"] == "close")
        server.stop()
        #expect(throws: SystemError.self) { try RawClient(port: server.port) }
    }
}

@Suite("HTTP server with real clients (curl, Python)")
struct HTTPServerRealClientTests {
    @Test("curl: keep-alive over several URLs, a chunked upload with Expect: 100-continue, HEAD and the 64 KiB route")
    func curl() throws {
        let server = try TestHTTPServer()
        let base = "http://127.0.0.1:\(server.port)"
        let multi = try runProgram("/usr/bin/curl", ["-sS", "\(base)/n/1", "\(base)/n/2", "\(base)/n/3"])
        #expect(multi.status == 0)
        #expect(String(decoding: multi.output, as: UTF8.self) == "123")
        #expect(server.server.metrics.render().contains("connections_accepted_total 1\n"))

        let payload = Data((0..<300_000).map { UInt8(truncatingIfNeeded: $0 &* 7) })
        let upload = try runProgram("/usr/bin/curl", ["-sS", "-H", "Transfer-Encoding: chunked", "-H", "Expect: 100-continue",
                                                      "--data-binary", "@-", "\(base)/echo"], input: payload)
        #expect(upload.status == 0)
        #expect(upload.output == payload)

        let head = try runProgram("/usr/bin/curl", ["-sS", "-I", "\(base)/big"])
        let headText = String(decoding: head.output, as: UTF8.self).lowercased()
        #expect(headText.contains("content-length: 65536"))
        let big = try runProgram("/usr/bin/curl", ["-sS", "\(base)/big"])
        #expect([UInt8](big.output) == TestHTTPServer.bigBody)
    }

    @Test("Python's http.client: pipelining-safe keep-alive, 404, 405 with Allow, and a 204")
    func python() throws {
        let server = try TestHTTPServer()
        let script = """
        import http.client, sys
        c = http.client.HTTPConnection("127.0.0.1", \(server.port), timeout=5)
        out = []
        for method, path in [("GET", "/hello"), ("GET", "/nope"), ("DELETE", "/hello"), ("GET", "/no-content"), ("HEAD", "/hello")]:
            c.request(method, path)
            r = c.getresponse()
            body = r.read()
            out.append(f"{r.status} {r.getheader('Allow') or '-'} {body.decode()!r}")
        print("|".join(out))
        """
        let result = try runProgram("/usr/bin/env", ["python3", "-c", script])
        #expect(result.status == 0)
        let text = String(decoding: result.output, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        let lines = text.split(separator: "|").map(String.init)
        #expect(lines.count == 5)
        #expect(lines.first == "200 - 'hello'")
        #expect(lines.dropFirst().first?.hasPrefix("404 - ") == true)
        #expect(lines.dropFirst(2).first?.hasPrefix("405 GET, HEAD ") == true)
        #expect(lines.dropFirst(3).first == "204 - ''")
        #expect(lines.last == "200 - ''")
    }
}
