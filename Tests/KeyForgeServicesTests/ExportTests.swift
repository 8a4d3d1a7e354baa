import Glibc
import Testing
import KeyForgeAdapters
import KeyForgeCore
import KeyForgeSystem
import KeyForgeWire
import KeyForgeServices

/// `keyforge export` on the shipped boards: golden files, the shape each format must have, and refusals.
@Suite("Layout export")
struct ExportTests {
    static let root: String = {
        var path = #filePath
        for _ in 0..<3 { path = FileSystem.parentFolder(of: path) }
        return path
    }()

    /// Only the embedded defaults, whatever the machine's workspace holds.
    static let catalog = try! AssetCatalog(folders: [])

    static func input(_ board: String, _ layoutName: String) throws -> LayoutExport.Input {
        let keyboard = try catalog.keyboard(board)
        let (name, layout) = try LayoutArgument.resolve(layoutName, keyboard: keyboard, keycodes: catalog.keycodes)
        // As `keyforge export` does for the whole-keymap formats.
        let extras = LayoutExport.referenceExtras(try catalog.corpus(LayoutExport.referenceCorpus).symbols)
        return LayoutExport.Input(keyboard: keyboard, layout: layout, layoutName: name, extraSymbols: extras)
    }

    static func render(_ format: LayoutExport.Format, _ board: String, _ layoutName: String) throws -> String {
        try LayoutExport.render(format, try input(board, layoutName))
    }

    static func error(_ body: () throws -> Void) -> InputError? {
        do { try body(); return nil } catch { return error as? InputError }
    }

    // MARK: golden files

    static let goldens: [(board: String, layout: String, format: LayoutExport.Format, file: String)] = [
        ("corne", "hands-down", .qmk, "corne-hands-down.keymap.c"),
        ("corne", "hands-down", .qmkJSON, "corne-hands-down.keymap.json"),
        ("corne", "hands-down", .zmk, "corne-hands-down.keymap"),
        ("corne", "hands-down", .kle, "corne-hands-down.kle.json"),
        ("ansi", "dvorak", .qmk, "ansi-dvorak.keymap.c"),
        ("ansi", "dvorak", .qmkJSON, "ansi-dvorak.keymap.json"),
        ("ansi", "dvorak", .kle, "ansi-dvorak.kle.json"),
        ("ansi", "dvorak", .xkb, "ansi-dvorak.xkb"),
    ]

    @Test("each format on corne and ansi equals its golden file", arguments: goldens.indices)
    func golden(index: Int) throws {
        let golden = Self.goldens[index]
        let produced = try Self.render(golden.format, golden.board, golden.layout)
        let recorded = String(decoding: try FileSystem.readFile("\(Self.root)/golden/export/\(golden.file)"), as: UTF8.self)
        #expect(produced == recorded, "golden/export/\(golden.file) differs: run `make golden-record` and review the diff")
    }

    // MARK: structure

    /// The arguments of `macro( ... )` in a keymap.c.
    static func macroArguments(_ text: String, macro: String) -> [String] {
        guard let open = text.range(of: "= \(macro)("), let close = text.range(of: "\n    )", range: open.upperBound..<text.endIndex) else {
            return []
        }
        var arguments: [String] = [], current = "", depth = 0
        for character in text[open.upperBound..<close.lowerBound] {
            if character == "(" { depth += 1 } else if character == ")" { depth -= 1 }
            if character == "," && depth == 0 { arguments.append(current); current = ""; continue }
            current.append(character)
        }
        arguments.append(current)
        return arguments.map { $0[...].trimmingSpaces() }
    }

    static let qmkBoards: [(board: String, macro: String, count: Int)] = [
        ("corne", "LAYOUT_split_3x6_3", 42), ("sweep", "LAYOUT_split_3x5_2", 34),
        ("ortho_30", "LAYOUT_ortho_3x10", 30), ("ansi", "LAYOUT_60_ansi", 61),
    ]

    @Test("keymap.c calls the board's LAYOUT macro with exactly its key count, KC_ names only", arguments: qmkBoards.indices)
    func qmkKeymapC(index: Int) throws {
        let (board, macro, count) = Self.qmkBoards[index]
        let text = try Self.render(.qmk, board, "colemak-dh")
        #expect(text.hasPrefix("// ") && text.contains("#include QMK_KEYBOARD_H\n"))
        #expect(text.contains("const uint16_t PROGMEM keymaps[][MATRIX_ROWS][MATRIX_COLS] = {"))
        let arguments = Self.macroArguments(text, macro: macro)
        #expect(arguments.count == count)
        // Keycodes, and the board's modifiers and layer keys (MO(1), LT(2, KC_SPC), LSFT_T(KC_Z)).
        #expect(arguments.allSatisfy { $0.hasPrefix("KC_") || $0.hasPrefix("MO(") || $0.hasPrefix("LT(") || $0.contains("_T(KC_") })
        #expect(arguments.contains("KC_SCLN") && arguments.contains("KC_COMM") && arguments.contains { $0.contains("KC_SLSH") })
        #expect(Array(arguments.prefix(count == 61 ? 16 : 5)).contains("KC_Q"))
    }

