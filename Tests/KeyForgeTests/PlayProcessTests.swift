import Foundation
import Glibc
import KeyForgeSystem
import KeyForgeTestSupport
import KeyForgeWire
import Testing

/// `keyforge play` as a real process on a loopback socket: the page, and the JSON API answering what the
/// CLI prints for the same input, refusing bad input with 400 and a reason, and staying up.
@Suite("Playground process", .serialized)
struct PlayProcessTests {
    /// A response read off the socket: status, headers (lower-case names) and body (chunks joined).
    struct Answer {
        var status: Int
        var headers: [String: String]
        var body: String
        var json: JSONValue? { try? JSONParser.parse(body) }
        var error: String? {
            guard case .object(let object)? = json, case .string(let text)? = object["error"] else { return nil }
            return text
        }
    }

    /// Starts `keyforge play --port 0` and returns it with its port.
    static func start() throws -> (Process, UInt16) {
        let (process, pipe) = try ProcessTests.start(["play", "--port", "0"])
        let line = ProcessTests.firstLine(pipe)
        // "playground: http://127.0.0.1:PORT/play"
        let port = line.split(separator: ":").last.flatMap { UInt16($0.split(separator: "/").first ?? "") } ?? 0
        return (process, port)
    }

    /// One request on a fresh connection (Connection: close), read to the end.
    static func request(_ method: String, _ target: String, body: String? = nil, port: UInt16, seconds: Int = 30) throws -> Answer {
        let socket = try StreamSocket.connect(to: .tcp(host: "127.0.0.1", port: port), deadline: .now + .seconds(5))
        var head = "\(method) \(target) HTTP/1.1\r\nHost: t\r\nConnection: close\r\n"
        if let body { head += "Content-Type: application/json\r\nContent-Length: \(body.utf8.count)\r\n" }
        try socket.writeAll(Array((head + "\r\n" + (body ?? "")).utf8), deadline: .now + .seconds(5))
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65_536)
        while true {
            let count = try buffer.withUnsafeMutableBytes { try socket.read(into: $0, deadline: .now + .seconds(seconds)) }
            if count == 0 { break }
            bytes += buffer[0..<count]
        }
        return try parse(String(decoding: bytes, as: UTF8.self))
    }

    static func parse(_ text: String) throws -> Answer {
        guard let split = text.range(of: "\r\n\r\n") else { throw HarnessError("no complete head in \(text.prefix(200))") }
        let lines = text[..<split.lowerBound].components(separatedBy: "\r\n")
        let status = Int(lines[0].dropFirst(9).prefix(3)) ?? 0
        var headers: [String: String] = [:]
        for line in lines.dropFirst() {
            guard let colon = line.firstIndex(of: ":") else { continue }
            headers[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
        var body = String(text[split.upperBound...])
        if headers["transfer-encoding"] == "chunked" {
            var joined = "", rest = Substring(body)
            while let end = rest.range(of: "\r\n"), let size = Int(rest[..<end.lowerBound], radix: 16), size > 0 {
                let start = end.upperBound
                let stop = rest.utf8.index(start, offsetBy: size)
                joined += rest[start..<stop]
                // Past the chunk's CRLF (counted in bytes: "\r\n" is one Character).
                rest = Substring(rest.utf8[rest.utf8.index(stop, offsetBy: 2)...])
            }
            body = joined
        }
        return Answer(status: status, headers: headers, body: body)
    }

    /// The CLI's standard output for `arguments`, parsed as JSON.
    static func cli(_ arguments: [String]) throws -> JSONValue {
        let (status, output) = try ProcessTests.run(ProcessTests.binary, arguments)
        guard status == 0 else { throw HarnessError("keyforge \(arguments.joined(separator: " ")) exited \(status)") }
        return try JSONParser.parse(output)
    }

    static func string(_ value: JSONValue?, _ key: String) -> String? {
        guard case .object(let object)? = value, case .string(let text)? = object[key] else { return nil }
        return text
    }

    static func member(_ value: JSONValue?, _ key: String) -> JSONValue? {
        guard case .object(let object)? = value else { return nil }
        return object[key]
    }

    static func withServer(_ body: (UInt16) throws -> Void) throws {
        let (process, port) = try start()
        defer {
            kill(process.processIdentifier, SIGTERM)
            process.waitUntilExit()
        }
        #expect(port != 0, "keyforge play printed its port")
        try body(port)
    }

    @Test("GET /play serves the embedded page with a self-only policy and no inline script; the script and style follow")
    func page() throws {
        try Self.withServer { port in
            let page = try Self.request("GET", "/play", port: port)
            #expect(page.status == 200)
            #expect(page.headers["content-type"]?.hasPrefix("text/html") == true)
            let policy = page.headers["content-security-policy"] ?? ""
            #expect(policy.contains("default-src 'self'") && policy.contains("script-src 'self'") && !policy.contains("unsafe"))
            #expect(page.body.contains("<script type=\"module\" src=\"/play/play.js\"></script>") && !page.body.contains("<script>"))
            #expect(try Self.request("GET", "/play/play.js", port: port).headers["content-type"]?.hasPrefix("text/javascript") == true)
            #expect(try Self.request("GET", "/play/play.css", port: port).headers["content-type"]?.hasPrefix("text/css") == true)
        }
    }

    @Test("/api/analyze, /api/compare and /api/export answer exactly what analyze --json, compare --json and export print")
    func sameAsCLI() throws {
        try Self.withServer { port in
            let analyzed = try Self.request("POST", "/api/analyze", body: #"{"keyboard": "corne", "corpus": "text/en_std", "layout": "colemak-dh"}"#, port: port)
            #expect(analyzed.status == 200)
            let cli = try Self.cli(["analyze", "--keyboard", "corne", "--layout", "colemak-dh", "--json"])
            #expect(analyzed.json == cli)

            let compared = try Self.request("POST", "/api/compare", body: #"{"keyboard": "corne", "layouts": ["qwerty", "colemak-dh"]}"#, port: port)
            #expect(compared.status == 200)
            #expect(compared.json == (try Self.cli(["compare", "--keyboard", "corne", "qwerty", "colemak-dh", "--json"])))

            let exported = try Self.request("POST", "/api/export", body: #"{"keyboard": "corne", "layout": "colemak-dh", "format": "qmk"}"#, port: port)
            let (status, text) = try ProcessTests.run(ProcessTests.binary, ["export", "--keyboard", "corne", "--layout", "colemak-dh", "--format", "qmk"])
            #expect(exported.status == 200 && status == 0)
            #expect(exported.body == text)
            #expect(exported.headers["content-disposition"] == "attachment; filename=\"keymap.c\"")

            let drawn = try Self.request("GET", "/api/render?keyboard=corne&layout=colemak-dh&heat=none", port: port)
            #expect(drawn.status == 200 && drawn.headers["content-type"] == "image/svg+xml")
            #expect(drawn.body.components(separatedBy: "class=\"key\"").count - 1 == 42)

            // Edited weights draw the cost heat `render --rubric FILE --heat cost` draws.
            let folder = makeTemporaryFolder()
            try KeyForgeSystem.FileSystem.writeFileAtomically("\(folder)/weights.json", Array(#"{"sfb_base": 300}"#.utf8))
            let (rendered, _) = try ProcessTests.run(ProcessTests.binary, ["render", "--keyboard", "corne", "--layout", "colemak-dh", "--heat", "cost",
                                                                           "--rubric", "\(folder)/weights.json", "--out", "\(folder)/cost.svg"])
            let weighted = try Self.request("GET", "/api/render?keyboard=corne&layout=colemak-dh&heat=cost&rubric=%7B%22sfb_base%22%3A300%7D", port: port)
            #expect(rendered == 0 && weighted.status == 200)
            #expect(weighted.body == String(decoding: try KeyForgeSystem.FileSystem.readFile("\(folder)/cost.svg"), as: UTF8.self))
        }
    }

    @Test("/api/swap answers the swapped layout with analyze's exact report, and its optimized preview equals the exact score")
    func swapIsExact() throws {
        try Self.withServer { port in
            let layouts = try Self.request("GET", "/api/layouts?keyboard=corne", port: port).json
            guard case .array(let list)? = Self.member(layouts, "layouts"),
                  let colemak = list.first(where: { Self.string($0, "name") == "colemak-dh" }).flatMap({ Self.string($0, "layout") })
            else { throw HarnessError("no colemak-dh in /api/layouts") }
            var tokens = colemak.split(separator: " ").map(String.init)
            let (e, t) = (tokens.firstIndex(of: "e")!, tokens.firstIndex(of: "t")!)
            let body = #"{"keyboard": "corne", "layout": "\#(colemak)", "swap": [\#(e), \#(t)]}"#
            let answer = try Self.request("POST", "/api/swap", body: body, port: port)
            #expect(answer.status == 200)
            tokens.swapAt(e, t)
            let swapped = tokens.joined(separator: " ")
            #expect(Self.string(answer.json, "layout") == swapped)
            let cli = try Self.cli(["analyze", "--keyboard", "corne", "--layout", swapped, "--json"])
            // The CLI names a layout string `custom`, as the swap's report does.
            #expect(Self.member(answer.json, "report") == cli)
            #expect(Self.member(Self.member(answer.json, "preview"), "score") == Self.member(cli, "score"))
            #expect(Self.member(answer.json, "svg") == nil, "no picture unless heat is asked for")

            // With heat, the same answer carries render's picture of the swapped layout.
            let drawn = try Self.request("POST", "/api/swap", body: #"{"keyboard": "corne", "layout": "\#(colemak)", "swap": [\#(e), \#(t)], "heat": "usage"}"#, port: port)
            let rendered = try Self.request("GET", "/api/render?keyboard=corne&heat=usage&layout=" + swapped.replacingOccurrences(of: " ", with: "+")
                .replacingOccurrences(of: ",", with: "%2C").replacingOccurrences(of: ";", with: "%3B").replacingOccurrences(of: "/", with: "%2F"), port: port)
            #expect(rendered.status == 200)
            #expect(Self.string(drawn.json, "svg") == rendered.body)
        }
    }

    @Test("bad input is 400 with the reason (or 404/405/413 from the router), never a crash, and nothing reads a path")
    func badInput() throws {
        try Self.withServer { port in
            let cases: [(String, String, String?, Int, String)] = [
                ("POST", "/api/analyze", "{not json", 400, "malformed JSON"),
                ("POST", "/api/analyze", "[1, 2]", 400, "must be a JSON object"),
                ("POST", "/api/analyze", #"{"layout": "qwerty", "colour": 1}"#, 400, "unknown field 'colour'"),
                ("POST", "/api/analyze", #"{"keyboard": "no-such-board", "layout": "qwerty"}"#, 400, "no-such-board"),
                ("POST", "/api/analyze", #"{"keyboard": "/etc/passwd", "layout": "qwerty"}"#, 400, "not a path"),
                ("POST", "/api/analyze", #"{"corpus": "/tmp", "layout": "qwerty"}"#, 400, "not a path"),
                ("POST", "/api/analyze", #"{"layout": "@/etc/passwd"}"#, 400, "@FILE is for the command line"),
                ("POST", "/api/analyze", #"{"layout": "dvorakk"}"#, 400, "not a reference layout"),
                ("POST", "/api/analyze", #"{}"#, 400, "layout: is required"),
                ("POST", "/api/analyze", #"{"layout": "qwerty", "rubric": {"sfb_base": "high"}}"#, 400, "sfb_base"),
                ("POST", "/api/swap", #"{"layout": "qwerty", "swap": [0, 99]}"#, 400, "key 99 is not on the board"),
                ("POST", "/api/swap", #"{"layout": "qwerty", "swap": [1]}"#, 400, "needs two key indexes"),
                ("POST", "/api/swap", #"{"layout": "qwerty", "swap": [1.5, 2]}"#, 400, "whole number"),
                ("POST", "/api/swap", #"{"layout": "qwerty", "swap": [0, 1], "heat": "warm"}"#, 400, "must be usage, cost or none"),
                ("POST", "/api/compare", #"{"layouts": ["qwerty"]}"#, 400, "two or three layouts"),
                ("POST", "/api/export", #"{"layout": "qwerty", "format": "pdf"}"#, 400, "must be one of"),
                ("GET", "/api/render?layout=qwerty&heat=warm", nil, 400, "must be usage, cost or none"),
                ("GET", "/api/layouts?keyboard=nope", nil, 400, "nope"),
                ("GET", "/api/render?layout=qwerty&rubric=%7B%22sfb_base%22%3A-1e9%7D", nil, 400, "sfb_base"),
                ("POST", "/api/search", #"{"layout": "qwerty", "seconds": 0}"#, 400, "seconds"),
                ("POST", "/api/search", #"{"layout": "qwerty", "pins": [500]}"#, 400, "key 500 is not on the board"),
                ("GET", "/api/search/nothing/events", nil, 404, "no search nothing"),
                ("GET", "/api/analyze", nil, 405, "not allowed"),
            ]
            for (method, target, body, status, reason) in cases {
                let answer = try Self.request(method, target, body: body, port: port)
                #expect(answer.status == status, "\(method) \(target) \(body ?? ""): \(answer.status) \(answer.body)")
                #expect(answer.error?.contains(reason) == true, "\(target) \(body ?? ""): '\(answer.error ?? answer.body)' should say '\(reason)'")
            }
            let large = #"{"layout": ""# + String(repeating: "q ", count: 40_000) + #""}"#
            #expect(try Self.request("POST", "/api/analyze", body: large, port: port).status == 413)
            #expect(try Self.request("GET", "/api/boards", port: port).status == 200, "the server is still up")
        }
    }

    @Test("/api/search improves from the layout with the pins kept, streams its best over SSE, and stops when asked")
    func search() throws {
        try Self.withServer { port in
            let start = try Self.cli(["analyze", "--keyboard", "corne", "--layout", "qwerty", "--json"])
            let tokens = (Self.string(start, "layout") ?? "").split(separator: " ").map(String.init)
            let pins = [tokens.firstIndex(of: "a")!, tokens.firstIndex(of: "s")!]
            let started = try Self.request("POST", "/api/search", body: #"{"layout": "qwerty", "pins": [\#(pins[0]), \#(pins[1])], "seconds": 1.5, "seed": 7}"#, port: port)
            #expect(started.status == 200, "\(started.body)")
            guard let id = Self.string(started.json, "id") else { throw HarnessError("no search id: \(started.body)") }
            let events = try Self.request("GET", "/api/search/\(id)/events", port: port)
            #expect(events.headers["content-type"] == "text/event-stream")
            #expect(events.body.contains("event: progress") && events.body.contains("event: best"))
            guard let doneLine = events.body.components(separatedBy: "event: done\ndata: ").last?.split(separator: "\n").first,
                  let done = try? JSONParser.parse(String(doneLine)) else { throw HarnessError("no done event in \(events.body.suffix(300))") }
            let final = (Self.string(done, "layout") ?? "").split(separator: " ").map(String.init)
            #expect(pins.allSatisfy { final[$0] == tokens[$0] }, "the pinned keys kept a and s")
            let exact = try Self.cli(["analyze", "--keyboard", "corne", "--layout", final.joined(separator: " "), "--json"])
            let score = Self.member(Self.member(done, "report"), "score")?.doubleValue ?? .infinity
            #expect(score == Self.member(exact, "score")?.doubleValue, "the result's report is the exact one")
            #expect(score < (Self.member(start, "score")?.doubleValue ?? 0), "1.5 s of search improves on qwerty")

            let long = try Self.request("POST", "/api/search", body: #"{"layout": "qwerty", "seconds": 120}"#, port: port)
            guard let longID = Self.string(long.json, "id") else { throw HarnessError("no search id: \(long.body)") }
            Thread.sleep(forTimeInterval: 0.5)
            #expect(try Self.request("POST", "/api/search/\(longID)/stop", body: "{}", port: port).status == 200)
            let stopped = try Self.request("GET", "/api/search/\(longID)/events", port: port, seconds: 10)
            #expect(stopped.body.contains("event: done") && stopped.body.contains(#""stopped":true"#), "the stopped search ended with its best")
        }
    }
}
