import Foundation
import Testing
import KeyForgeCore
import KeyForgeSystem
import KeyForgeServices
import KeyForgeWire
@testable import KeyForge

/// Boards from QMK's info.json, layouts from Oxeylyzer (.dof), genkey and cmini: real files in Fixtures.
@Suite("Imports from QMK, Oxeylyzer, genkey and cmini")
struct ImportFormatsTests {
    static let fixtures = "\(packageRoot)/Tests/KeyForgeTests/Fixtures"

    static func files(_ folder: String) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: "\(fixtures)/\(folder)").sorted().map { "\(fixtures)/\(folder)/\($0)" }
    }

    static func qmk(_ path: String, layout: String? = nil) throws -> (KLEImport.Outcome, QMKImport.Source) {
        let source = try QMKImport.decode(try FileSystem.readFile("\(fixtures)/qmk/\(path)"), source: path, layout: layout)
        let outcome = try KLEImport.keyboard(from: source.board, name: "q", source: path, options: .init(), fingers: nil,
                                             keycodes: try AssetCatalog().keycodes)
        return (outcome, source)
    }

    @Test("QMK crkbd info.json: the labelled 3x6+3 layout gets the standard fingers, thumbs, and its LAYOUT macro in key order")
    func corneFromQMK() throws {
        let (outcome, source) = try Self.qmk("keyboards/crkbd/info.json")
        #expect(source.layoutMacro == "LAYOUT_split_3x6_3" && source.available == ["LAYOUT_split_3x6_3", "LAYOUT_split_3x5_3"])
        let keyboard = QMKImport.attachingExport(outcome.keyboard, board: source.board, order: outcome.order,
                                                 target: QMKImport.keyboardFolder(fromPath: "qmk/keyboards/crkbd/info.json") ?? "", layoutMacro: source.layoutMacro)
        try keyboard.validate()
        #expect(keyboard.keys.count == 42 && keyboard.alphaKeys.count == 30)
        #expect(keyboard.referenceLayout(named: "qwerty") == "qwertyuiopasdfghjkl;zxcvbnm,./")
        let symbols = KLEBoardsTests.symbols(keyboard)
        for (letter, finger) in KLEBoardsTests.letters {
            let key = try #require(symbols.firstIndex(of: letter))
            #expect(Key.fingerSlotNames[keyboard.keys[key].fingerSlot] == finger, "'\(letter)'")
        }
        // Thumbs: GUI Lower Space | Enter Raise Alt; Space (1.5u tall, the left hand's space bar) is the left thumb's home.
        for name in ["GUI", "SPACE", "ENTER", "ALT"] {
            let key = try #require(symbols.firstIndex(of: name))
            #expect(keyboard.keys[key].finger == 0, "\(name)")
        }
        #expect(keyboard.keys[try #require(symbols.firstIndex(of: "SPACE"))].isHome)
        // Esc and Back Space are the outer pinky column, Ctrl / Tab too.
        #expect(Key.fingerSlotNames[keyboard.keys[try #require(symbols.firstIndex(of: "ESC"))].fingerSlot] == "LP")
        #expect(Key.fingerSlotNames[keyboard.keys[try #require(symbols.firstIndex(of: "BACKSPACE"))].fingerSlot] == "RP")
        // The qmk section: target from the path, the macro, and slot i is the key made from the macro's argument i.
        let qmk = try #require(keyboard.exports.qmk)
        #expect(qmk.target == "crkbd" && qmk.layoutMacro == "LAYOUT_split_3x6_3")
        #expect(qmk.slots.count == 42 && qmk.placedKeys.count == 42)
        for (argument, slot) in qmk.slots.enumerated() {
            guard case .key(let key) = slot else { Issue.record("slot \(argument) is not a key"); continue }
            #expect(outcome.order[key] == argument)
        }
        // The 3x5+3 macro, chosen by name.
        let (small, smallSource) = try Self.qmk("keyboards/crkbd/info.json", layout: "LAYOUT_split_3x5_3")
        #expect(smallSource.layoutMacro == "LAYOUT_split_3x5_3" && small.keyboard.keys.count == 36 && small.keyboard.alphaKeys.count == 30)
    }

    @Test("QMK planck info.json without labels: geometry finds the home row above the row with the 2u key, a 30-key alpha block, and says it guessed")
    func planckFromQMK() throws {
        let (outcome, source) = try Self.qmk("keyboards/planck/info.json")
        #expect(source.layoutMacro == "PLANCK_MIT" && source.board.keys.count == 47)
        let keyboard = outcome.keyboard
        #expect(keyboard.homeRow == 1 && keyboard.alphaKeys.count == 30 && outcome.rule.scheme == nil)
        #expect(outcome.rule.guesses.contains { $0.contains("--home-row") })
        // Columns 1-10 of rows 0-2 are the alpha block, fingered LP LR LM LI LI RI RI RM RR RP.
        let expected = ["LP", "LR", "LM", "LI", "LI", "RI", "RI", "RM", "RR", "RP"]
        for row in 0..<3 {
            let keys = keyboard.keys.indices.filter { keyboard.keys[$0].row == row }
            #expect(keys.count == 12)
            #expect(keys[1...10].map { Key.fingerSlotNames[keyboard.keys[$0].fingerSlot] } == expected)
            #expect(keys[1...10].allSatisfy { keyboard.baseLayout[$0] == Keyboard.alphaMarker })
        }
        let space = try #require(keyboard.baseLayout.firstIndex(of: "SPACE"))
        #expect(keyboard.keys[space].width == 2 && keyboard.keys[space].finger == 0)
        // A qwerty string now fits the board.
        let layout = try Layout.parse("qwertyuiopasdfghjkl;zxcvbnm,./", for: keyboard, keycodes: try AssetCatalog().keycodes)
        #expect(layout.symbols.compactMap { $0 }.count == 31)
    }

    @Test("every Oxeylyzer-2 .dof reads, and read-write-read gives the same layout, board and fingering")
    func dofRoundTrip() throws {
        let files = try Self.files("dof")
        #expect(files.count >= 80)
        for path in files {
            let first = try DofLayout.decode(try FileSystem.readFile(path), source: path)
            let again = try DofLayout.decode(Array(first.encode().utf8), source: "again")
            #expect(first == again, "\(path)")
            let layout = try CommunityLayout.fromDof(first)
            #expect(layout.alphaTokens.count == 30)
        }
        // Fields as the files give them.
        let graphite = try DofLayout.decode(try FileSystem.readFile("\(Self.fixtures)/dof/graphite.dof"), source: "graphite")
        #expect(graphite.name == "graphite" && graphite.authors == ["stronglytyped"] && graphite.link == "https://github.com/rdavison/graphite-layout")
        #expect(graphite.fingering == .named("traditional") && graphite.board == .string("ansi"))
        let read = try CommunityLayout.fromDof(graphite)
        #expect(read.alphaTokens.joined() == "bldwz'foujnrtsgyhaeiqxmcvkp.-/")
        #expect(read.extraKeys.map(\.token) == [";", "=", ","])
        // An anchor at the board's corner: the main layer starts at the number row, Q at row 1, column 1.
        let maximal = try CommunityLayout.fromDof(try DofLayout.decode(try FileSystem.readFile("\(Self.fixtures)/dof/qwerty-maximal.dof"), source: "m"))
        #expect(maximal.alphaTokens.joined() == "qwertyuiopasdfghjkl;zxcvbnm,./" && maximal.year == 1878)
        // Explicit fingering rows, finger names per key.
        let aest = try CommunityLayout.fromDof(try DofLayout.decode(try FileSystem.readFile("\(Self.fixtures)/dof/aest.dof"), source: "a"))
        #expect(aest.fingers?[2].prefix(4) == [0, 0, 1, 2])
    }

    @Test("a KeyForge layout written as .dof reads back as the same layout on the same fingers")
    func dofFromKeyForge() throws {
        let catalog = try AssetCatalog()
        for board in ["ansi", "ortho_30", "corne"] {
            let keyboard = try catalog.keyboard(board)
            let layout = try Layout.parse("qwfpbjluy;arstgmneiozxcdvkh,./", for: keyboard, keycodes: catalog.keycodes)
            let text = try LayoutExport.render(.dof, LayoutExport.Input(keyboard: keyboard, layout: layout, layoutName: "colemak-dh"))
            let read = try CommunityLayout.read(Array(text.utf8), source: "written.dof")
            #expect(try read.layout(for: keyboard, keycodes: catalog.keycodes, source: "w") == layout, "\(board)")
            let fingers = keyboard.alphaKeys.map { keyboard.keys[$0].fingerSlot }
            #expect(read.fingers?.flatMap { $0 } == fingers, "\(board)")
            #expect(read.name == "colemak-dh")
            // And once more through the writer: the same file.
            #expect(read.asDof().encode() == text)
        }
    }

    @Test("genkey's layout files read with their fingers; cmini's JSON too")
    func genkeyAndCmini() throws {
        let files = try Self.files("genkey")
        #expect(files.count >= 25)
        for path in files {
            let read = try CommunityLayout.read(try FileSystem.readFile(path), source: path)
            #expect(read.format == .genkey && read.alphaTokens.count == 30 && read.fingers != nil, "\(path)")
        }
        let colemak = try CommunityLayout.read(try FileSystem.readFile("\(Self.fixtures)/genkey/colemak_dh"), source: "c")
        #expect(colemak.name == "Colemak DH" && colemak.alphaTokens.joined() == "qwfpbjluy;arstgmneiozxcdvkh,./")
        // genkey's 0 1 2 3 3 4 4 5 6 7 are left pinky ... left index, index, then right index ... right pinky.
        #expect(colemak.fingers?[0] == [0, 1, 2, 3, 3, 6, 6, 7, 8, 9])
        let sturdy = try CommunityLayout.read(try FileSystem.readFile("\(Self.fixtures)/cmini/sturdy-2.json"), source: "s")
        #expect(sturdy.format == .cmini && sturdy.board == "angle" && sturdy.alphaTokens.joined() == "kdlwvjfuo,strygbneaixqcmzph'.;")
        // cmini's angle board: the bottom row's first key is the ring finger's.
        #expect(sturdy.fingers?[2].first == 1 && sturdy.extraKeys.map(\.token) == ["-"])
        let tangent = try CommunityLayout.read(try FileSystem.readFile("\(Self.fixtures)/cmini/tangent.json"), source: "t")
        #expect(tangent.alphaTokens.prefix(10).joined() == "jouy_qbrlf")
    }

    @Test("the commands: keyboard import --qmk, export from it, layouts import, --layout @FILE.dof")
    func processes() throws {
        let folder = makeTemporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let binary = ProcessTests.binary
        let crkbd = "\(Self.fixtures)/qmk/keyboards/crkbd/info.json"
        let imported = try ProcessTests.run(binary, ["keyboard", "import", "--qmk", crkbd, "--name", "crkbd", "--out", "\(folder)/crkbd.json"])
        #expect(imported.status == 0 && imported.output.contains("42 keys") && imported.output.contains("--layout"))
        let exported = try ProcessTests.run(binary, ["export", "--keyboard", "\(folder)/crkbd.json", "--layout", "qwerty", "--format", "qmk"])
        #expect(exported.status == 0)
        #expect(exported.output.contains("LAYOUT_split_3x6_3("))
        let compact = exported.output.filter { !$0.isWhitespace }
        #expect(compact.contains("KC_ESC,KC_Q,KC_W,KC_E,KC_R,KC_T,KC_Y,KC_U,KC_I,KC_O,KC_P,KC_BSPC"))
        // A .dof as --layout: the same report as the layout string.
        let graphite = "\(Self.fixtures)/dof/graphite.dof"
        let fromFile = try ProcessTests.run(binary, ["analyze", "--keyboard", "ansi", "--layout", "@\(graphite)", "--json"])
        let fromString = try ProcessTests.run(binary, ["analyze", "--keyboard", "ansi", "--layout", "bldwz'foujnrtsgyhaeiqxmcvkp.-/", "--json"])
        #expect(fromFile.status == 0 && fromString.status == 0)
        let metrics = { (text: String) in try JSONParser.parse(text).objectValue?["metrics"] }
        #expect(try metrics(fromFile.output) == metrics(fromString.output))
        let shown = try ProcessTests.run(binary, ["layouts", "import", graphite, "--keyboard", "corne", "--out", "\(folder)/g.dof"])
        #expect(shown.status == 0 && shown.output.contains("stronglytyped") && shown.output.contains("b l d w z ' f o u j"))
        #expect(try DofLayout.decode(try FileSystem.readFile("\(folder)/g.dof"), source: "g") == DofLayout.decode(try FileSystem.readFile(graphite), source: "o"))
        let written = try ProcessTests.run(binary, ["export", "--keyboard", "ansi", "--layout", "qwerty", "--format", "dof", "--out", "\(folder)/q.dof"])
        #expect(written.status == 0)
        #expect(try ProcessTests.run(binary, ["analyze", "--keyboard", "ansi", "--layout", "@\(folder)/q.dof"]).status == 0)
        #expect(try ProcessTests.run(binary, ["analyze", "--keyboard", "ortho_30", "--layout", "@\(Self.fixtures)/genkey/semimak"]).status == 0)
    }

    @Test("bad input: one line naming the file, exit 65, nothing written",
          arguments: [
            ("kle", "[]", "has no keys"),
            ("kle", "[[{\"r\":45,\"rx\":90,\"ry\":90},\"A\",\"B\"],[{\"r\":-80,\"rx\":-50},\"C\"]]", "not a two-handed board"),
            ("kle", "GARBAGE", "on top of each other"),
            ("kle", "HUGE", "more than 200 keys"),
            ("qmk", "{\"layouts\": {}}", "has no layouts"),
            ("qmk", "{\"layouts\": {\"LAYOUT\": {\"layout\": [{\"x\": 0}]}}}", "y: is missing"),
            ("dof", "{\"name\": \"x\", \"board\": \"ansi\", \"layers\": {\"shift\": [\"a b c\"]}}", "has no 'main' layer"),
            ("dof", "{\"name\": \"x\", \"board\": \"ansi\", \"layers\": {\"main\": [\"a b\"], \"shift\": [\"a\"]}}", "the main layer's row has 2"),
          ])
    func badInput(_ kind: String, _ content: String, _ message: String) throws {
        let folder = makeTemporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        var text = content
        if content == "GARBAGE" {
            // 40 keys each turned 37 degrees further about one point: a pile, not a board.
            text = "[" + (0..<40).map { "[{\"r\":\(($0 * 37) % 360),\"rx\":5,\"ry\":5},\"K\($0)\"]" }.joined(separator: ",") + "]"
        } else if content == "HUGE" {
            text = "[" + (0..<100).map { _ in "[" + Array(repeating: "\"x\"", count: 100).joined(separator: ",") + "]" }.joined(separator: ",") + "]"
        }
        let input = "\(folder)/input.\(kind == "dof" ? "dof" : "json")", out = "\(folder)/out.\(kind == "dof" ? "dof" : "json")"
        try text.write(toFile: input, atomically: true, encoding: .utf8)
        let arguments = kind == "dof" ? ["layouts", "import", input, "--out", out]
                                      : ["keyboard", "import", "--\(kind)", input, "--name", "x", "--out", out]
        let result = try ProcessTests.runCapturingErrors(arguments)
        #expect(result.status == 65)
        let lines = result.errors.split(separator: "\n")
        #expect(lines.count == 1 && result.errors.contains(message) && result.errors.contains("input."), "\(result.errors)")
        #expect(!result.errors.contains("out."))
        #expect(!FileManager.default.fileExists(atPath: out))
        if kind == "dof" {
            let analyzed = try ProcessTests.runCapturingErrors(["analyze", "--keyboard", "ansi", "--layout", "@\(input)"])
            #expect(analyzed.status == 65 && analyzed.errors.contains(message))
        }
    }
}
