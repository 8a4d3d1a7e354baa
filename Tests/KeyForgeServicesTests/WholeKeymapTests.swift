import Glibc
import Testing
import KeyForgeCore
import KeyForgeSystem
import KeyForgeWire
import KeyForgeServices

/// Fresh `export --format qmk|qmk-json|zmk`: whole keymaps (base, symbols, navigation) that compile, keep the
/// board's modifiers and layer keys, and type every symbol of the reference corpus.
@Suite("Whole keymaps")
struct WholeKeymapTests {
    static let folder = "/tmp/keyforge-whole-test-\(getpid())"
    static let qmkBoards = [("corne", "LAYOUT_split_3x6_3", 42), ("sweep", "LAYOUT_split_3x5_2", 34),
                            ("ortho_30", "LAYOUT_ortho_3x10", 30), ("ansi", "LAYOUT_60_ansi", 61)]
    static let zmkBoards = [("corne", 42), ("sweep", 34), ("ortho_30", 30)]
    static let layouts = ["qwerty", "graphite", "colemak-dh"]

    /// What types each corpus symbol in QMK (docs/keycodes.md, docs/keycodes_us_ansi_shifted.md) and ZMK
    /// (dt-bindings/zmk/keys.h), and the unshifted symbol whose key types it with Shift.
    static let names: [String: (qmk: String, zmk: String, partner: String?)] = {
        var table: [String: (String, String, String?)] = [:]
        for letter in "abcdefghijklmnopqrstuvwxyz" {
            table[String(letter)] = ("KC_\(letter.uppercased())", letter.uppercased(), nil)
            table[letter.uppercased()] = ("KC_\(letter.uppercased())", letter.uppercased(), String(letter))
        }
        for digit in 0...9 { table["\(digit)"] = ("KC_\(digit)", "N\(digit)", nil) }
        let rows: [(String, String, String, String?)] = [
            ("-", "KC_MINS", "MINUS", nil), ("=", "KC_EQL", "EQUAL", nil), ("[", "KC_LBRC", "LBKT", nil), ("]", "KC_RBRC", "RBKT", nil),
            ("\\", "KC_BSLS", "BSLH", nil), (";", "KC_SCLN", "SEMI", nil), ("'", "KC_QUOT", "SQT", nil), ("`", "KC_GRV", "GRAVE", nil),
            (",", "KC_COMM", "COMMA", nil), (".", "KC_DOT", "DOT", nil), ("/", "KC_SLSH", "FSLH", nil),
            ("~", "KC_TILD", "TILDE", "`"), ("!", "KC_EXLM", "EXCL", "1"), ("@", "KC_AT", "AT", "2"), ("#", "KC_HASH", "HASH", "3"),
            ("$", "KC_DLR", "DOLLAR", "4"), ("%", "KC_PERC", "PRCNT", "5"), ("^", "KC_CIRC", "CARET", "6"), ("&", "KC_AMPR", "AMPS", "7"),
            ("*", "KC_ASTR", "STAR", "8"), ("(", "KC_LPRN", "LPAR", "9"), (")", "KC_RPRN", "RPAR", "0"), ("_", "KC_UNDS", "UNDER", "-"),
            ("+", "KC_PLUS", "PLUS", "="), ("{", "KC_LCBR", "LBRC", "["), ("}", "KC_RCBR", "RBRC", "]"), ("|", "KC_PIPE", "PIPE", "\\"),
            (":", "KC_COLN", "COLON", ";"), ("\"", "KC_DQUO", "DQT", "'"), ("<", "KC_LT", "LT", ","), (">", "KC_GT", "GT", "."),
            ("?", "KC_QUES", "QMARK", "/"),
            (" ", "KC_SPC", "SPACE", nil), ("SPACE", "KC_SPC", "SPACE", nil), ("\n", "KC_ENT", "RET", nil), ("ENTER", "KC_ENT", "RET", nil),
            ("BACKSPACE", "KC_BSPC", "BSPC", nil), ("\t", "KC_TAB", "TAB", nil), ("TAB", "KC_TAB", "TAB", nil),
        ]
        for (symbol, qmk, zmk, partner) in rows { table[symbol] = (qmk, zmk, partner) }
        // Beyond ASCII: QMK's Unicode keycode UC(0x00E9) (docs/feature_unicode.md), a ZMK macro named uc_00e9.
        for symbol in corpusSymbols where symbol.unicodeScalars.count == 1 && symbol.unicodeScalars.first!.value >= 0x80 {
            var hex = String(symbol.unicodeScalars.first!.value, radix: 16, uppercase: true)
            while hex.count < 4 { hex = "0" + hex }
            table[symbol] = ("0x\(hex)", "uc_\(hex.lowercased())", nil)
        }
        return table
    }()

    static let corpusSymbols: [String] = {
        (try? ExportTests.catalog.corpus("text/en_std").symbols) ?? []
    }()

    /// The symbols of the reference corpus that `words` (the keycodes in a keymap) cannot type.
    static func missingSymbols(_ words: Set<String>, hasShift: Bool, zmk: Bool) -> [String] {
        corpusSymbols.filter { symbol in
            guard let entry = names[symbol] else { return true }
            let direct = zmk ? entry.zmk : entry.qmk
            if let partner = entry.partner {
                if words.contains(direct) && !symbol.first!.isLetter { return false }
                guard let base = names[partner] else { return true }
                return !(hasShift && words.contains(zmk ? base.zmk : base.qmk))
            }
            return !words.contains(direct)
        }
    }

