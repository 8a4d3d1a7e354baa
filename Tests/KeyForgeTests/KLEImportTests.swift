import Foundation
import Testing
import KeyForgeAdapters
import KeyForgeCore
import KeyForgeSystem
import KeyForgeWire
import KeyForgeServices
@testable import KeyForge

/// KLE import: the codec, the finger rule, `--fingers`, and the written board loading everywhere.
@Suite("KLE import")
struct KLEImportTests {
    static let examplePath = "\(packageRoot)/examples/kle-tiny-split.json"

    static func importExample(fingers: String? = nil, options: FingerRule.Options = .init()) throws -> KLEImport.Outcome {
        let board = try KLECodec.decode(try FileSystem.readFile(examplePath), source: "kle-tiny-split.json")
        return try KLEImport.keyboard(from: board, name: "tiny", source: "kle-tiny-split.json", options: options,
                                      fingers: fingers, keycodes: try AssetCatalog().keycodes)
    }

    @Test("the hand-written split board gives the expected keys, rows, fingers, homes, stretch columns and legends")
    func tinySplit() throws {
        let outcome = try Self.importExample()
        let keyboard = outcome.keyboard
        #expect(keyboard.keys.count == 34)
        #expect(outcome.rule.homeRow == 1 && keyboard.homeRow == 1)
        #expect(outcome.rule.splitX == 6)            // the middle of G (centre 4.5) and H (centre 7.5)
        #expect(outcome.thumbRows == [3])             // both thumb clusters are 2.25 rows below the home row
        // Positions: the right half starts after the 2u gap; row 2 is one unit down.
        #expect(keyboard.keys[5].x == 7 && keyboard.keys[5].y == 0)
        #expect(keyboard.keys[20].x == 0 && keyboard.keys[20].y == 2)
        // The thumbs: rx/ry move the cursor to the origin, then x/y offset it; rotation about the origin.
        let space = keyboard.keys[31]
        #expect(space.x == 4.5 && space.y == 3.25 && space.rotation == 15 && space.rotationOriginX == 4 && space.rotationOriginY == 3)
        let enter = keyboard.keys[32]
        #expect(enter.x == 7.5 && enter.y == 3.25 && enter.rotation == -15 && enter.rotationOriginX == 8 && enter.rotationOriginY == 3)
        // Turned 15 degrees about (4, 3): the centre (5, 3.75) goes to (4 + cos 15 − 0.75 sin 15, 3 + sin 15 + 0.75 cos 15).
        let sine = 0.25881904510252074, cosine = 0.9659258262890683
        #expect(abs(space.centerX - (4 + cosine - 0.75 * sine)) < 1e-12)
        #expect(abs(space.centerY - (3 + sine + 0.75 * cosine)) < 1e-12)
        let slots = keyboard.keys.map { Key.fingerSlotNames[$0.fingerSlot] + ($0.isHome ? "*" : $0.isStretch ? "+" : "") }
        let mainRow = ["LP", "LR", "LM", "LI", "LI+", "RI+", "RI", "RM", "RR", "RP"]
        #expect(Array(slots[0..<10]) == mainRow)
        #expect(Array(slots[10..<20]) == ["LP*", "LR*", "LM*", "LI*", "LI+", "RI+", "RI*", "RM*", "RR*", "RP*"])
        #expect(Array(slots[20..<30]) == mainRow)
        #expect(Array(slots[30..<34]) == ["LT", "LT*", "RT*", "RT"])
        #expect(keyboard.keys[0..<30].map(\.row) == Array(repeating: 0, count: 10) + Array(repeating: 1, count: 10) + Array(repeating: 2, count: 10))
        #expect(keyboard.keys[0..<10].map(\.col) == Array(0..<10))
        #expect(keyboard.keys[30...].map(\.col) == [10, 11, 12, 13])
        #expect(keyboard.baseLayout == Array(repeating: "*", count: 30) + ["NONE", "SPACE", "ENTER", "NONE"])
        #expect(keyboard.referenceLayouts.map(\.name) == ["qwerty"])
        #expect(keyboard.referenceLayout(named: "qwerty") == "qwertyuiopasdfghjkl;zxcvbnm,./")
        #expect(keyboard.description.contains("'tiny split'"))
    }

