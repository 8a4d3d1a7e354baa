import Foundation
import Glibc
import KeyForgeAdapters
import KeyForgeSystem
import KeyForgeWire
import Testing

@Suite("HTTP client against our HTTP server over loopback")
struct HTTPClientLiveTests {
    @Test("a GET and a POST round trip, with status, headers and body")
    func roundTrip() throws {
        let routes = ClientTestRoutes()
        let server = try TestHTTPServer(responder: routes.responder())
        let client = HTTPClient(configuration: testClientConfiguration())
        let base = "http://127.0.0.1:\(server.port)"

        let hello = try client.send(.get("\(base)/hello"))
        #expect(hello.status == 200)
        #expect(hello.text == "hello")
        #expect(hello.headers["Content-Type"] == "text/plain; charset=utf-8")
        #expect(hello.headers["content-length"] == "5")

        let payload = (0..<100_000).map { UInt8(truncatingIfNeeded: $0 &* 7) }
        let echo = try client.send(.post("\(base)/echo", body: payload))
        #expect(echo.status == 200)
        #expect(echo.body == payload)

        let missing = try client.send(.get("\(base)/nope"))
        #expect(missing.status == 404, "a non-2xx status is a response for send, not an error")

        let head = try client.send(HTTPClientRequest(method: "HEAD", url: "\(base)/hello"))
        #expect(head.status == 200)
        #expect(head.headers["Content-Length"] == "5")
        #expect(head.body.isEmpty)

        let put = try client.send(HTTPClientRequest(method: "PUT", url: "\(base)/echo", body: Array("x".utf8)))
        #expect(put.status == 405, "the server saw a PUT with its body (and only POST is routed)")
    }

