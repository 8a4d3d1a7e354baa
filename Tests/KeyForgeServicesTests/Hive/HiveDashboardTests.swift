import Foundation
import KeyForgeAdapters
import KeyForgeSystem
import KeyForgeTestSupport
import KeyForgeWire
import Testing
import KeyForgeServices

/// The dashboard's routes over real loopback sockets (the browser test is `make dashboard-check`).
@Suite("Hive dashboard routes against real PostgreSQL and Valkey", .serialized)
struct HiveDashboardTests {
    /// A GET with no Authorization header: status, headers and the raw body.
    static func get(_ hive: HiveFixture, _ path: String, token: String? = nil) throws -> (status: Int, headers: HTTPHeaders, body: String) {
        var headers = HTTPHeaders()
        if let token { headers.append(name: "Authorization", value: "Bearer \(token)") }
        let response = try hive.client.send(HTTPClientRequest(method: "GET", url: "http://127.0.0.1:\(hive.port)\(path)", headers: headers))
        return (response.status, response.headers, String(decoding: response.body, as: UTF8.self))
    }

    static func expectSecurityHeaders(_ headers: HTTPHeaders, _ path: String) {
        #expect(headers["Content-Security-Policy"] == HiveDashboard.contentSecurityPolicy, "\(path)")
        #expect(headers["X-Content-Type-Options"] == "nosniff", "\(path)")
        #expect(headers["X-Frame-Options"] == "DENY", "\(path)")
        #expect(headers["Referrer-Policy"] == "no-referrer", "\(path)")
    }