    @Test("a board with rotated keys exported as KLE reads back with every key's position, size and rotation")
    func rotatedExportRoundTrip() throws {
        let keyboard = try Self.importExample().keyboard
        let layout = Layout(symbols: keyboard.keys.indices.map { _ in nil })
        let text = try LayoutExport.render(.kle, LayoutExport.Input(keyboard: keyboard, layout: layout, layoutName: "legends"))
        let again = try KLECodec.decode(Array(text.utf8), source: "exported.json").keys
        #expect(again.count == keyboard.keys.count)
        // KLE's order is row by row, the model's is by logical row: match keys by their upright corner.
        for key in keyboard.keys {
            let twin = again.first { abs($0.x - key.x) < 1e-9 && abs($0.y - key.y) < 1e-9 }
            #expect(twin != nil, "no exported key at (\(key.x), \(key.y))")
            guard let twin else { continue }
            #expect(twin.width == key.width && twin.height == key.height)
            #expect(abs(twin.rotation - key.rotation) < 1e-9)
            if key.rotation != 0 {
                #expect(abs(twin.rotationOriginX - key.rotationOriginX) < 1e-9 && abs(twin.rotationOriginY - key.rotationOriginY) < 1e-9)
            }
        }
        #expect(keyboard.keys.contains { $0.rotation != 0 })
    }