    @Test("five requests in a row share one kept-alive connection")
    func keepAlive() throws {
        let routes = ClientTestRoutes()
        let server = try TestHTTPServer(responder: routes.responder())
        let client = HTTPClient(configuration: testClientConfiguration())
        for _ in 0..<3 { #expect(try client.send(.get("http://127.0.0.1:\(server.port)/hello")).text == "hello") }
        #expect(try client.send(.post("http://127.0.0.1:\(server.port)/echo", body: Array("x".utf8))).text == "x")
        #expect(try client.send(.get("http://127.0.0.1:\(server.port)/hello")).status == 200)
        let metrics = server.server.metrics.render()
        #expect(metrics.contains("keyforge_http_connections_accepted_total 1\n"), "\(metrics)")
        #expect(server.server.metrics.requestCount == 5)
    }

    @Test("a request slower than the request timeout fails with .timeout, in about the timeout")
    func requestTimeout() throws {
        let routes = ClientTestRoutes()
        let server = try TestHTTPServer(responder: routes.responder())
        var configuration = testClientConfiguration(retries: 0)
        configuration.requestTimeout = .milliseconds(300)
        let client = HTTPClient(configuration: configuration)
        let url = "http://127.0.0.1:\(server.port)/slow"
        let start = ContinuousClock.now
        let error = #expect(throws: HTTPClientError.self) { try client.send(.get(url)) }
        let elapsed = ContinuousClock.now - start
        guard case .timeout(let failedURL, _) = error else {
            Issue.record("expected .timeout, got \(String(describing: error))")
            return
        }
        #expect(failedURL == url)
        #expect(error?.description.hasPrefix("\(url): timed out") == true)
        #expect(elapsed >= .milliseconds(250) && elapsed < .milliseconds(900), "took \(elapsed)")
    }

    @Test("a GET that gets 503 twice is retried and succeeds on the third attempt")
    func getRetriedAfter503() throws {
        let routes = ClientTestRoutes()
        let server = try TestHTTPServer(responder: routes.responder())
        let client = HTTPClient(configuration: testClientConfiguration(retries: 3))
        let response = try client.send(.get("http://127.0.0.1:\(server.port)/flaky"))
        #expect(response.status == 200)
        #expect(response.text == "ok after 3")
        #expect(routes.hits("GET") == 3)
    }

    @Test("a GET that keeps failing returns the last 503 once the retries are used up")
    func getRetriesExhausted() throws {
        let routes = ClientTestRoutes()
        let server = try TestHTTPServer(responder: routes.responder())
        let client = HTTPClient(configuration: testClientConfiguration(retries: 1))
        let response = try client.send(.get("http://127.0.0.1:\(server.port)/flaky"))
        #expect(response.status == 503)
        #expect(routes.hits("GET") == 2, "one attempt plus one retry")
    }

    @Test("a POST that gets 503 is never retried")
    func postNotRetried() throws {
        let routes = ClientTestRoutes()
        let server = try TestHTTPServer(responder: routes.responder())
        let client = HTTPClient(configuration: testClientConfiguration(retries: 3))
        let response = try client.send(.post("http://127.0.0.1:\(server.port)/flaky", body: Array("job".utf8)))
        #expect(response.status == 503)
        #expect(routes.hits("POST") == 1)
    }

    @Test("a 503 with Retry-After: 1 is retried no sooner than a second later")
    func shortRetryAfterHonoured() throws {
        let routes = ClientTestRoutes()
        let server = try TestHTTPServer(responder: routes.responder())
        let client = HTTPClient(configuration: testClientConfiguration(retries: 3))
        let start = ContinuousClock.now
        let response = try client.send(.get("http://127.0.0.1:\(server.port)/pause"))
        #expect(response.text == "resumed")
        #expect(ContinuousClock.now - start >= .seconds(1))
        #expect(routes.pauseHits.load(ordering: .relaxed) == 2)
    }

    @Test("a 503 with a Retry-After longer than maxRetryAfter is returned without a retry")
    func longRetryAfterNotHonoured() throws {
        let routes = ClientTestRoutes()
        let server = try TestHTTPServer(responder: routes.responder())
        let client = HTTPClient(configuration: testClientConfiguration(retries: 3))
        let response = try client.send(.get("http://127.0.0.1:\(server.port)/later"))
        #expect(response.status == 503)
        #expect(response.headers["Retry-After"] == "3600")
        #expect(routes.laterHits.load(ordering: .relaxed) == 1)
    }

    @Test("a response above maxResponseBytes is refused with .tooLarge")
    func tooLarge() throws {
        let routes = ClientTestRoutes()
        let server = try TestHTTPServer(responder: routes.responder())
        var configuration = testClientConfiguration()
        configuration.maxResponseBytes = 1 << 20
        let client = HTTPClient(configuration: configuration)
        let url = "http://127.0.0.1:\(server.port)/big"
        #expect(throws: HTTPClientError.tooLarge(url: url, limitBytes: 1 << 20)) { try client.send(.get(url)) }
        // The handle is still good afterwards.
        #expect(try client.send(.get("http://127.0.0.1:\(server.port)/hello")).text == "hello")
    }

    @Test("connection refused on a closed port is a .connection error naming the URL")
    func connectionRefused() throws {
        let url = "http://127.0.0.1:\(try closedLoopbackPort())/hello"
        let client = HTTPClient(configuration: testClientConfiguration(retries: 2))
        let error = #expect(throws: HTTPClientError.self) { try client.send(.get(url)) }
        guard case .connection(let failedURL, let message) = error else {
            Issue.record("expected .connection, got \(String(describing: error))")
            return
        }
        #expect(failedURL == url)
        #expect(message.contains("onnect"), "\(message)")
        #expect(error?.description.hasPrefix("\(url): connection failed: ") == true)
    }

    @Test("URLs and requests that cannot be sent are refused before any I/O",
          arguments: ["ftp://127.0.0.1/x", "127.0.0.1/x", "http:///x", "http://exa mple/", "file:///etc/passwd"])
    func invalidURL(url: String) {
        let client = HTTPClient(configuration: testClientConfiguration())
        let error = #expect(throws: HTTPClientError.self) { try client.send(.get(url)) }
        guard case .invalidURL(let failedURL, _) = error else {
            Issue.record("expected .invalidURL, got \(String(describing: error))")
            return
        }
        #expect(failedURL == url)
    }

    @Test("a header value with CR LF is refused (no header injection)")
    func headerInjection() {
        let client = HTTPClient(configuration: testClientConfiguration())
        let request = HTTPClientRequest.get("http://127.0.0.1:1/", headers: HTTPHeaders([("X-A", "b\r\nX-Evil: 1")]))
        #expect(throws: HTTPClientError.invalidRequest(url: "http://127.0.0.1:1/", reason: "header X-A has a control character in its value")) {
            try client.send(request)
        }
    }
}
