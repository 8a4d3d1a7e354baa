import KeyForgeCore
import KeyForgeWire

/// QMK's `keymap.c` and `keymap.json` for a board with a `qmk` section: a whole keymap of three layers
/// (`KeymapLayers`) through the board's LAYOUT macro.
enum QMKExport {
    /// `keymap.c`: `keymaps[][MATRIX_ROWS][MATRIX_COLS]` with layers 0, 1 and 2 written through the layout macro.
    static func keymapC(_ input: LayoutExport.Input) throws(InputError) -> String {
        let (qmk, layers) = try keycodes(input)
        let macro = qmk.layoutMacro ?? ""
        let count = qmk.slots.count
        var lines = [
            "// \(input.safeName) on \(input.safeBoard), written by `keyforge export --format qmk`.",
            "// QMK keyboard \(qmk.target), \(macro) (\(count) keys); build with",
            "// `qmk compile -kb \(qmk.target) -km <this keymap's folder>`.",
            "// Layer 0 is the layout; hold MO(1) / LT(1, ...) for numbers and symbols, MO(2) / LT(2, ...) for navigation."
                + (layers.contains { $0.rows.joined().contains { $0.hasPrefix("UC(") } } ? "\n// UC(...) keys type Unicode: set UNICODE_ENABLE = yes in rules.mk and the input mode of your OS." : ""),
        ] + extrasComments(input, layers)
        lines += [
            "#include QMK_KEYBOARD_H",
            "",
            "const uint16_t PROGMEM keymaps[][MATRIX_ROWS][MATRIX_COLS] = {",
        ]
        for (number, layer) in layers.enumerated() {
            lines.append("    // \(number): \(layer.name)")
            lines.append("    [\(number)] = \(macro)(")
            lines += LayoutExport.alignedRows(layer.rows, indent: "        ", separator: ",", lastSeparator: "")
            lines.append(number == layers.count - 1 ? "    )" : "    ),")
        }
        lines.append("};")
        lines += magicFunction(input.layout)
        return lines.joined(separator: "\n") + "\n"
    }

    /// `keymap.json`: `keyboard`, `keymap`, `layout` and the three layers, in QMK Configurator's shape.
    static func keymapJSON(_ input: LayoutExport.Input) throws(InputError) -> String {
        let (qmk, layers) = try keycodes(input)
        var object = JSONObject()
        object.append("version", .int(1))
        var notes = "\(input.safeName) on \(input.safeBoard), written by keyforge export; layers: \(layers.map(\.name).joined(separator: ", "))"
        if !input.layout.magicRules.isEmpty {
            notes += "; the magic rules need keymap.c (export --format qmk): keymap.json cannot hold get_alt_repeat_key_keycode_user"
        }
        object.append("notes", .string(notes))
        object.append("keyboard", .string(qmk.target))
        object.append("keymap", .string(keymapName(input)))
        object.append("layout", .string(qmk.layoutMacro ?? ""))
        object.append("layers", .array(layers.map { .array($0.rows.flatMap { $0 }.map { .string($0) }) }))
        return JSONWriter.write(.object(object), pretty: true) + "\n"
    }

    /// QMK keymap names are folder names: lower case, digits and '_' (`colemak-dh` -> `colemak_dh`).
    static func keymapName(_ input: LayoutExport.Input) -> String {
        let name = String(String.UnicodeScalarView(input.layoutName.lowercased().unicodeScalars.map { scalar in
            ("a"..."z").contains(scalar) || ("0"..."9").contains(scalar) ? scalar : "_"
        }))
        return name.isEmpty ? "keyforge" : name
    }

    /// QMK's keycode for a held key alone: the left modifier, or `MO(layer)`.
    static func holdKeycode(_ hold: KeymapSlots.Hold) -> String {
        switch hold {
        case .ctrl: "KC_LCTL"
        case .shift: "KC_LSFT"
        case .alt: "KC_LALT"
        case .gui: "KC_LGUI"
        case .symbols, .navigation: "MO(\(hold.layer ?? 0))"
        }
    }

    /// QMK's tap-hold wrapper of `tap`: `LCTL_T(KC_A)` (mod-tap) or `LT(1, KC_A)` (layer-tap).
    static func tapHold(_ hold: KeymapSlots.Hold, _ tap: String) -> String {
        switch hold {
        case .ctrl: "LCTL_T(\(tap))"
        case .shift: "LSFT_T(\(tap))"
        case .alt: "LALT_T(\(tap))"
        case .gui: "LGUI_T(\(tap))"
        case .symbols, .navigation: "LT(\(hold.layer ?? 0), \(tap))"
        }
    }

    private static func keycodes(_ input: LayoutExport.Input) throws(InputError) -> (KeymapSlots, [(name: String, rows: [[String]])]) {
        guard let qmk = input.keyboard.exports.qmk else {
            throw LayoutExport.missingSection("qmk", input, "add {\"keyboard\": ..., \"layout\": \"LAYOUT_...\"} to the keyboard JSON")
        }
        try LayoutExport.checkSymbols(qmk, input, format: "QMK")
        let layers = KeymapLayers.build(qmk, input) { KeymapVocabulary.qmkCharacters[$0] }
        let numbers = KeymapLayers.numbers(layers)
        var written: [(name: String, rows: [[String]])] = []
        for layer in layers {
            var rows: [[String]] = []
            for row in layer.rows {
                var names: [String] = []
                for key in row { names.append(try keycode(key, input, numbers)) }
                rows.append(names)
            }
            written.append((layer.name, rows))
        }
        return (qmk, written)
    }

    private static func keycode(_ key: KeymapLayers.Key, _ input: LayoutExport.Input, _ numbers: [String: Int]) throws(InputError) -> String {
        switch key {
        case .none: return "KC_NO"
        case .transparent: return "KC_TRNS"
        case .fixed(let keycode): return keycode
        case .symbol(let symbol):
            if let (number, oneShot) = KeymapLayers.layerKey(symbol, numbers) { return oneShot ? "OSL(\(number))" : "MO(\(number))" }
            guard let entry = KeymapVocabulary.entry(symbol) else {
                if let code = KeymapVocabulary.unicodeHex(symbol) { return "UC(0x\(code))" }
                throw InputError(.invalid, source: "--layout", "'\(symbol)' has no QMK keycode")
            }
            return entry.qmk
        case .hold(let hold, let tap):
            guard let tap else { return holdKeycode(hold) }
            guard let entry = KeymapVocabulary.entry(tap), KeymapVocabulary.shiftedPartner[tap] == nil, tap != "REPEAT", tap != "MAGIC" else {
                throw InputError(.invalid, source: "--layout",
                                 "a key held as \(hold.rawValue) holds '\(tap)', which QMK cannot tap from a tap-hold key (only basic keycodes can)")
            }
            return tapHold(hold, entry.qmk)
        }
    }
}