    @Test("a board file of one's own: the 36-key corne example uses LAYOUT_split_3x5_3 with 36 keys")
    func exampleBoard() throws {
        let keyboard = try Self.catalog.keyboard("\(Self.root)/examples/corne-36.json")
        let (name, layout) = try LayoutArgument.resolve("colemak-dh", keyboard: keyboard, keycodes: Self.catalog.keycodes)
        let text = try LayoutExport.render(.qmk, LayoutExport.Input(keyboard: keyboard, layout: layout, layoutName: name))
        let arguments = Self.macroArguments(text, macro: "LAYOUT_split_3x5_3")
        #expect(arguments.count == 36)
        #expect(Array(arguments.prefix(10)) == ["KC_Q", "KC_W", "KC_F", "KC_P", "KC_B", "KC_J", "KC_L", "KC_U", "KC_Y", "KC_SCLN"])
        #expect(Array(arguments.suffix(6)) == ["KC_ESC", "KC_BSPC", "KC_SPC", "KC_ENT", "KC_TAB", "KC_NO"])
        // Its qmk section has no `hold`, so no key reaches layers 1 and 2: the keymap is the base layer alone.
        #expect(text.contains("[0] = LAYOUT_split_3x5_3(") && !text.contains("[1] ="))
    }

    @Test("keymap.json parses with the keyboard, the macro and three layers of the macro's length", arguments: qmkBoards.indices)
    func qmkKeymapJSON(index: Int) throws {
        let (board, macro, count) = Self.qmkBoards[index]
        let json = try JSONParser.parse(Array(try Self.render(.qmkJSON, board, "colemak-dh").utf8))
        let object = try #require(json.objectValue)
        #expect(object["layout"]?.stringValue == macro)
        #expect(object["keymap"]?.stringValue == "colemak_dh")
        #expect(object["keyboard"]?.stringValue == (try Self.catalog.keyboard(board)).exports.qmk?.target)
        let layers = try #require(object["layers"]?.arrayValue)
        #expect(layers.count == 3)
        let layer = try #require(layers.first?.arrayValue)
        #expect(layer.count == count)
        #expect(layer.compactMap(\.stringValue) == Self.macroArguments(try Self.render(.qmk, board, "colemak-dh"), macro: macro))
    }

    @Test("the ZMK keymap has the includes, a zmk,keymap node and one binding per key and layer", arguments: ["corne", "sweep"])
    func zmkBindings(board: String) throws {
        let keyboard = try Self.catalog.keyboard(board)
        let text = try Self.render(.zmk, board, "qwerty")
        #expect(text.contains("#include <behaviors.dtsi>\n#include <dt-bindings/zmk/keys.h>\n"))
        #expect(text.contains("compatible = \"zmk,keymap\";") && text.contains("default_layer {"))
        // Three layers (base, symbols, navigation) of one binding per key.
        try ZMKShape.check(text, keyCount: keyboard.keys.count, layers: 3)
        let open = try #require(text.range(of: "bindings = <"))
        let close = try #require(text.range(of: ">;", range: open.upperBound..<text.endIndex))
        let words = text[open.upperBound..<close.lowerBound].split(whereSeparator: { $0.isWhitespace })
        let bindings = words.filter { $0.hasPrefix("&") }
        #expect(bindings.count == keyboard.keys.count)
        #expect(bindings.allSatisfy { ["&kp", "&none", "&trans", "&mo", "&mt", "&lt"].contains($0) })
        #expect(words.contains("SEMI") && words.contains("COMMA") && words.contains("FSLH"))
    }