    @Test("KLE's raw-data text (no outer brackets, bare property names) reads as the downloaded JSON does")
    func rawData() throws {
        let raw = """
        {name: "tiny split"},
        ["Q","W","E","R","T",{x:2},"Y","U","I","O","P"],
        ["A","S","D","F","G",{x:2},"H","J","K","L",";"],
        ["Z","X","C","V","B",{x:2},"N","M","<\\n,",">\\n.","?\\n/"],
        [{r:15,rx:4,ry:3,x:-0.5,y:0.25},"","Space"],
        [{r:-15,rx:8,x:-0.5,y:0.25},"Enter",""]
        """
        let fromRaw = try KLECodec.decode(Array(raw.utf8), source: "raw")
        let fromFile = try KLECodec.decode(try FileSystem.readFile(Self.examplePath), source: "file")
        #expect(fromRaw.keys == fromFile.keys)
        #expect(fromRaw.name == "tiny split")
        // One bare row, starting with properties, is a board of one row.
        let single = try KLECodec.decode(Array(#"[{x:0.5,w:1.5},"Tab","Q"]"#.utf8), source: "one row")
        #expect(single.keys.map(\.x) == [0.5, 2] && single.keys.map(\.width) == [1.5, 1])
        // A property name inside a legend string stays as it is.
        #expect(try KLECodec.decode(Array(#"[["{x:1}"]]"#.utf8), source: "s").keys.first?.labels == ["{x:1}"])
    }

    @Test("bad KLE input is a clear error naming the row and item, never a crash")
    func badInput() throws {
        #expect(throws: InputError.self) { try KLECodec.decode(Array(#"[["Q", 5]]"#.utf8), source: "k") }
        #expect(throws: InputError.self) { try KLECodec.decode(Array(#"[["Q", {"x": "far"}, "W"]]"#.utf8), source: "k") }
        #expect(throws: InputError.self) { try KLECodec.decode(Array("[[\"Q\"".utf8), source: "k") }
        do {
            _ = try KLECodec.decode(Array(#"[["Q", {"w": true}, "W"]]"#.utf8), source: "bad.json")
            Issue.record("a boolean width was accepted")
        } catch let error as InputError {
            #expect(error.description.contains("bad.json") && error.description.contains("[0][1].w"))
        }
        let empty = try KLECodec.decode(Array("[]".utf8), source: "e")
        #expect(throws: KeyForgeCore.ValidationError.self) {
            try KLEImport.keyboard(from: empty, name: "e", source: "e", options: .init(), fingers: nil, keycodes: .minimal)
        }
    }

    @Test("a 60 % ANSI board from KLE with --split 7 (the geometric rule): asdf is the home row, the space bar is a thumb, Ctrl a pinky")
    func ansiSixty() throws {
        let raw = #"""
        [{a:7},"~\n`","!\n1","@\n2","#\n3","$\n4","%\n5","^\n6","&\n7","*\n8","(\n9",")\n0","_\n-","+\n=",{w:2},"Backspace"],
        [{w:1.5},"Tab","Q","W","E","R","T","Y","U","I","O","P","{\n[","}\n]",{w:1.5},"|\n\\"],
        [{w:1.75},"Caps Lock","A","S","D","F","G","H","J","K","L",":\n;","\"\n'",{w:2.25},"Enter"],
        [{w:2.25},"Shift","Z","X","C","V","B","N","M","<\n,",">\n.","?\n/",{w:2.75},"Shift"],
        [{w:1.25},"Ctrl",{w:1.25},"Win",{w:1.25},"Alt",{w:6.25},"",{w:1.25},"Alt",{w:1.25},"Win",{w:1.25},"Menu",{w:1.25},"Ctrl"]
        """#
        let board = try KLECodec.decode(Array(raw.utf8), source: "ansi60")
        #expect(board.keys.count == 61)
        let outcome = try KLEImport.keyboard(from: board, name: "ansi60", source: "ansi60", options: FingerRule.Options(splitX: 7),
                                             fingers: nil, keycodes: try AssetCatalog().keycodes)
        let keys = outcome.keyboard.keys
        #expect(outcome.rule.homeRow == 2 && outcome.thumbRows == [4] && outcome.rule.scheme == nil)
        // T G B (19, 33, 46) left, Y H N (20, 34, 47) right.
        #expect([19, 33, 46].map { keys[$0].hand } == [0, 0, 0] && [20, 34, 47].map { keys[$0].hand } == [1, 1, 1])
        // Home keys: A S D F and J K L ; ; G and H are the stretch columns.
        #expect(keys.indices.filter { keys[$0].isHome && keys[$0].finger != 0 } == [29, 30, 31, 32, 35, 36, 37, 38])
        #expect(keys[33].isStretch && keys[34].isStretch && keys[19].isStretch && keys[20].isStretch && keys[46].isStretch)
        #expect(keys[47].finger == 1 && !keys[47].isStretch)   // N is as near H as J: the tie goes to the outer column
        #expect(keys[56].finger == 0 && keys[53].finger == 4 && keys[53].hand == 0)   // space a thumb, left Ctrl the pinky
        #expect(keys[56].isHome && keys[56].hand == 0)      // the space bar (centre 6.875) is the left thumb's home
        #expect(outcome.keyboard.referenceLayout(named: "qwerty") == "qwertyuiopasdfghjkl;zxcvbnm,./")
        #expect(outcome.keyboard.baseLayout[13] == "BACKSPACE" && outcome.keyboard.baseLayout[28] == "CAPSLOCK" && outcome.keyboard.baseLayout[56] == "SPACE")
        #expect(outcome.keyboard.baseLayout[1] == "1" && outcome.keyboard.baseLayout[39] == "'")
    }

    @Test("the finger rule gives the shipped split and grid boards their own hands, fingers, homes and stretch columns",
          arguments: ["corne", "sweep", "ortho_30"])
    func ruleMatchesShippedBoards(board: String) throws {
        let keyboard = try AssetCatalog().keyboard(board)
        let bare = keyboard.keys.map { key in
            Key(hand: 0, finger: 1, row: key.row, col: 0, x: key.x, y: key.y, width: key.width, height: key.height)
        }
        let outcome = try FingerRule.assign(bare)
        #expect(outcome.homeRow == keyboard.homeRow)
        for (index, (ruled, shipped)) in zip(outcome.keys, keyboard.keys).enumerated() {
            #expect(ruled.hand == shipped.hand && ruled.finger == shipped.finger, "\(board) key \(index): finger")
            #expect(ruled.isHome == shipped.isHome && ruled.isStretch == shipped.isStretch, "\(board) key \(index): home/stretch")
        }
    }

    @Test("--fingers overrides the rule key by key; a wrong count or token is an error naming it")
    func fingersOverride() throws {
        var tokens = Array(repeating: "-", count: 34)
        tokens[0] = "lr"            // Q to the ring finger
        tokens[30] = "LT+"
        let outcome = try Self.importExample(fingers: tokens.joined(separator: " "))
        #expect(outcome.keyboard.keys[0].hand == 0 && outcome.keyboard.keys[0].finger == 3)
        #expect(outcome.keyboard.keys[30].finger == 0 && outcome.keyboard.keys[30].isStretch)
        #expect(outcome.keyboard.keys[1].finger == 3 && outcome.keyboard.keys[1].isHome == false)   // kept from the rule
        #expect(outcome.keyboard.description.contains("--fingers"))
        #expect(throws: KeyForgeCore.ValidationError.self) { try Self.importExample(fingers: "LP LR") }
        do {
            _ = try Self.importExample(fingers: (["XX"] + Array(repeating: "-", count: 33)).joined(separator: " "))
            Issue.record("an unknown finger was accepted")
        } catch let error as KeyForgeCore.ValidationError {
            #expect(error.description.contains("fingers[0]") && error.description.contains("'XX'"))
        }
        // A second home for the left index finger is caught by the keyboard's own validation.
        tokens = Array(repeating: "-", count: 34)
        tokens[4] = "LI*"
        #expect(throws: KeyForgeCore.ValidationError.self) { try Self.importExample(fingers: tokens.joined(separator: " ")) }
        // --split moves the hands: at x = 4 the G column (centre 4.5) becomes the right hand's.
        let moved = try Self.importExample(options: FingerRule.Options(splitX: 4)).keyboard
        #expect(moved.keys[14].hand == 1 && moved.keys[13].hand == 0)
    }

    @Test("keyboard JSON with rotation round-trips through the codec; upright boards keep their exact centres")
    func codecRoundTrip() throws {
        let keyboard = try Self.importExample().keyboard
        let catalog = try AssetCatalog()
        let text = KeyboardCodec.encode(keyboard)
        let decoded = try KeyboardCodec.decode(Array(text.utf8), source: "t", keycodes: catalog.keycodes)
        #expect(decoded.keys == keyboard.keys)
        #expect(decoded.baseLayout == keyboard.baseLayout && decoded.homeRow == keyboard.homeRow)
        #expect(text.contains(#""home": true, "r": 15.0, "rx": 4.0, "ry": 3.0}"#))
        // Every shipped board round-trips too, and its centres are the plain sums (no trigonometry).
        for name in catalog.keyboardNames {
            let shipped = try catalog.keyboard(name)
            #expect(try KeyboardCodec.decode(Array(KeyboardCodec.encode(shipped).utf8), source: name, keycodes: catalog.keycodes).keys == shipped.keys)
            #expect(shipped.keys.allSatisfy { $0.centerX == $0.x + $0.width / 2 && $0.centerY == $0.y + $0.height / 2 })
        }
        let turned = Key(hand: 0, finger: 1, row: 0, col: 0, x: 2, y: 0, rotation: 90, rotationOriginX: 1, rotationOriginY: 0)
        #expect(turned.centerX == 0.5 && turned.centerY == 1.5)
        // A tiny negative angle is a turn by (almost) nothing, not a quarter turn.
        let barely = Key(hand: 0, finger: 1, row: 0, col: 0, x: 2, y: 0, rotation: -1e-20, rotationOriginX: 1, rotationOriginY: 0)
        #expect(barely.centerX == 2.5 && barely.centerY == 0.5)
        #expect(throws: KeyForgeCore.ValidationError.self) {
            try Keyboard(name: "r", keys: [Key(hand: 0, finger: 1, row: 0, col: 0, x: 0, y: 0, rotation: .nan)]).validate()
        }
    }

    @Test("keyboard import writes a board that analyze, compare and render load")
    func importProcess() throws {
        let folder = makeTemporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let binary = ProcessTests.binary
        let imported = try ProcessTests.run(binary, ["keyboard", "import", "--kle", Self.examplePath, "--name", "tiny", "--out", "\(folder)/tiny.json"])
        #expect(imported.status == 0)
        #expect(imported.output.contains("34 keys") && imported.output.contains("row 1: LP* LR* LM* LI* LI+ RI+ RI* RM* RR* RP*"))
        let analyze = try ProcessTests.run(binary, ["analyze", "--keyboard", "\(folder)/tiny.json", "--layout", "qwerty", "--json"])
        #expect(analyze.status == 0)
        let keys = try #require(try JSONParser.parse(analyze.output).objectValue?["keys"]?.arrayValue)
        #expect(keys.count == 34)
        #expect(keys[31].objectValue?["r"] == .double(15) && keys[0].objectValue?["r"] == nil)
        #expect(try ProcessTests.run(binary, ["render", "--keyboard", "\(folder)/tiny.json", "--out", "\(folder)/tiny.svg"]).status == 0)
        #expect(try ProcessTests.run(binary, ["compare", "--keyboard", "\(folder)/tiny.json", "qwerty", "qwfpgjluy;arstdhneiozxcvbkm,./"]).status == 0)
        #expect(try ProcessTests.run(binary, ["keyboard", "import", "--kle", "\(folder)/none.json", "--name", "x", "--out", "\(folder)/x.json"]).status == 66)
        #expect(try ProcessTests.run(binary, ["keyboard", "import", "--kle", Self.examplePath, "--name", "bad name", "--out", "\(folder)/x.json"]).status == 64)
    }
}
