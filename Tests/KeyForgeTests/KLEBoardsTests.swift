import Foundation
import Testing
import KeyForgeCore
import KeyForgeSystem
import KeyForgeServices
@testable import KeyForge

/// The touch-typing rule on real KLE files nobody here wrote (Fixtures/kle, sources in Fixtures/SOURCES.md):
/// each board's expected fingers are written out below, legend by legend.
@Suite("KLE import of real boards")
struct KLEBoardsTests {
    static let folder = "\(packageRoot)/Tests/KeyForgeTests/Fixtures/kle"

    /// The standard touch-typing chart for the letters (the issue's convention): Q A Z left pinky, W S X
    /// ring, E D C middle, R F V T G B left index, Y H N U J M right index, I K , middle, O L . ring, P ; / pinky.
    static let letters: [String: String] = [
        "q": "LP", "a": "LP", "z": "LP", "w": "LR", "s": "LR", "x": "LR", "e": "LM", "d": "LM", "c": "LM",
        "r": "LI", "f": "LI", "v": "LI", "t": "LI", "g": "LI", "b": "LI",
        "y": "RI", "h": "RI", "n": "RI", "u": "RI", "j": "RI", "m": "RI",
        "i": "RM", "k": "RM", ",": "RM", "o": "RR", "l": "RR", ".": "RR", "p": "RP", ";": "RP", "/": "RP",
    ]
    /// The number row on a row-staggered board, following the diagonal columns: 1 over Q, 2 over W ...,
    /// 5 over T and 6 over Y (its centre, 0.75u left of H's column once the stagger is taken back).
    static let digits: [String: String] = [
        "1": "LP", "2": "LR", "3": "LM", "4": "LI", "5": "LI", "6": "RI", "7": "RI", "8": "RM", "9": "RR", "0": "RP",
    ]

    struct Case: CustomStringConvertible, Sendable {
        var file: String
        var homeRow: Int
        var alphaKeys: Int
        var outside: Int
        /// Expected fingers beyond the letters: legend -> finger (every key with that legend).
        var fingers: [String: String]
        var description: String { file }
    }

