import KeyForgeAdapters
import KeyForgeSystem
import KeyForgeWire
import Testing
import KeyForgeServices

/// The playground on the hive (`/play`, `/api/...`): public and read-only for anyone, a search only with the
/// secret; the dashboard's board picture comes from the same `/api/render`.
@Suite("Hive playground routes")
struct HivePlayRoutesTests {
    @Test("GET /play, its files and /api/render are public; POST /api/search without the secret is refused before its body is read")
    func publicAndSigned() throws {
        let hive = try HiveResponderFixture()
        let page = hive.responder.respond(to: HTTPRequest(method: "GET", target: "/play"))
        #expect(page.status == 200 && page.headers["Content-Type"] == "text/html; charset=utf-8")
        #expect(page.headers["Content-Security-Policy"]?.contains("script-src 'self'") == true)
        #expect(hive.call("GET", "/play/play.js", token: nil).status == 200)
        #expect(hive.call("GET", "/api/boards", token: nil).status == 200)
        let drawn = hive.responder.respond(to: HTTPRequest(method: "GET", target: "/api/render?keyboard=corne&layout=qwerty&heat=none"))
        #expect(drawn.status == 200 && drawn.headers["Content-Type"] == "image/svg+xml")
        let body = String(decoding: drawn.bodyBytes ?? [], as: UTF8.self)
        #expect(body.components(separatedBy: "class=\"key\"").count - 1 == 42, "render's SVG of corne, every key")

        let refused = hive.call("POST", "/api/search", #"{"layout": "qwerty", "seconds": 1}"#, token: nil)
        #expect(refused.status == 401)
        let stop = hive.call("POST", "/api/search/s1/stop", "{}", token: nil)
        #expect(stop.status == 401)
        let bad = hive.call("POST", "/api/search", #"{"layout": "qwerty", "seconds": -1}"#)
        #expect(bad.status == 400, "with the secret the body is read and checked")
    }

    @Test("/play and /play/{file} answer exactly the files of web/play (run `make embed` after editing them); other names are 404")
    func embeddedFiles() throws {
        let hive = try HiveResponderFixture()
        let names = try FileSystem.listDirectory("\(HiveDashboardFilesTests.web)/play").sorted()
        #expect(names.contains("play.js") && names.contains("play.css"))
        for (path, name) in [("/play", "index.html")] + names.map({ ("/play/\($0)", $0) }) {
            let response = hive.responder.respond(to: HTTPRequest(method: "GET", target: path))
            let disk = try FileSystem.readFile("\(HiveDashboardFilesTests.web)/play/\(name)")
            #expect(response.status == 200 && response.bodyBytes == disk, "web/play/\(name) is stale in the binary: run `make embed`")
        }
        #expect(hive.call("GET", "/play/nothing.js", token: nil).status == 404)
        #expect(hive.call("GET", "/play/..%2Fdashboard%2Fdashboard.js", token: nil).status == 404, "a name, never a path")
    }
}