    @Test("GET / is the page: HTML with a self-only CSP, nosniff, no inline script or style, public")
    func page() throws {
        let hive = try HiveFixture()
        let page = try Self.get(hive, "/")
        #expect(page.status == 200)
        #expect(page.headers["Content-Type"] == "text/html; charset=utf-8")
        Self.expectSecurityHeaders(page.headers, "/")
        let policy = HiveDashboard.contentSecurityPolicy
        #expect(policy.contains("default-src 'none'") && policy.contains("script-src 'self'") && policy.contains("style-src 'self'")
                && policy.contains("connect-src 'self'") && policy.contains("form-action 'none'") && policy.contains("frame-ancestors 'none'"))
        #expect(!policy.contains("unsafe"))
        #expect(page.body.hasPrefix("<!doctype html>"))
        #expect(page.body.contains(#"<script src="/dashboard.js" defer></script>"#))
        #expect(page.body.contains(#"<link rel="stylesheet" href="/dashboard.css">"#))
        // Every script is external and nothing is styled inline: the CSP would refuse both.
        #expect(page.body.components(separatedBy: "<script").count - 1 == 1)
        #expect(!page.body.contains("<style") && !page.body.contains(" style="))
        #expect(page.body.range(of: #" on[a-z]+="#, options: .regularExpression) == nil, "no inline event handlers")
    }

    @Test("GET /dashboard.js and /dashboard.css: the right types and headers; the script builds nodes, never markup")
    func assets() throws {
        let hive = try HiveFixture()
        let script = try Self.get(hive, "/dashboard.js")
        #expect(script.status == 200)
        #expect(script.headers["Content-Type"] == "text/javascript; charset=utf-8")
        Self.expectSecurityHeaders(script.headers, "/dashboard.js")
        #expect(script.body.contains("new EventSource('/events')"))
        #expect(script.body.contains("sessionStorage") && !script.body.contains("localStorage"))
        #expect(!script.body.contains("innerHTML") && !script.body.contains("eval(") && !script.body.contains("document.write"))
        let style = try Self.get(hive, "/dashboard.css")
        #expect(style.status == 200)
        #expect(style.headers["Content-Type"] == "text/css; charset=utf-8")
        Self.expectSecurityHeaders(style.headers, "/dashboard.css")
        #expect(try Self.get(hive, "/dashboard.txt").status == 404)
    }

    @Test("HEAD / answers the page's headers and no body")
    func head() throws {
        let hive = try HiveFixture()
        let socket = try StreamSocket.connect(to: .tcp(host: "127.0.0.1", port: hive.port), deadline: .now + .seconds(2))
        try socket.writeAll(Array("HEAD / HTTP/1.1\r\nHost: h\r\nConnection: close\r\n\r\n".utf8), deadline: .now + .seconds(2))
        let text = try Self.readAll(socket)
        #expect(text.hasPrefix("HTTP/1.1 200"))
        #expect(text.contains("Content-Security-Policy: \(HiveDashboard.contentSecurityPolicy)\r\n"))
        #expect(text.hasSuffix("\r\n\r\n"), "no body after the head")
    }

    @Test("the data the page reads is public (job list, status, keyboard, events); cluster stats need the secret")
    func authentication() throws {
        let hive = try HiveFixture()
        let job = try hive.submit(testJobConfig(units: 2, seed: 1301))
        for path in ["/", "/dashboard.js", "/dashboard.css", "/jobs", "/jobs/\(job)", "/jobs/\(job)/keyboard"] {
            #expect(try Self.get(hive, path).status == 200, "\(path) is public")
        }
        let missing = try Self.get(hive, "/cluster/stats")
        #expect(missing.status == 401)
        #expect(missing.headers["WWW-Authenticate"] == "Bearer realm=\"keyforge\"")
        let wrong = try Self.get(hive, "/cluster/stats", token: "not-the-secret")
        #expect(wrong.status == 401)
        #expect(wrong.headers["WWW-Authenticate"]?.contains("invalid_token") == true)
        let stats = try Self.get(hive, "/cluster/stats", token: HiveFixture.secret)
        #expect(stats.status == 200)
        let object = try #require(try JSONParser.parse(Array(stats.body.utf8)).objectValue)
        #expect(object["jobs"]?.objectValue?["queued"]?.int64Value == 1)
        #expect(object["jobs"]?.objectValue?["running"]?.int64Value == 0)
        #expect(object["jobs"]?.objectValue?["done"]?.int64Value == 0)
        #expect(object["jobs"]?.objectValue?["cancelled"]?.int64Value == 0)
        #expect(object["results"]?.int64Value == 0)
        #expect(object["units_leased"]?.int64Value == 0)
        #expect(object["nodes"]?.arrayValue?.isEmpty == true)
        #expect(object["active_nodes"] != nil && object["total_steps_per_second"] != nil)
    }

    @Test("cluster stats list registered nodes with their heartbeat, and count leased units and results")
    func statsWithNodes() throws {
        let hive = try HiveFixture()
        let config = testJobConfig(units: 2, seed: 1302)
        let job = try hive.submit(config)
        let node = uniqueName("dash")
        let register = #"{"node_id": "\#(node)", "cpu_signature": "Dashboard CPU \#(node)", "cores": 3}"#
        #expect(try hive.call("POST", "/nodes/register", register).status == 200)
        #expect(try hive.call("POST", "/nodes/register", #"{"node_id": "\#(node)-silent", "cpu_signature": "x", "cores": 1}"#).status == 200)
        #expect(try hive.call("POST", "/nodes/heartbeat", #"{"node_id": "\#(node)", "steps_per_second": 4321.5, "job_id": "\#(job)"}"#).status == 200)
        let lease = try #require(try hive.lease(node: node))
        let honest = try HiveFixture.exactScore(config, layout: "qwerty")
        #expect(try hive.call("POST", "/results", HiveFixture.result(job: job, unit: lease.unit, token: lease.token, node: node,
                                                                      nonce: "d1", layout: honest.layout, score: honest.score)).status == 201)
        let stats = try #require(try hive.call("GET", "/cluster/stats").json?.objectValue)
        #expect(stats["jobs"]?.objectValue?["running"]?.int64Value == 1)
        #expect(stats["results"]?.int64Value == 1)
        #expect(stats["units_leased"]?.int64Value == 1)
        let nodes = try #require(stats["nodes"]?.arrayValue?.compactMap { $0.objectValue })
        let alive = try #require(nodes.first { $0["node_id"]?.stringValue == node })
        #expect(alive["alive"]?.boolValue == true)
        #expect(alive["cores"]?.int64Value == 3)
        #expect(alive["steps_per_second"]?.doubleValue == 4321.5)
        #expect(alive["job_id"]?.stringValue == job)
        let silent = try #require(nodes.first { $0["node_id"]?.stringValue == "\(node)-silent" })
        #expect(silent["alive"]?.boolValue == false)
        #expect(silent["steps_per_second"] == nil)
    }

    @Test("GET /jobs/{id}/keyboard: the board's keys in layout order; 404 for no job, 400 for a bad id")
    func keyboard() throws {
        let hive = try HiveFixture()
        let job = try hive.submit(testJobConfig(units: 1, seed: 1303))
        let answer = try hive.call("GET", "/jobs/\(job)/keyboard", token: nil)
        #expect(answer.status == 200)
        let object = try #require(answer.json?.objectValue)
        #expect(object["name"]?.stringValue == "corne")
        let keys = try #require(object["keys"]?.arrayValue?.compactMap { $0.objectValue })
        let corne = try AssetCatalog(folders: []).keyboard("corne")
        #expect(keys.count == corne.keys.count)
        for (index, key) in corne.keys.enumerated() where index < keys.count {
            #expect(keys[index]["x"]?.doubleValue == key.x && keys[index]["y"]?.doubleValue == key.y)
            #expect(keys[index]["w"]?.doubleValue == key.width && keys[index]["h"]?.doubleValue == key.height)
            #expect(keys[index]["finger"]?.int64Value == Int64(key.finger) && keys[index]["home"]?.boolValue == key.isHome)
        }
        #expect(try hive.call("GET", "/jobs/\(String(repeating: "a", count: 64))/keyboard", token: nil).status == 404)
        #expect(try hive.call("GET", "/jobs/nope/keyboard", token: nil).status == 400)
    }

    @Test("GET /events streams every job's events on one connection")
    func allEvents() throws {
        let hive = try HiveFixture()
        let socket = try StreamSocket.connect(to: .tcp(host: "127.0.0.1", port: hive.port), deadline: .now + .seconds(2))
        try socket.writeAll(Array("GET /events HTTP/1.1\r\nHost: h\r\n\r\n".utf8), deadline: .now + .seconds(2))
        var received = ""
        #expect(try Self.read(socket, into: &received, until: "events of every job"))
        #expect(received.contains("Content-Type: text/event-stream"))
        let first = try hive.submit(testJobConfig(units: 1, seed: 1304))
        let second = try hive.submit(testJobConfig(units: 1, seed: 1305))
        #expect(try Self.read(socket, into: &received, until: second))
        #expect(received.contains("event: created") && received.contains(first) && received.contains(second))
        socket.close()  // before the hive stops: it would wait for an open stream to drain
    }

    @Test("a shutdown ends open event streams at once (chunked end, then close) instead of holding the drain")
    func shutdownEndsStreams() throws {
        let hive = try HiveFixture()
        let socket = try StreamSocket.connect(to: .tcp(host: "127.0.0.1", port: hive.port), deadline: .now + .seconds(2))
        try socket.writeAll(Array("GET /events HTTP/1.1\r\nHost: h\r\n\r\n".utf8), deadline: .now + .seconds(2))
        var received = ""
        #expect(try Self.read(socket, into: &received, until: "events of every job"))
        let started = ContinuousClock.now
        hive.server.shutdown()
        #expect(try Self.read(socket, into: &received, until: "\r\n0\r\n\r\n"), "the chunked body ends")
        _ = try Self.read(socket, into: &received, until: "\u{0}closed")  // returns at EOF
        #expect(ContinuousClock.now - started < .seconds(3), "well within the 10 s grace")
    }

    /// Reads until `text` has arrived (true) or 5 s pass (false).
    static func read(_ socket: StreamSocket, into received: inout String, until text: String) throws -> Bool {
        var buffer = [UInt8](repeating: 0, count: 8192)
        let deadline = ContinuousClock.now + .seconds(5)
        while !received.contains(text) {
            guard ContinuousClock.now < deadline else { return false }
            guard try socket.waitReadable(until: .now + .milliseconds(200)) else { continue }
            let count = try buffer.withUnsafeMutableBytes { try socket.read(into: $0, deadline: .now + .seconds(1)) }
            if count == 0 { return false }
            received += String(decoding: buffer[0..<count], as: UTF8.self)
        }
        return true
    }

    /// Reads until the server closes the connection (at most 5 s).
    static func readAll(_ socket: StreamSocket) throws -> String {
        var received = ""
        _ = try read(socket, into: &received, until: "\u{0}never")
        return received
    }
}