    /// Worked out by hand from each file's picture in the editor and the convention above.
    static let cases: [Case] = [
        // Full-size boards: 16 function-row keys, 6 navigation, 4 arrows and 17 numpad keys lie outside.
        Case(file: "ansi-104", homeRow: 4, alphaKeys: 30, outside: 43, fingers: digits.merging([
            "`": "LP", "-": "RP", "=": "RP", "[": "RP", "]": "RP", "'": "RP", "TAB": "LP", "CAPSLOCK": "LP",
            "ENTER": "RP", "BACKSPACE": "RP", "SPACE": "RT"]) { $1 }),
        Case(file: "ansi-104-big-ass-enter", homeRow: 4, alphaKeys: 30, outside: 43, fingers: digits.merging([
            "TAB": "LP", "CAPSLOCK": "LP", "ENTER": "RP", "BACKSPACE": "RP", "\\": "RP", "SPACE": "RT"]) { $1 }),
        Case(file: "iso-105", homeRow: 4, alphaKeys: 30, outside: 43, fingers: digits.merging([
            "\\": "LP", "#": "RP", "ENTER": "RP", "SPACE": "RT"]) { $1 }),
        Case(file: "stealth-black", homeRow: 4, alphaKeys: 30, outside: 43, fingers: digits.merging(["SPACE": "RT", "'": "RP"]) { $1 }),
        // 60 % boards: nothing outside; the 2.25u Enter does not split the hands.
        Case(file: "default-60", homeRow: 2, alphaKeys: 30, outside: 0, fingers: digits.merging([
            "ENTER": "RP", "BACKSPACE": "RP", "'": "RP", "SPACE": "RT"]) { $1 }),
        Case(file: "iso-60", homeRow: 2, alphaKeys: 30, outside: 0, fingers: digits.merging(["\\": "LP", "#": "RP", "SPACE": "RT"]) { $1 }),
        // Compact boards: the function row (and the right-hand column on the Keycool 84) are outside.
        Case(file: "keycool-84", homeRow: 3, alphaKeys: 30, outside: 19, fingers: digits.merging(["ENTER": "RP", "SPACE": "RT"]) { $1 }),
        Case(file: "leopold-fc660m", homeRow: 2, alphaKeys: 30, outside: 2, fingers: digits.merging(["ENTER": "RP", "SPACE": "LT"]) { $1 }),
        // Keychron Q1 (75 %): 15 top-row keys, PgUp, PgDn, Home, and the 4 arrows (set apart by a gap) are outside.
        Case(file: "keychron-q1", homeRow: 3, alphaKeys: 30, outside: 22, fingers: digits.merging(["CAPSLOCK": "LP", "SPACE": "RT"]) { $1 }),
        Case(file: "apple-wireless", homeRow: 3, alphaKeys: 30, outside: 14, fingers: digits.merging(["CAPSLOCK": "LP", "SPACE": "RT"]) { $1 }),
        // Grids: the Planck's blank 2u key is SPACE; the JD40 has no ; , / keys, so 27 letters.
        Case(file: "planck", homeRow: 1, alphaKeys: 30, outside: 0, fingers: ["ESC": "LP", "TAB": "LP", "'": "RP", "ENTER": "RP", "SPACE": "RT"]),
        Case(file: "jd40", homeRow: 1, alphaKeys: 27, outside: 0, fingers: ["ESC": "LP", "ENTER": "RP", "SPACE": "RT"]),
        // Split and ergonomic boards: thumbs for the clusters, fingers for the rows under the letters.
        Case(file: "ergodox", homeRow: 2, alphaKeys: 30, outside: 0, fingers: digits),
        Case(file: "atreus", homeRow: 1, alphaKeys: 30, outside: 0, fingers: [
            "ESC": "LP", "TAB": "LR", "SHIFT": "LT", "BACKSPACE": "LT", "CTRL": "LT", "ALT": "RT", "SPACE": "RT", "-": "RM", "'": "RR", "ENTER": "RP"]),
        Case(file: "kinesis-advantage", homeRow: 3, alphaKeys: 30, outside: 18, fingers: digits.merging([
            "`": "LP", "BACKSPACE": "LT", "DELETE": "LT", "HOME": "LT", "END": "LT", "ALT": "LT", "ENTER": "RT", "SPACE": "RT",
            "[": "RR", "]": "RP"]) { $1 }),
        Case(file: "dactyl-manuform-6x6", homeRow: 3, alphaKeys: 30, outside: 12, fingers: digits.merging([
            "ESC": "LP", "BACKSPACE": "RP", "SPACE": "LT", "ENTER": "RT", "HOME": "LT", "DELETE": "RT"]) { $1 }),
        Case(file: "ferris-sweep", homeRow: 1, alphaKeys: 30, outside: 0, fingers: [
            "BACKSPACE": "LT", "SPACE": "LT", "ENTER": "RT", "DELETE": "RT"]),
    ]

    static func importBoard(_ file: String) throws -> KLEImport.Outcome {
        let board = try KLECodec.decode(try FileSystem.readFile("\(folder)/\(file).json"), source: file)
        return try KLEImport.keyboard(from: board, name: file.replacingOccurrences(of: ".", with: "_"), source: file,
                                      options: .init(), fingers: nil, keycodes: try AssetCatalog().keycodes)
    }

    /// Each key's symbol: its base-layout token, or for the alpha block its letter from the legends' layout.
    static func symbols(_ keyboard: Keyboard) -> [String] {
        var letters = Array(keyboard.referenceLayouts.first.map { text in
            text.1.contains(" ") ? text.1.split(separator: " ").map(String.init) : Array(text.1).map(String.init)
        } ?? []).makeIterator()
        return keyboard.baseLayout.map { $0 == Keyboard.alphaMarker ? letters.next() ?? "*" : $0 }
    }

