import Glibc
import Testing
import KeyForgeCore
import KeyForgeSystem
import KeyForgeWire
import KeyForgeServices

/// A layout with a shift layer, an extra layer, REPEAT and MAGIC (examples/corne-layers.txt) in and out:
/// QMK's keymap.c (compiled), keymap.json, ZMK, the layout JSON and the rows text.
@Suite("Layers in exports and JSON")
struct LayerExportTests {
    static let folder = "/tmp/keyforge-layers-export-\(getpid())"

    static func input(_ file: String = "corne-layers.txt") throws -> LayoutExport.Input {
        let keyboard = try ExportTests.catalog.keyboard("corne")
        let text = try #require(String(validating: try FileSystem.readFile("\(ExportTests.root)/examples/\(file)", limit: 1 << 20), as: UTF8.self))
        let layout = try Layout.parse(rows: text, for: keyboard, keycodes: ExportTests.catalog.keycodes)
        return LayoutExport.Input(keyboard: keyboard, layout: layout, layoutName: "corne-layers")
    }

    /// The arguments of the layout macro of layer `number` in a keymap.c.
    static func layer(_ text: String, _ number: Int) throws -> [String] {
        let start = try #require(text.range(of: "[\(number)] = LAYOUT_split_3x6_3("))
        let end = try #require(text.range(of: "\n    )", range: start.upperBound..<text.endIndex))
        return text[start.upperBound..<end.lowerBound].split(whereSeparator: { $0 == "," || $0.isWhitespace }).map(String.init)
    }

