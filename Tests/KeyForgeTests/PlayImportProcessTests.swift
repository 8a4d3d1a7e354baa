import Foundation
import Glibc
import KeyForgeSystem
import KeyForgeTestSupport
import KeyForgeWire
import Testing

/// Boards in the playground beyond the shipped ones, over a real `keyforge play` on the loopback: a KLE or
/// QMK file posted to `/api/boards/import` becomes the board `keyforge keyboard import` makes of the same
/// file (same numbers, same guesses, same errors), kept in memory under `upload-<12 hex>` and bounded; and
/// the workspace's own boards are listed and resolved as `--keyboard NAME` resolves them.
@Suite("Playground imports", .serialized)
struct PlayImportProcessTests {
    typealias Play = PlayProcessTests

    static let fixtures = "\(packageRoot)/Tests/KeyForgeTests/Fixtures"

    /// Starts `keyforge play --port 0` with `environment` added to this process's.
    static func withServer(environment: [String: String] = [:], _ body: (UInt16) throws -> Void) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: ProcessTests.binary)
        process.arguments = ["play", "--port", "0"]
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = FileHandle.nullDevice
        try process.run()
        defer {
            kill(process.processIdentifier, SIGTERM)
            process.waitUntilExit()
        }
        // "playground: http://127.0.0.1:PORT/play"
        let line = ProcessTests.firstLine(pipe)
        let port = line.split(separator: ":").last.flatMap { UInt16($0.split(separator: "/").first ?? "") } ?? 0
        #expect(port != 0, "keyforge play printed its port: \(line)")
        try body(port)
    }

    /// Posts `bytes` to `/api/boards/import` (`query` after the `?`).
    /// `declaring` sends that Content-Length instead (and only the bytes given).
    static func upload(_ bytes: [UInt8], query: String, port: UInt16, declaring: Int? = nil) throws -> Play.Answer {
        let socket = try StreamSocket.connect(to: .tcp(host: "127.0.0.1", port: port), deadline: .now + .seconds(5))
        let head = "POST /api/boards/import?\(query) HTTP/1.1\r\nHost: t\r\nConnection: close\r\n"
            + "Content-Type: application/octet-stream\r\nContent-Length: \(declaring ?? bytes.count)\r\n\r\n"
        try socket.writeAll(Array(head.utf8) + bytes, deadline: .now + .seconds(5))
        var answer: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65_536)
        while true {
            let count = try buffer.withUnsafeMutableBytes { try socket.read(into: $0, deadline: .now + .seconds(30)) }
            if count == 0 { break }
            answer += buffer[0..<count]
        }
        return try Play.parse(String(decoding: answer, as: UTF8.self))
    }

    /// The `guessed:` lines `keyforge keyboard import` printed, without the prefix.
    static func guesses(_ output: String) -> [JSONValue] {
        output.split(separator: "\n").filter { $0.hasPrefix("guessed: ") }.map { .string(String($0.dropFirst(9))) }
    }

    /// Imports `path` with the CLI as board `name` into `folder`, then analyzes colemak-dh on it.
    static func cliImportAndAnalyze(_ flag: String, _ path: String, name: String, folder: String) throws -> (guesses: [JSONValue], report: JSONValue) {
        let board = "\(folder)/\(name).json"
        let (status, output) = try ProcessTests.run(ProcessTests.binary, ["keyboard", "import", flag, path, "--name", name, "--out", board])
        guard status == 0 else { throw HarnessError("keyboard import \(flag) \(path) exited \(status)") }
        return (guesses(output), try Play.cli(["analyze", "--keyboard", board, "--layout", "colemak-dh", "--json"]))
    }

    @Test("a KLE file and a QMK info.json posted to /api/boards/import analyze exactly as keyboard import + analyze --keyboard FILE")
    func importedBoardsMatchTheCLI() throws {
        let folder = makeTemporaryFolder()
        try Self.withServer { port in
            for (flag, path, file) in [("--kle", "\(Self.fixtures)/kle/planck.json", "planck.json"),
                                       ("--kle", "\(Self.fixtures)/kle/keymapviz-kyria.json", "keymapviz-kyria.json"),
                                       ("--qmk", "\(Self.fixtures)/qmk/keyboards/crkbd/info.json", "info.json")] {
                let bytes = try KeyForgeSystem.FileSystem.readFile(path)
                let imported = try Self.upload(bytes, query: "file=\(file)", port: port)
                #expect(imported.status == 200, "\(path): \(imported.body)")
                guard let id = Play.string(imported.json, "id") else { throw HarnessError("no id for \(path): \(imported.body)") }
                #expect(id.hasPrefix("upload-") && id.count == 19 && id.dropFirst(7).allSatisfy(\.isHexDigit), "\(id)")
                #expect(Play.string(imported.json, "format") == String(flag.dropFirst(2)), "the reader is told by the file's shape")
                #expect(try Self.upload(bytes, query: "file=\(file)", port: port).json == imported.json, "the same file gives the same id")

                // The CLI imports the same file under the same name (the id), so the reports match to the letter.
                let cli = try Self.cliImportAndAnalyze(flag, path, name: id, folder: folder)
                let analyzed = try Play.request("POST", "/api/analyze", body: #"{"keyboard": "\#(id)", "layout": "colemak-dh"}"#, port: port)
                #expect(analyzed.status == 200, "\(analyzed.body)")
                #expect(analyzed.json == cli.report, "\(path): the playground's report is analyze --keyboard FILE's")
                var expected = cli.guesses
                if flag == "--qmk" {
                    // The CLI read keyboards/crkbd/info.json and took QMK's folder from the path; a dropped file
                    // has no path, so the server guesses the folder, as the CLI does for a file elsewhere.
                    let reads = expected.prefix { value in
                        if case .string(let text) = value { return text.hasPrefix("read ") }
                        return false
                    }.count
                    expected.insert(.string("QMK keyboard folder '\(id)' (the file is not under keyboards/; give --qmk-keyboard)"), at: reads)
                }
                #expect(Play.member(imported.json, "guesses") == .array(expected), "\(path): the import's guesses are keyboard import's")

                // Every route that takes a board takes the id.
                let layouts = try Play.request("GET", "/api/layouts?keyboard=\(id)", port: port)
                #expect(layouts.status == 200)
                let swapped = try Play.request("POST", "/api/swap", body: #"{"keyboard": "\#(id)", "layout": "colemak-dh", "swap": [1, 2], "heat": "usage"}"#, port: port)
                #expect(swapped.status == 200 && Play.string(swapped.json, "svg")?.contains("<svg") == true, "\(swapped.body.prefix(200))")
                let compared = try Play.request("POST", "/api/compare", body: #"{"keyboard": "\#(id)", "layouts": ["qwerty", "colemak-dh"]}"#, port: port)
                #expect(compared.status == 200, "\(compared.body.prefix(200))")
                let drawn = try Play.request("GET", "/api/render?keyboard=\(id)&layout=colemak-dh&heat=none", port: port)
                #expect(drawn.status == 200 && drawn.headers["content-type"] == "image/svg+xml")
                let exported = try Play.request("POST", "/api/export", body: #"{"keyboard": "\#(id)", "layout": "colemak-dh", "format": "kle"}"#, port: port)
                #expect(exported.status == 200, "\(exported.body.prefix(200))")
                let kept = try Play.request("GET", "/api/boards/uploaded/\(id)", port: port)
                #expect(kept.status == 200 && Play.member(kept.json, "present") == .bool(true))
            }
            let searched = try Play.request("POST", "/api/search", body: #"{"keyboard": "\#(try Self.uploadID("\(Self.fixtures)/kle/planck.json", port: port))", "layout": "qwerty", "seconds": 0.3, "seed": 3}"#, port: port)
            #expect(searched.status == 200, "\(searched.body)")
        }
    }

    static func uploadID(_ path: String, port: UInt16) throws -> String {
        let answer = try upload(try KeyForgeSystem.FileSystem.readFile(path), query: "file=\(path.split(separator: "/").last ?? "")", port: port)
        guard let id = Play.string(answer.json, "id") else { throw HarnessError("no id: \(answer.body)") }
        return id
    }

    @Test("a file the import refuses is 400 with keyboard import's own reason (the CLI's exit 65), and the server stays up")
    func badFiles() throws {
        let folder = makeTemporaryFolder()
        let files: [(String, String, String)] = [
            ("broken.json", "[[\"Q\", \"W\"", "--kle"),
            ("empty-rows.json", "[]", "--kle"),
            ("nolayouts.json", #"{"keyboard_name": "x"}"#, "--qmk"),
            ("badkey.json", #"{"layouts": {"LAYOUT": {"layout": [{"x": "one", "y": 0}]}}}"#, "--qmk"),
        ]
        try Self.withServer { port in
            for (name, text, flag) in files {
                let path = "\(folder)/\(name)"
                try KeyForgeSystem.FileSystem.writeFileAtomically(path, Array(text.utf8))
                let (status, errors) = try ProcessTests.runCapturingErrors(["keyboard", "import", flag, path, "--name", "x", "--out", "\(folder)/out.json"])
                #expect(status == 65, "\(name): the CLI refuses it as bad data")
                let answer = try Self.upload(Array(text.utf8), query: "file=\(name)", port: port)
                #expect(answer.status == 400, "\(name): \(answer.body)")
                // The CLI names the file by its path, the server by the name the page sent: the rest is the same.
                let reason = answer.error ?? "(none)"
                #expect(reason.hasPrefix(name), "\(reason)")
                #expect(errors.replacingOccurrences(of: "\(folder)/", with: "").contains(reason), "\(name): '\(reason)' is in the CLI's '\(errors)'")
            }
            #expect(Play.member(try Self.upload([], query: "file=x.json", port: port).json, "error") == .string("x.json: the file is empty"))
            #expect(try Self.upload(Array("[]".utf8), query: "format=dof", port: port).error?.contains("must be kle or qmk") == true)
            // A file over 1 MiB is refused from its Content-Length, before its bytes are read.
            #expect(try Self.upload([], query: "", port: port, declaring: (1 << 20) + 1).status == 413)
            let missing = try Play.request("POST", "/api/analyze", body: #"{"keyboard": "upload-0123456789ab", "layout": "qwerty"}"#, port: port)
            #expect(missing.status == 400 && missing.error?.contains("no such uploaded board") == true, "\(missing.body)")
            let gone = try Play.request("GET", "/api/boards/uploaded/upload-0123456789ab", port: port)
            #expect(gone.status == 200 && Play.member(gone.json, "present") == .bool(false))
        }
    }

    @Test("the server keeps the 32 latest uploads: the 33rd drops the oldest, whose id then says it is gone")
    func bound() throws {
        let bytes = try KeyForgeSystem.FileSystem.readFile("\(Self.fixtures)/kle/planck.json")
        try Self.withServer { port in
            var ids: [String] = []
            // 33 different files: the same board with 0 ... 32 trailing newlines (the id hashes the bytes).
            for copy in 0...32 {
                let answer = try Self.upload(bytes + [UInt8](repeating: 10, count: copy), query: "file=planck.json", port: port)
                guard let id = Play.string(answer.json, "id") else { throw HarnessError("no id: \(answer.body)") }
                ids.append(id)
            }
            #expect(Set(ids).count == 33)
            let oldest = try Play.request("GET", "/api/boards/uploaded/\(ids[0])", port: port)
            #expect(Play.member(oldest.json, "present") == .bool(false), "the oldest was dropped")
            #expect(try Play.request("POST", "/api/analyze", body: #"{"keyboard": "\#(ids[0])", "layout": "qwerty"}"#, port: port).status == 400)
            for id in ids.dropFirst() {
                #expect(Play.member(try Play.request("GET", "/api/boards/uploaded/\(id)", port: port).json, "present") == .bool(true), "\(id)")
            }
            #expect(try Play.request("POST", "/api/analyze", body: #"{"keyboard": "\#(ids[32])", "layout": "qwerty"}"#, port: port).status == 200)
        }
    }

    @Test("the workspace's boards are in /api/boards and analyze as analyze --keyboard NAME does with the same workspace")
    func workspaceBoards() throws {
        let home = makeTemporaryFolder()
        try KeyForgeSystem.FileSystem.makeDirectories("\(home)/keyboards")
        let (status, _) = try ProcessTests.run(ProcessTests.binary, ["keyboard", "import", "--kle", "\(Self.fixtures)/kle/planck.json",
                                                                     "--name", "my-planck", "--out", "\(home)/keyboards/my-planck.json"])
        #expect(status == 0)
        let environment = ["KEYFORGE_HOME": home]
        try Self.withServer(environment: environment) { port in
            let boards = try Play.request("GET", "/api/boards", port: port)
            guard case .array(let list)? = Play.member(boards.json, "boards") else { throw HarnessError("no boards: \(boards.body)") }
            let names = list.compactMap { Play.string($0, "name") }
            #expect(names.contains("my-planck") && names.contains("corne"), "\(names)")
            let analyzed = try Play.request("POST", "/api/analyze", body: #"{"keyboard": "my-planck", "layout": "colemak-dh"}"#, port: port)
            let process = Process()
            process.executableURL = URL(fileURLWithPath: ProcessTests.binary)
            process.arguments = ["analyze", "--keyboard", "my-planck", "--layout", "colemak-dh", "--json"]
            process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
            let pipe = Pipe()
            process.standardOutput = pipe
            try process.run()
            let output = pipe.fileHandleForReading.readDataToEndOfFile()
            process.waitUntilExit()
            #expect(process.terminationStatus == 0)
            let report = try JSONParser.parse(Array(output))
            #expect(analyzed.status == 200 && analyzed.json == report, "\(analyzed.body.prefix(300))")
        }
    }
}