    @Test("real KLE boards import with the standard touch-typing fingers", arguments: cases)
    func standardFingers(_ expected: Case) throws {
        let outcome = try Self.importBoard(expected.file)
        let keyboard = outcome.keyboard
        #expect(keyboard.homeRow == expected.homeRow)
        #expect(keyboard.alphaKeys.count == expected.alphaKeys)
        #expect(outcome.outsideCount == expected.outside)
        let symbols = Self.symbols(keyboard)
        let slot = { (index: Int) in Key.fingerSlotNames[keyboard.keys[index].fingerSlot] }
        // The letters: where the board has the legend, it is on the chart's finger and in the alpha block.
        var checked = 0
        for (letter, finger) in Self.letters {
            let keys = symbols.indices.filter { symbols[$0] == letter && outcome.isTyping[$0] }
            if expected.file == "jd40" && [";", ",", "/"].contains(letter) { #expect(keys.isEmpty); continue }
            #expect(keys.count == 1, "\(expected.file): '\(letter)' on \(keys.count) typing keys")
            for key in keys {
                #expect(slot(key) == finger, "\(expected.file): '\(letter)' on \(slot(key)), expected \(finger)")
                #expect(keyboard.baseLayout[key] == Keyboard.alphaMarker)
                checked += 1
            }
        }
        #expect(checked == expected.alphaKeys)
        // Home keys: A S D F J K L ; (where present) and one per thumb that has keys.
        for letter in ["a", "s", "d", "f", "j", "k", "l"] {
            #expect(symbols.indices.contains { symbols[$0] == letter && keyboard.keys[$0].isHome }, "\(expected.file): '\(letter)' is not a home key")
        }
        for letter in ["t", "g", "b", "y", "h", "n"] {
            #expect(symbols.indices.contains { symbols[$0] == letter && keyboard.keys[$0].isStretch }, "\(expected.file): '\(letter)' is not a stretch key")
        }
        // The board's own keys written out above.
        for (legend, finger) in expected.fingers {
            let keys = symbols.indices.filter { symbols[$0] == legend }
            #expect(!keys.isEmpty, "\(expected.file): no key '\(legend)'")
            for key in keys where outcome.isTyping[key] {
                let got = slot(key)
                // SPACE is a thumb key; which thumb takes a space bar spanning both hands is not the point.
                let matches = legend == "SPACE" ? got.hasSuffix("T") : got == finger
                #expect(matches, "\(expected.file): '\(legend)' on \(got), expected \(finger)")
            }
        }
        // Outside the typing area a one-character legend (a numpad digit) types nothing.
        for index in keyboard.keys.indices where !outcome.isTyping[index] {
            #expect(keyboard.baseLayout[index].count > 1)
        }
    }

    /// Column-staggered boards drawn without letters (keymapviz's KLE files, legends `{0}` ...): the
    /// geometry finds the rows and the home row; the 3x10 block is then the alpha block. Thumb keys
    /// counted by hand from each board's picture: Corne 3 a side, Sofle 3 a side under the letters
    /// (its outer bottom keys are the ring and middle fingers'), Moonlander 4 a side plus the red key
    /// each, Dactyl-Manuform 5x6 6 a side, Kyria 5 or more a side.
    static let blankCases: [(file: String, homeRow: Int, thumbs: ClosedRange<Int>)] = [
        ("keymapviz-crkbd", 1, 6...6), ("keymapviz-sofle", 2, 6...6), ("keymapviz-moonlander", 2, 8...10),
        ("keymapviz-dactyl_manuform5x6", 2, 12...12), ("keymapviz-kyria", 1, 10...13),
    ]

    @Test("column-staggered boards without letter legends: rows, home row, 3x10 alpha block and thumbs from the geometry",
          arguments: blankCases.map(\.file))
    func blankColumnStaggered(_ file: String) throws {
        let expected = try #require(Self.blankCases.first { $0.file == file })
        let outcome = try Self.importBoard(file)
        let keyboard = outcome.keyboard
        #expect(outcome.rule.scheme == nil && !outcome.rule.guesses.isEmpty)
        #expect(keyboard.homeRow == expected.homeRow)
        let alpha = keyboard.alphaKeys
        #expect(alpha.count == 30)
        guard alpha.count == 30 else { return }
        // Key order is row by row, so the alpha block reads Q ... P, A ... ;, Z ... / as on every board.
        let chart = ["LP", "LR", "LM", "LI", "LI", "RI", "RI", "RM", "RR", "RP"]
        for (position, key) in alpha.enumerated() {
            #expect(Key.fingerSlotNames[keyboard.keys[key].fingerSlot] == chart[position % 10], "\(file): alpha key \(position)")
            #expect(keyboard.keys[key].row == expected.homeRow - 1 + position / 10)
            #expect(keyboard.keys[key].isHome == (position / 10 == 1 && ![4, 5].contains(position % 10)))
            #expect(keyboard.keys[key].isStretch == [4, 5].contains(position % 10))
        }
        // The number row (where there is one) and the outer columns follow the columns' fingers.
        for (index, key) in keyboard.keys.enumerated() where key.finger != 0 {
            if let twin = alpha.first(where: { keyboard.keys[$0].col == key.col && keyboard.keys[$0].hand == key.hand }) {
                #expect(key.finger == keyboard.keys[twin].finger, "\(file): key \(index) leaves its column's finger")
            }
        }
        let thumbs = keyboard.keys.filter { $0.finger == 0 }
        #expect(expected.thumbs.contains(thumbs.count), "\(file): \(thumbs.count) thumb keys")
        #expect(thumbs.filter { $0.isHome }.count == 2)
    }

    @Test("the import says what it guessed: a blank thumb key taken for SPACE, a board without home legends")
    func guesses() throws {
        let ergodox = try Self.importBoard("ergodox")
        #expect(ergodox.rule.guesses.contains { $0.contains("SPACE") })
        // Without any legend the geometry decides, and the message names the flags that override it.
        let blank = #"[["","","","","","","","","",""],["","","","","","","","","",""],["","","","","","","","","",""]]"#
        let board = try KLECodec.decode(Array(blank.utf8), source: "blank")
        let outcome = try KLEImport.keyboard(from: board, name: "blank", source: "blank", options: .init(), fingers: nil,
                                             keycodes: try AssetCatalog().keycodes)
        #expect(outcome.rule.scheme == nil && outcome.keyboard.homeRow == 1)
        #expect(outcome.rule.guesses.contains { $0.contains("--home-row") && $0.contains("--split") })
        #expect(outcome.keyboard.keys[10..<20].map { Key.fingerSlotNames[$0.fingerSlot] } == ["LP", "LR", "LM", "LI", "LI", "RI", "RI", "RM", "RR", "RP"])
    }

    @Test("Dvorak, Colemak and AZERTY legends find the home row and columns as QWERTY's do")
    func otherLegends() throws {
        let rows = [("dvorak", "',.pyfgcrl", "aoeuidhtns", ";qjkxbmwvz"), ("colemak", "qwfpgjluy;", "arstdhneio", "zxcvbkm,./"),
                    ("azerty", "azertyuiop", "qsdfghjklm", "wxcvbn,;:!")]
        for (name, top, home, bottom) in rows {
            let keys = [top, home, bottom].map { row in "[" + row.map { "\"\($0 == "\"" ? "\\\"" : String($0))\"" }.joined(separator: ",") + "]" }
            let text = "[[\"Esc\",\"1\",\"2\",\"3\",\"4\",\"5\",\"6\",\"7\",\"8\",\"9\",\"0\"],\n" + keys.joined(separator: ",\n") + ",\n[{\"x\":3,\"w\":5},\"\"]]"
            let board = try KLECodec.decode(Array(text.utf8), source: name)
            let outcome = try KLEImport.keyboard(from: board, name: name, source: name, options: .init(), fingers: nil,
                                                 keycodes: try AssetCatalog().keycodes)
            #expect(outcome.rule.scheme == name)
            #expect(outcome.keyboard.homeRow == 2)
            let homeRow = outcome.keyboard.keys.filter { $0.row == 2 }.map { Key.fingerSlotNames[$0.fingerSlot] + ($0.isHome ? "*" : "") }
            #expect(homeRow == ["LP*", "LR*", "LM*", "LI*", "LI", "RI", "RI*", "RM*", "RR*", "RP*"], "\(name)")
            #expect(outcome.keyboard.referenceLayouts.first?.name == name)
        }
    }
}