    /// Reads KLE raw JSON back the way keyboard-layout-editor (kle-serial) does: within a row each key
    /// starts where the previous one ended plus `x`; `y` adds to the row's height and stays; `w` and `h`
    /// last one key; each row starts at x 0, one unit lower.
    static func readKLE(_ text: String) throws -> [(x: Double, y: Double, w: Double, h: Double, legend: String)] {
        var keys: [(x: Double, y: Double, w: Double, h: Double, legend: String)] = []
        var y = 0.0
        for row in try #require(try JSONParser.parse(Array(text.utf8)).arrayValue) {
            var x = 0.0, width = 1.0, height = 1.0
            for item in try #require(row.arrayValue) {
                if let legend = item.stringValue {
                    keys.append((x, y, width, height, legend))
                    x += width
                    width = 1
                    height = 1
                } else {
                    let properties = try #require(item.objectValue)
                    #expect(Set(properties.keys).isSubset(of: ["x", "y", "w", "h"]))
                    x += properties["x"]?.doubleValue ?? 0
                    y += properties["y"]?.doubleValue ?? 0
                    width = properties["w"]?.doubleValue ?? width
                    height = properties["h"]?.doubleValue ?? height
                }
            }
            y += 1
        }
        return keys
    }

    @Test("KLE JSON read back gives every key's position and size, and the layout's legends",
          arguments: ["ansi", "corne", "cyanophage-ergo", "ortho_30", "sweep"])
    func kleRoundTrip(board: String) throws {
        let input = try Self.input(board, "qwerty")
        let keys = try Self.readKLE(try LayoutExport.render(.kle, input))
        #expect(keys.count == input.keyboard.keys.count)
        let order = Layout.keyRows(of: input.keyboard).flatMap { $0 }
        for (read, index) in zip(keys, order) {
            let key = input.keyboard.keys[index]
            #expect(abs(read.x - key.x) < 1e-9 && abs(read.y - key.y) < 1e-9, "key \(index): (\(read.x), \(read.y)) vs (\(key.x), \(key.y))")
            #expect(read.w == key.width && read.h == key.height)
            #expect(read.legend == (input.layout.symbols[index].map { $0.count == 1 ? $0.uppercased() : $0 } ?? ""))
        }
    }

    @Test("the XKB file includes us(basic) and has one key line per key with a keysym, modifiers left to us(basic)")
    func xkbKeys() throws {
        let input = try Self.input("ansi", "qwerty")
        let text = try LayoutExport.render(.xkb, input)
        #expect(text.contains("xkb_symbols \"keyforge\" {\n    include \"us(basic)\"\n"))
        let keyLines = text.split(separator: "\n").filter { $0.hasPrefix("    key <") }
        for index in input.keyboard.alphaKeys {
            let name = try #require(input.keyboard.exports.xkbKeys?[index] ?? nil)
            #expect(keyLines.filter { $0.hasPrefix("    key <\(name)> {") }.count == 1, "no line for <\(name)>")
        }
        // ansi is a whole 60 % board: 30 alpha keys, the 13 characters of the number row, [ ] \ and ',
        // Backspace, Tab, Enter and the space bar once (its two halves are one XKB key); Caps Lock, the
        // Shifts, Ctrls, Alts and GUIs keep what us(basic) gives them, and the Menu key has no XKB name here.
        #expect(keyLines.count == 30 + 13 + 4 + 3 + 1, "\(keyLines.count) key lines")
        #expect(keyLines.contains("    key <AE01> { [ 1, exclam ] };") && keyLines.contains("    key <TLDE> { [ grave, asciitilde ] };"))
        #expect(keyLines.contains("    key <BKSP> { [ BackSpace ] };") && keyLines.contains("    key <RTRN> { [ Return ] };"))
        #expect(!keyLines.contains { $0.contains("<LFSH>") || $0.contains("<CAPS>") || $0.contains("<LCTL>") })
        #expect(keyLines.contains("    key <AC10> { [ semicolon, colon ] };"))
        #expect(keyLines.contains("    key <AB08> { [ comma, less ] };"))
        #expect(keyLines.contains("    key <AB09> { [ period, greater ] };"))
        #expect(keyLines.contains("    key <AB10> { [ slash, question ] };"))
        let dvorak = try LayoutExport.render(.xkb, try Self.input("ansi", "dvorak"))
        #expect(dvorak.contains("    key <AD01> { [ apostrophe, quotedbl ] };"))
    }

    // MARK: refusals

    @Test("a board without the format's section is refused, naming the board and the section")
    func missingSections() throws {
        let xkb = Self.error { _ = try Self.render(.xkb, "corne", "qwerty") }
        #expect(xkb?.kind == .invalid && xkb?.source == "corne")
        #expect(xkb?.message.hasPrefix("has no 'xkb' section") == true && xkb?.message.contains("row-staggered") == true)
        #expect(Self.error { _ = try Self.render(.zmk, "ansi", "qwerty") }?.message.hasPrefix("has no 'zmk' section") == true)
        #expect(Self.error { _ = try Self.render(.qmk, "cyanophage-ergo", "qwerty") }?.message.hasPrefix("has no 'qmk' section") == true)
        #expect(Self.error { _ = try Self.render(.qmkJSON, "cyanophage-ergo", "qwerty") } != nil)
        #expect(try !Self.render(.kle, "cyanophage-ergo", "qwerty").isEmpty)
    }

    @Test("a symbol the format has no keycode for names the key and the symbol")
    func unknownSymbol() throws {
        let keyboard = try Self.catalog.keyboard("corne")
        let layout = try Layout.parse("qwfpbjluyéarstgmneiozxcdvkh,./", for: keyboard, keycodes: Self.catalog.keycodes)
        let input = LayoutExport.Input(keyboard: keyboard, layout: layout, layoutName: "custom")
        let qmk = Self.error { _ = try LayoutExport.render(.qmk, input) }
        #expect(qmk?.description == "--layout: key 10 (row 0, column 10) holds 'é', which has no QMK keycode")
        #expect(Self.error { _ = try LayoutExport.render(.zmk, input) }?.message.hasSuffix("which has no ZMK keycode") == true)
        // XKB has Unicode keysyms, so é is fine there; a modifier is not.
        let ansi = try Self.catalog.keyboard("ansi")
        let accented = try Layout.parse("qwfpbjluyéarstgmneiozxcdvkh,./", for: ansi, keycodes: Self.catalog.keycodes)
        let xkb = try LayoutExport.render(.xkb, LayoutExport.Input(keyboard: ansi, layout: accented, layoutName: "custom"))
        #expect(xkb.contains("    key <AD10> { [ U00E9, U00C9 ] };"))
        var shifted = accented
        shifted.symbols[0] = "SHIFT"
        let modifier = Self.error { _ = try LayoutExport.render(.xkb, LayoutExport.Input(keyboard: ansi, layout: shifted, layoutName: "custom")) }
        #expect(modifier?.message.hasPrefix("key 0 (row 0, column 0) holds 'SHIFT', which has no XKB keysym") == true)
    }

    @Test("a key with no slot must not hold a symbol the export would lose; keys sharing an XKB key must agree")
    func unplacedKeys() throws {
        let ansi = try Self.catalog.keyboard("ansi")
        var layout = try Layout.parse("qwertyuiopasdfghjkl;zxcvbnm,./", for: ansi, keycodes: Self.catalog.keycodes)
        // The space bar's two halves (keys 56 and 57 of the 60 % board) share QMK's one space slot.
        #expect(layout.symbols[56] == "SPACE" && layout.symbols[57] == "SPACE")
        layout.symbols[57] = "ESC"
        let input = LayoutExport.Input(keyboard: ansi, layout: layout, layoutName: "custom")
        let qmk = Self.error { _ = try LayoutExport.render(.qmk, input) }
        #expect(qmk?.message == "key 57 (row 4, column 4) holds 'ESC', but that key has no place in the QMK LAYOUT_60_ansi keymap of ansi")
        let xkb = Self.error { _ = try LayoutExport.render(.xkb, input) }
        #expect(xkb?.message.contains("are both XKB key <SPCE>, so they need the same symbol") == true)
    }

    // MARK: the keyboard JSON's sections

    static func decode(_ sections: String) throws -> Keyboard {
        let json = """
        {"name": "t", "keys": [
          {"row": 0, "col": 0, "x": 0, "y": 0, "hand": 0, "finger": 1},
          {"row": 0, "col": 1, "x": 1, "y": 0, "hand": 0, "finger": 2},
          {"row": 1, "col": 0, "x": 0, "y": 1, "hand": 1, "finger": 1}
        ], "base_layout": "* * *", \(sections) "layouts": {"abc": "abc"}}
        """
        return try KeyboardCodec.decode(Array(json.utf8), source: "t.json", keycodes: catalog.keycodes)
    }

    @Test("qmk rows default to the keys by logical row; numbers, keycodes and null become slots")
    func sectionsDecode() throws {
        let plain = try Self.decode(#""qmk": {"keyboard": "x/y", "layout": "LAYOUT"}, "zmk": {"shield": "s"},"#)
        #expect(plain.exports.qmk?.rows == [[.key(0), .key(1)], [.key(2)]])
        #expect(plain.exports.zmk?.target == "s" && plain.exports.zmk?.layoutMacro == nil)
        let mixed = try Self.decode(#""qmk": {"keyboard": "x", "layout": "L", "rows": [["KC_ESC", 2, null], [1, 0]]}, "xkb": {"keys": ["AD01", null, "SPCE"]},"#)
        #expect(mixed.exports.qmk?.rows == [[.fixed("KC_ESC"), .key(2), .empty], [.key(1), .key(0)]])
        #expect(mixed.exports.xkbKeys == ["AD01", nil, "SPCE"])
    }

    static let badSections: [(json: String, message: String)] = [
        (#""qmk": {"keyboard": "x", "layout": "L", "rows": [[0, 3]]},"#, "t.json: qmk.rows[0][1]: key 3 is not on the board (it has keys 0 ... 2)"),
        (#""qmk": {"keyboard": "x", "layout": "L", "rows": [[0, 0]]},"#, "t.json: qmk.rows[0][1]: key 0 is listed twice"),
        (#""zmk": {"shield": "s", "rows": [["&kp A\n"]]},"#, "t.json: zmk.rows[0][0]: \"&kp A\n\" must be at most 40 letters, digits, spaces or _ & ( ) ,"),
        (#""qmk": {"keyboard": "x", "layout": "L-1"},"#, "t.json: qmk.layout: \"L-1\" is not a C identifier"),
        (#""qmk": {"keyboard": "x"},"#, "t.json: qmk.layout: is missing"),
        (#""qmk": {"keyboard": "x", "layout": "L", "rows": [[1.5]]},"#, "t.json: qmk.rows[0][0]: must be a key index, a keycode string or null (got 1.5)"),
        (#""xkb": {"keys": ["AD01"]},"#, "t.json: xkb.keys: has 1 entries for 3 keys"),
        (#""xkb": {"keys": ["AD01", "ad02", null]},"#, "t.json: xkb.keys[1]: \"ad02\" is not an XKB key name (1-4 upper-case letters or digits, like AD01)"),
        (#""xkb": {"names": []},"#, "t.json: xkb.names: unknown field (known: keys)"),
        (#""qmk": {"keyboard": "x", "layout": "L", "hold": {"0": "META"}},"#, "t.json: qmk.hold.0: must be one of CTRL, SHIFT, ALT, GUI, SYM, NAV (got \"META\")"),
        (#""zmk": {"shield": "s", "rows": [[0, 1]], "hold": {"2": "SYM"}},"#, "t.json: zmk.hold: key 2 has no slot in the keymap, so it cannot be held"),
        (#""zmk": {"shield": "s", "hold": {"x": "SYM"}},"#, "t.json: zmk.hold.x: must be named by a key index"),
    ]

    @Test("bad export sections name the file and the field", arguments: badSections.indices)
    func badSection(index: Int) {
        let bad = Self.badSections[index]
        #expect(Self.error { _ = try Self.decode(bad.json) }?.description == bad.message)
    }

    // MARK: --layout @FILE

    @Test("--layout @FILE reads rows and names the layout after the file; other text is a layout string")
    func layoutFile() throws {
        let folder = "/tmp/keyforge-export-test-\(getpid())"
        try FileSystem.makeDirectories(folder)
        let path = "\(folder)/my-colemak.txt"
        try FileSystem.writeFileAtomically(path, Array("# rows\nqwfpb jluy;\narstg mneio\nzxcdv kh,./\n".utf8))
        let keyboard = try Self.catalog.keyboard("ortho_30")
        let (name, layout) = try LayoutArgument.resolveOption("@\(path)", keyboard: keyboard, keycodes: Self.catalog.keycodes)
        #expect(name == "my-colemak")
        #expect(layout == (try LayoutArgument.resolve("colemak-dh", keyboard: keyboard, keycodes: Self.catalog.keycodes)).1)
        #expect(try LayoutArgument.resolveOption("qwerty", keyboard: keyboard, keycodes: Self.catalog.keycodes).0 == "qwerty")
        let missing = Self.error { _ = try LayoutArgument.resolveOption("@\(folder)/none.txt", keyboard: keyboard, keycodes: Self.catalog.keycodes) }
        #expect(missing?.kind == .missing)
        try FileSystem.writeFileAtomically(path, Array("qwfpb jluy;\narstg mneio\nzxcdv kh,.\n".utf8))
        let ragged = Self.error { _ = try LayoutArgument.resolveOption("@\(path)", keyboard: keyboard, keycodes: Self.catalog.keycodes) }
        #expect(ragged?.description == "\(path): layout row 2 (line 3): has 9 symbols; ortho_30's row 2 has 10 keys")
    }
}

extension Substring {
    /// The text without leading and trailing spaces and newlines.
    func trimmingSpaces() -> String {
        String(drop { $0.isWhitespace }.reversed().drop { $0.isWhitespace }.reversed())
    }
}
