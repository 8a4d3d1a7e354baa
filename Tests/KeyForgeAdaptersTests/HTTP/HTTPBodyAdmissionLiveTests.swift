import Foundation
import Glibc
import KeyForgeAdapters
import KeyForgeSystem
import KeyForgeWire
import Testing

/// Bodies are admitted from the head (docs/ARCHITECTURE.md section 4): route, method and head check,
/// the route's body limit, then the server's body budget. Every answer here is awaited with a generous
/// deadline; one that comes only after the body (the old behaviour) never comes, since no body is sent.
@Suite("HTTP server: bodies decided on the head")
struct HTTPBodyAdmissionLiveTests {
    /// Deadline for an answer the server should send at once (generous for a busy machine).
    static let answerSeconds = 20.0

    /// A protected POST (a head check like the hive's auth), a GET, and an unprotected echo.
    static func routes() -> HTTPResponder {
        var router = HTTPRouter()
        let signed: HTTPHeadCheck = { request in
            request.headers["Authorization"] == "Bearer right" ? nil : HTTPResponse.error(401, "needs the secret")
        }
        router.post("/protected", check: signed) { request in .text("\(request.body.count)") }
        router.post("/small", maxBodyBytes: 16) { request in .text("\(request.body.count)") }
        router.post("/echo") { request in HTTPResponse(status: 200, body: request.body) }
        router.get("/hello") { _ in .text("hello") }
        return router.freeze()
    }

    private func firstResponse(_ client: RawClient) throws -> (head: HTTPResponseHead, body: [UInt8])? {
        let (bytes, _) = try client.read(seconds: Self.answerSeconds) { !parseResponses($0).isEmpty }
        return parseResponses(bytes).first
    }

    @Test("an unauthenticated POST declaring a large body to a protected route is answered 401 before the body is sent, then closed")
    func unauthenticatedRefusedFromHead() throws {
        let server = try TestHTTPServer(responder: Self.routes())
        let client = try RawClient(port: server.port)
        try client.send("POST /protected HTTP/1.1\r\nHost: t\r\nContent-Length: 1000000\r\n\r\n")
        let response = try firstResponse(client)
        #expect(response?.head.status == 401)
        #expect(response?.head.headers["Connection"] == "close")
        // The server closed its side (a linger drops any body that follows): the client reads the end.
        let (_, closed) = try client.read(seconds: Self.answerSeconds)
        #expect(closed)
    }

    @Test("a refused small body is dropped after the early 401 and the same connection serves the next request")
    func refusedSmallBodyKeepsConnection() throws {
        let server = try TestHTTPServer(responder: Self.routes())
        let client = try RawClient(port: server.port)
        try client.send("POST /protected HTTP/1.1\r\nHost: t\r\nContent-Length: 5\r\n\r\n")
        let refusal = try firstResponse(client)
        #expect(refusal?.head.status == 401)
        #expect(refusal?.head.headers["Connection"] == nil)
        try client.send("hello" + "GET /hello HTTP/1.1\r\nHost: t\r\n\r\n")
        let (bytes, _) = try client.read(seconds: Self.answerSeconds) { parseResponses($0).count == 1 }
        #expect(parseResponses(bytes).map { String(decoding: $0.body, as: UTF8.self) } == ["hello"])
    }

    @Test("a body sent to a GET route is 413 from the head, and a POST to it 405, neither waiting for the body")
    func bodyToGetRouteRefused() throws {
        let server = try TestHTTPServer(responder: Self.routes())
        let get = try RawClient(port: server.port)
        try get.send("GET /hello HTTP/1.1\r\nHost: t\r\nContent-Length: 8388608\r\n\r\n")
        #expect(try firstResponse(get)?.head.status == 413)
        let post = try RawClient(port: server.port)
        try post.send("POST /hello HTTP/1.1\r\nHost: t\r\nContent-Length: 8388608\r\n\r\n")
        let response = try firstResponse(post)
        #expect(response?.head.status == 405)
        #expect(response?.head.headers["Allow"] == "GET, HEAD")
    }

    @Test("a chunked body past its route's limit is 413 and the connection closes")
    func chunkedPastRouteLimit() throws {
        let server = try TestHTTPServer(responder: Self.routes())
        let client = try RawClient(port: server.port)
        try client.send("POST /small HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n20\r\n" + String(repeating: "x", count: 32) + "\r\n")
        #expect(try firstResponse(client)?.head.status == 413)
        let (_, closed) = try client.read(seconds: Self.answerSeconds)
        #expect(closed)
    }

    @Test("past the server's body budget a new body gets 503 with Retry-After and a close, while bodiless requests and held bodies go on")
    func budgetRefusesNewBodies() throws {
        let server = try TestHTTPServer(configure: { $0.maxBufferedBodyBytes = 100_000 }, responder: Self.routes())
        // The 100 Continue says the server has admitted the head, and so reserved its 80 000 bytes.
        let holder = try RawClient(port: server.port)
        try holder.send("POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: 80000\r\nExpect: 100-continue\r\n\r\n")
        let (interim, _) = try holder.read(seconds: Self.answerSeconds) { String(decoding: $0, as: UTF8.self).contains("\r\n\r\n") }
        #expect(String(decoding: interim, as: UTF8.self).hasPrefix("HTTP/1.1 100"))
        try holder.send([UInt8](repeating: 0x61, count: 1000))

        let late = try RawClient(port: server.port)
        try late.send("POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: 40000\r\n\r\n")
        let refusal = try firstResponse(late)
        #expect(refusal?.head.status == 503)
        #expect(refusal?.head.headers["Retry-After"] != nil)
        #expect(refusal?.head.headers["Connection"] == "close")
        #expect(try late.read(seconds: Self.answerSeconds).closed)
        #expect(server.server.metrics.bodiesRefusedCount == 1)

        let bodiless = try RawClient(port: server.port)
        try bodiless.send("GET /hello HTTP/1.1\r\nHost: t\r\n\r\n")
        #expect(try firstResponse(bodiless)?.head.status == 200)

        // The held body completes, its bytes are given back, and a body fits again.
        try holder.send([UInt8](repeating: 0x61, count: 79_000))
        let echoed = try firstResponse(holder)
        #expect(echoed?.head.status == 200)
        #expect(echoed?.body.count == 80_000)
        let again = try RawClient(port: server.port)
        try again.send("POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: 40000\r\n\r\n" + String(repeating: "b", count: 40_000))
        #expect(try firstResponse(again)?.head.status == 200)
    }
}