    @Test("keymap.c: the sym layer is layer 3 reached by MO(3), REPEAT is QK_REP, MAGIC QK_AREP with the rules' function; it compiles")
    func qmk() throws {
        let input = try Self.input()
        let text = try LayoutExport.render(.qmk, input)
        let base = try Self.layer(text, 0)
        // corne's thumbs, left to right: GUI (held GUI), MO(sym) replaces the board's SYM hold, SPACE, MAGIC, ENTER (held NAV), ALT.
        // (LT(2, KC_ENT) is split at its comma.)
        #expect(Array(base.suffix(7)) == ["LGUI_T(KC_LGUI)", "MO(3)", "KC_SPC", "QK_AREP", "LT(2", "KC_ENT)", "LALT_T(KC_LALT)"])
        #expect(base.contains("QK_REP"))
        let sym = try Self.layer(text, 3)
        // Row 0 of the sym layer: the outer key is transparent, then ! @ # $ % ^ & * ( ) as QMK's shifted aliases.
        #expect(Array(sym.prefix(12)) == ["KC_TRNS", "KC_EXLM", "KC_AT", "KC_HASH", "KC_DLR", "KC_PERC", "KC_CIRC", "KC_AMPR",
                                          "KC_ASTR", "KC_LPRN", "KC_RPRN", "KC_TRNS"])
        #expect(text.contains("""
        uint16_t get_alt_repeat_key_keycode_user(uint16_t keycode, uint8_t mods) {
            (void)mods;
            switch (keycode) {
                case KC_E: return KC_U;
                case KC_U: return KC_E;
                case KC_S: return KC_C;
                case KC_O: return KC_A;
            }
            return KC_TRNS;
        """))
        #expect(text.contains("REPEAT_KEY_ENABLE = yes"))
        let compiled = try QMKFixtureHeader.compile(text, macro: "LAYOUT_split_3x6_3", keyCount: 42, folder: "\(Self.folder)/qmk")
        #expect(compiled.status == 0, "\(compiled.output)")
        // The proof can fail: a misspelled alternate-repeat keycode does not compile.
        let broken = text.replacingOccurrences("QK_AREP", "QK_AREPEAT")
        #expect(try QMKFixtureHeader.compile(broken, macro: "LAYOUT_split_3x6_3", keyCount: 42, folder: "\(Self.folder)/bad").status != 0)
    }

    @Test("capitals on a layer are Shift + letter; a second rule on one keycode is left out and said so; OSL is one-shot")
    func qmkCapitalsAndClashes() throws {
        var input = try Self.input()
        let sym = try #require(input.layout.layers.firstIndex { $0.name == "sym" })
        let q = try #require(input.keyboard.alphaKeys.first)
        input.layout.layers[sym].symbols[q] = "Q"
        input.layout.magicRules.append(MagicRule(after: "E", output: "Y"))
        let thumb = try #require(input.layout.symbols.firstIndex(of: "MO(sym)"))
        input.layout.symbols[thumb] = "OSL(sym)"
        let text = try LayoutExport.render(.qmk, input)
        #expect(try Self.layer(text, 3)[1] == "S(KC_Q)")
        #expect(try Self.layer(text, 0).contains("OSL(3)"))
        #expect(text.contains("// Rules not written: E -> Y (a rule for KC_E comes first)."))
        let compiled = try QMKFixtureHeader.compile(text, macro: "LAYOUT_split_3x6_3", keyCount: 42, folder: "\(Self.folder)/caps")
        #expect(compiled.status == 0, "\(compiled.output)")
    }

    @Test("--merge edits the base letters only and says the layers, REPEAT, MAGIC and rules are not merged")
    func mergeNote() throws {
        let bytes = try FileSystem.readFile("\(ExportTests.root)/Tests/KeymapFixtures/corne-hrm.keymap.c", limit: 1 << 20)
        let merged = try KeymapMerge.merge(bytes, source: "corne-hrm.keymap.c", format: .qmk, try Self.input())
        #expect(merged.notes.contains { $0.hasPrefix("the layout's layers, REPEAT / MAGIC keys and magic rules are not merged") })
        #expect(!merged.text.contains("QK_AREP") && !merged.text.contains("get_alt_repeat_key_keycode_user"))
    }

    @Test("keymap.json has the four layers; its notes say the rules need keymap.c")
    func qmkJSON() throws {
        let object = try #require(try JSONParser.parse(Array(try LayoutExport.render(.qmkJSON, try Self.input()).utf8)).objectValue)
        let layers = try #require(object["layers"]?.arrayValue)
        #expect(layers.count == 4 && layers.allSatisfy { $0.arrayValue?.count == 42 })
        #expect(layers[0].arrayValue?.contains(.string("MO(3)")) == true)
        #expect(object["notes"]?.stringValue?.contains("get_alt_repeat_key_keycode_user") == true)
    }

    @Test("ZMK: four layers, &mo 3 for the sym layer, &key_repeat for REPEAT and MAGIC, the rules listed in the header")
    func zmk() throws {
        let text = try LayoutExport.render(.zmk, try Self.input())
        try ZMKShape.check(text, keyCount: 42, layers: 4)
        #expect(text.contains("layout_sym_layer {") && text.contains("&mo 3"))
        #expect(text.contains(" *   e -> u, u -> e, s -> c, o -> a\n"))
        // REPEAT and MAGIC are the only &key_repeat bindings (the header's comment names it too).
        let keymap = try #require(text.range(of: "compatible = \"zmk,keymap\";"))
        #expect(String(text[keymap.upperBound...]).components("&key_repeat") == 2)
    }

    @Test("a shift layer unlike Shift + key is listed for key overrides; the default one is not")
    func unusualShift() throws {
        var input = try Self.input()
        #expect(!(try LayoutExport.render(.qmk, input)).contains("key overrides"))
        let comma = try #require(input.layout.symbols.firstIndex(of: ","))
        input.layout.layers[0].symbols[comma] = ";"
        #expect(try LayoutExport.render(.qmk, input).contains("// The layout's shift layer differs from Shift + key on these keys (add QMK key overrides for them): , -> ;."))
    }

    @Test("layout JSON (the playground's shape, LayoutExtrasJSON): the example's layers and rules encode and apply back the same")
    func layoutJSON() throws {
        let input = try Self.input()
        let layers = LayoutExtrasJSON.encodeLayers(input.layout), magic = LayoutExtrasJSON.encodeMagic(input.layout)
        #expect(layers?.objectValue?.keys == ["shift", "sym"])
        let applied = try LayoutExtrasJSON.apply(layers: layers, magic: magic, to: Layout(symbols: input.layout.symbols),
                                                 keyboard: input.keyboard, keycodes: ExportTests.catalog.keycodes)
        #expect(applied == input.layout)
    }

    @Test("the rows text written from the example reads back to the same layout")
    func rowsRoundTrip() throws {
        let input = try Self.input()
        let text = input.layout.rowsText(for: input.keyboard)
        #expect(try Layout.parse(rows: text, for: input.keyboard, keycodes: ExportTests.catalog.keycodes) == input.layout)
    }
}

extension String {
    /// How many times `target` occurs.
    func components(_ target: String) -> Int {
        var count = 0
        var rest = self[...]
        while let range = rest.range(of: target) { count += 1; rest = rest[range.upperBound...] }
        return count
    }
}

/// `.dof` layers and magic rules, read and written.
@Suite("Layers in .dof files")
struct DofLayerTests {
    static let keycodes = ExportTests.catalog.keycodes

    /// aherriott/oxeylyzer-2 layouts/magic-one.dof @786d330f788801270e94a733648a5ebcb128462f, as published:
    /// a magic key `&mag` in the block and the rule a -> b under `magic.mag`.
    static let magicOne = """
    {
        "name": "magic-one",
        "board": "colstag",
        "layers": {
            "main": [
                "a b c d e  f g    h i j",
                "k l m n o  p q    r s t",
                "u v w x y  z &mag ~ ~ ~"
            ]
        },
        "fingering": "traditional",
        "magic": {
            "mag": {
                "a": "b"
            }
        }
    }
    """

    static func read(_ text: String) throws -> CommunityLayout {
        try CommunityLayout.read(Array(text.utf8), source: "t.dof")
    }

    @Test("a published magic .dof: &mag is MAGIC on its key of the block, its rule is the layout's magic table")
    func magicOneFile() throws {
        let keyboard = try ExportTests.catalog.keyboard("corne")
        let layout = try Self.read(Self.magicOne).layout(for: keyboard, keycodes: Self.keycodes, source: "t.dof")
        // Row 2, column 6 of the block is the board's 27th alpha key.
        #expect(layout.symbols[keyboard.alphaKeys[26]] == "MAGIC")
        #expect(layout.magicRules == [MagicRule(after: "a", output: "b")])
        #expect(layout.layers.isEmpty)
    }

    @Test("layers: shift and a named layer with @name in the block; ~ keeps the default shifted symbol; capitals kept")
    func layersRead() throws {
        let keyboard = try ExportTests.catalog.keyboard("corne")
        let text = """
        {"name": "t", "board": "colstag", "layers": {
          "main":  ["q w f p b j l u y ;", "a r s t g m n e i o", "z x c d v k h , . @num"],
          "shift": ["~ ~ ~ ~ ~ ~ ~ ~ ~ ~", "~ ~ ~ ~ ~ ~ ~ ~ ~ ~", "~ ~ ~ ~ ~ ~ ~ ! ? ~"],
          "Num":   ["1 2 3 4 5 6 7 8 9 0", "~ ~ ~ ~ ~ ~ ~ ~ ~ ~", "~ ~ ~ ~ ~ ~ ~ ~ ~ ~"]
        }}
        """
        let layout = try Self.read(text).layout(for: keyboard, keycodes: Self.keycodes, source: "t.dof")
        let alpha = keyboard.alphaKeys
        #expect(layout.symbols[alpha[29]] == "MO(num)")
        let shift = try #require(layout.shiftLayer)
        #expect(shift.symbols[alpha[0]] == "Q" && shift.symbols[alpha[27]] == "!" && shift.symbols[alpha[28]] == "?")
        let num = try #require(layout.layer(named: "num"))
        #expect(alpha.prefix(10).map { num.symbols[$0] ?? "·" }.joined() == "1234567890")
        #expect(num.symbols[alpha[10]] == nil)
    }

    @Test("rules under two magic keys are one clear error; a layer key outside the block goes to an empty thumb key")
    func refusalsAndPlacement() throws {
        let keyboard = try ExportTests.catalog.keyboard("corne")
        let two = """
        {"name": "t", "board": "colstag", "layers": {"main": ["a b c d e f g h i j", "k l m n o p q r s t", "u v w x y z &m &n ~ ~"]},
         "magic": {"m": {"a": "b"}, "n": {"c": "d"}}}
        """
        #expect(throws: InputError.self) { try Self.read(two).layout(for: keyboard, keycodes: Self.keycodes, source: "t.dof") }
        let thumb = """
        {"name": "t", "board": "colstag", "layers": {"main": ["a b c d e f g h i j", "k l m n o p q r s t", "u v w x y z ~ ~ ~ ~", "@sym rpt"],
          "sym": ["1 2 3 4 5 6 7 8 9 0", "~ ~ ~ ~ ~ ~ ~ ~ ~ ~", "~ ~ ~ ~ ~ ~ ~ ~ ~ ~", "~ ~"]}}
        """
        let layout = try Self.read(thumb).layout(for: keyboard, keycodes: Self.keycodes, source: "t.dof")
        let thumbs = keyboard.keys.indices.filter { keyboard.keys[$0].finger == 0 }
        #expect(thumbs.contains { layout.symbols[$0] == "MO(sym)" } && thumbs.contains { layout.symbols[$0] == "REPEAT" })
    }

    @Test("export --format dof writes the layers and rules; reading it back gives the same block on every layer and the same rules")
    func roundTrip() throws {
        let input = try LayerExportTests.input()
        let text = try LayoutExport.render(.dof, input)
        let back = try Self.read(text).layout(for: input.keyboard, keycodes: Self.keycodes, source: "t.dof")
        // A .dof carries the 3x10 block: the layers agree there (corne's ' key, outside it, is the board's own again).
        let alpha = input.keyboard.alphaKeys
        #expect(back.layers.map(\.name) == input.layout.layers.map(\.name))
        #expect(back.layers.map { layer in alpha.map { layer.symbols[$0] } } == input.layout.layers.map { layer in alpha.map { layer.symbols[$0] } })
        #expect(back.magicRules == input.layout.magicRules)
        #expect(back.symbols.filter { $0 == "MO(sym)" }.count == 1 && back.symbols.contains("MAGIC"))
    }
}

/// `render`: the shift and layer legends in the keys' corners and the magic rules beside the board.
@Suite("Layers in render")
struct LayerRenderTests {
    /// The text elements of `class` in an SVG, as (attributes, text).
    static func elements(_ svg: String, _ cls: String) -> [(String, String)] {
        svg.split(separator: "\n").compactMap { line in
            guard line.hasPrefix("<text class=\"\(cls)\""), let close = line.firstIndex(of: ">") else { return nil }
            let body = line[line.index(after: close)...].dropLast("</text>".count)
            return (String(line[..<close]), String(body))
        }
    }

    @Test("shift legends only where they are not the capital; the sym layer's legends on its keys; the four rules in a table")
    func legends() throws {
        let input = try LayerExportTests.input()
        let svg = KeyboardSVG.render(keyboard: input.keyboard, panels: [KeyboardSVG.Panel(title: "t", layout: input.layout)])
        // The default shift layer: letters give capitals (not drawn); ; , . / and corne's ' key give : < > ? " (drawn).
        #expect(Self.elements(svg, "legend-shift").map(\.1).sorted() == ["&gt;", "&lt;", "&quot;", ":", "?"])
        let sym = Self.elements(svg, "legend-layer")
        #expect(sym.count == 30 && sym.allSatisfy { $0.0.contains("data-layer=\"sym\"") })
        #expect(sym.map(\.1).contains("&amp;") && sym.map(\.1).contains("7"))
        #expect(Self.elements(svg, "magic-rule").map(\.1) == ["e → u", "u → e", "s → c", "o → a"])
        // The table takes room right of the board: the picture is wider than the plain layout's.
        let plain = KeyboardSVG.render(keyboard: input.keyboard, panels: [KeyboardSVG.Panel(title: "t", layout: Layout(symbols: input.layout.symbols))])
        #expect(KeyboardSVG.geometry(input.keyboard, panels: [KeyboardSVG.Panel(title: "t", layout: input.layout)]).width
                > KeyboardSVG.geometry(input.keyboard).width)
        #expect(!plain.contains("legend-shift") && !plain.contains("legend-layer") && !plain.contains("magic-rule"))
    }
}

/// XKB: the shift layer is each key's level 2.
@Suite("Layers in XKB")
struct LayerXKBTests {
    @Test("a shift layer of one's own is level 2 (`,` shifts to `;`, `.` to `!`); capitals are their own keysyms")
    func shiftLevel() throws {
        let keyboard = try ExportTests.catalog.keyboard("ansi")
        let layout = try Layout.parse(rows: """
        qwfpbjluy;
        arstgmneio
        zxcdvkh,./
        [shift]
        Q W F P B J L U Y :
        A R S T G M N E I O
        Z X C D V K H ; ! ?
        """, for: keyboard, keycodes: ExportTests.catalog.keycodes)
        let text = try LayoutExport.render(.xkb, LayoutExport.Input(keyboard: keyboard, layout: layout, layoutName: "t"))
        #expect(text.contains("key <AB08> { [ comma, semicolon ] };") && text.contains("key <AB09> { [ period, exclam ] };"))
        #expect(text.contains("key <AC01> { [ a, A ] };") && text.contains("key <AD10> { [ semicolon, colon ] };"))
        // Without a shift layer, the US partners as before.
        let plain = try LayoutExport.render(.xkb, LayoutExport.Input(keyboard: keyboard, layout: Layout(symbols: layout.symbols), layoutName: "t"))
        #expect(plain.contains("key <AB08> { [ comma, less ] };"))
    }
}
