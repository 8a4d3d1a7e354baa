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

    @Test("layout JSON: layers and magic written beside `layout`, read back to the same layout; absent for a plain layout")
    func layoutJSON() throws {
        let input = try Self.input()
        var object = JSONObject()
        LayoutExtrasJSON.append(input.layout, to: &object)
        #expect(object.keys == ["layers", "magic"])
        let reparsed = try JSONParser.parse(Array(JSONWriter.write(.object(object)).utf8))
        let base = Layout(symbols: input.layout.symbols)
        let decoded = try LayoutExtrasJSON.decode(try #require(reparsed.objectValue), base: base, keyboard: input.keyboard,
                                                  keycodes: ExportTests.catalog.keycodes)
        #expect(decoded == input.layout)
        var plain = JSONObject()
        LayoutExtrasJSON.append(base, to: &plain)
        #expect(plain.keys.isEmpty)
        // A layer of the wrong length is one error naming the field.
        var bad = try #require(reparsed.objectValue)
        bad.members[0].value = .array([.object(JSONObject([("name", .string("sym")), ("layout", .string("a b c"))]))])
        #expect(throws: ValidationError(field: "layers[0].layout", "has 3 tokens; corne has 42 keys")) {
            try LayoutExtrasJSON.decode(bad, base: base, keyboard: input.keyboard, keycodes: ExportTests.catalog.keycodes)
        }
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