    static func words(_ text: String) -> Set<String> {
        Set(text.split(whereSeparator: { !($0.isLetter || $0.isNumber || $0 == "_") }).map(String.init))
    }

    @Test("the reference corpus has symbols to check")
    func corpusLoaded() {
        #expect(Self.corpusSymbols.count >= 27)
    }

    @Test("fresh keymap.c on corne, sweep, ortho_30 and ansi: three layers, compiles, types every corpus symbol",
          arguments: qmkBoards.indices, layouts)
    func qmkWhole(index: Int, layout: String) throws {
        let (board, macro, count) = Self.qmkBoards[index]
        let text = try ExportTests.render(.qmk, board, layout)
        #expect(text.contains("[0] = \(macro)(") && text.contains("[1] = \(macro)(") && text.contains("[2] = \(macro)("))
        let compiled = try QMKFixtureHeader.compile(text, macro: macro, keyCount: count, folder: "\(Self.folder)/\(board)-\(layout)")
        #expect(compiled.status == 0, "\(compiled.output)")
        let words = Self.words(text)
        let missing = Self.missingSymbols(words, hasShift: words.contains("KC_LSFT") || words.contains("LSFT_T"), zmk: false)
        #expect(missing.isEmpty, "\(board) \(layout) cannot type \(missing)")
        #expect(text.contains("MO(1)") || text.contains("LT(1,"), "layer 1 is reachable")
        #expect(text.contains("MO(2)") || text.contains("LT(2,"), "layer 2 is reachable")
    }

    @Test("fresh keymap.json: valid JSON, three layers of the macro's length, the same keycodes as keymap.c", arguments: qmkBoards.indices)
    func qmkJSONWhole(index: Int) throws {
        let (board, macro, count) = Self.qmkBoards[index]
        let object = try #require(try JSONParser.parse(Array(try ExportTests.render(.qmkJSON, board, "graphite").utf8)).objectValue)
        let layers = try #require(object["layers"]?.arrayValue)
        #expect(layers.count == 3 && layers.allSatisfy { $0.arrayValue?.count == count })
        let keymapC = try ExportTests.render(.qmk, board, "graphite")
        #expect(layers[0].arrayValue?.compactMap(\.stringValue) == ExportTests.macroArguments(keymapC, macro: macro))
    }

    @Test("fresh ZMK keymaps for corne, sweep and ortho_30 (gherkin): shape intact, every corpus symbol typed",
          arguments: zmkBoards.indices, layouts)
    func zmkWhole(index: Int, layout: String) throws {
        let (board, count) = Self.zmkBoards[index]
        let text = try ExportTests.render(.zmk, board, layout)
        try ZMKShape.check(text, keyCount: count, layers: 3)
        let words = Self.words(text)
        let missing = Self.missingSymbols(words, hasShift: words.contains("LSHFT"), zmk: true)
        #expect(missing.isEmpty, "\(board) \(layout) cannot type \(missing)")
        #expect(text.contains("&mo 1") || text.contains("&lt 1 "))
        #expect(text.contains("&mo 2") || text.contains("&lt 2 "))
    }

    @Test("graphite leaves ',' and ';' off the base layer; the symbols layer has them")
    func missingSymbolsGoToLayerOne() throws {
        let text = try ExportTests.render(.qmk, "corne", "graphite")
        let layerOne = try #require(text.range(of: "[1] = LAYOUT_split_3x6_3("))
        let layerTwo = try #require(text.range(of: "[2] = LAYOUT_split_3x6_3("))
        let base = text[..<layerOne.lowerBound], symbols = text[layerOne.upperBound..<layerTwo.lowerBound]
        #expect(!base.contains("KC_COMM") && !base.contains("KC_SCLN"))
        #expect(symbols.contains("KC_COMM") && symbols.contains("KC_SCLN"))
        // The board's holds: Ctrl on the outer home key, GUI / layer 1 / layer 2 / Alt on the thumbs.
        #expect(base.contains("KC_LCTL") && base.contains("KC_LGUI") && base.contains("MO(1)") && base.contains("MO(2)") && base.contains("KC_LALT"))
    }

    @Test("the ortho_30's held keys are tap-hold keys and stay transparent on layers 1 and 2")
    func orthoHolds() throws {
        let text = try ExportTests.render(.qmk, "ortho_30", "qwerty")
        // qwerty's bottom row z x c v b n m , . / with holds on keys 20 (Shift), 23 (layer 1), 26 (layer 2), 29 (Shift).
        let arguments = ExportTests.macroArguments(text, macro: "LAYOUT_ortho_3x10")
        #expect(Array(arguments[20...29]) == ["LSFT_T(KC_Z)", "KC_X", "KC_C", "LT(1, KC_V)", "KC_B", "KC_N", "LT(2, KC_M)", "KC_COMM", "KC_DOT", "LSFT_T(KC_SLSH)"])
        let layerOne = try #require(text.range(of: "[1] = LAYOUT_ortho_3x10("))
        let rest = String(text[layerOne.lowerBound...])
        let upper = ExportTests.macroArguments(rest, macro: "LAYOUT_ortho_3x10")
        #expect(upper[23] == "KC_TRNS" && upper[20] == "KC_TRNS")
    }
}
