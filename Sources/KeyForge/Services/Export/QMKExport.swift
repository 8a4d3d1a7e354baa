import KeyForgeCore
import KeyForgeWire

/// QMK's `keymap.c` and `keymap.json` for a board with a `qmk` section: one layer, the board's LAYOUT macro.
enum QMKExport {
    /// `keymap.c`: `keymaps[][MATRIX_ROWS][MATRIX_COLS]` with layer 0 written through the layout macro.
    static func keymapC(_ input: LayoutExport.Input) throws(InputError) -> String {
        let (qmk, rows) = try keycodes(input)
        let macro = qmk.layoutMacro ?? ""
        var lines = [
            "// \(input.safeName) on \(input.safeBoard), written by `keyforge export --format qmk`.",
            "// QMK keyboard \(qmk.target), \(macro) (\(rows.flatMap { $0 }.count) keys); build with",
            "// `qmk compile -kb \(qmk.target) -km <this keymap's folder>`.",
            "#include QMK_KEYBOARD_H",
            "",
            "const uint16_t PROGMEM keymaps[][MATRIX_ROWS][MATRIX_COLS] = {",
            "    [0] = \(macro)(",
        ]
        lines += LayoutExport.alignedRows(rows, indent: "        ", separator: ",", lastSeparator: "")
        lines += ["    )", "};"]
        return lines.joined(separator: "\n") + "\n"
    }

    /// `keymap.json`: `keyboard`, `keymap`, `layout` and one layer, in QMK Configurator's shape.
    static func keymapJSON(_ input: LayoutExport.Input) throws(InputError) -> String {
        let (qmk, rows) = try keycodes(input)
        var object = JSONObject()
        object.append("version", .int(1))
        object.append("notes", .string("\(input.safeName) on \(input.safeBoard), written by keyforge export"))
        object.append("keyboard", .string(qmk.target))
        object.append("keymap", .string(keymapName(input)))
        object.append("layout", .string(qmk.layoutMacro ?? ""))
        object.append("layers", .array([.array(rows.flatMap { $0 }.map { .string($0) })]))
        return JSONWriter.write(.object(object), pretty: true) + "\n"
    }

    /// QMK keymap names are folder names: lower case, digits and '_' (`colemak-dh` -> `colemak_dh`).
    static func keymapName(_ input: LayoutExport.Input) -> String {
        let name = String(String.UnicodeScalarView(input.layoutName.lowercased().unicodeScalars.map { scalar in
            ("a"..."z").contains(scalar) || ("0"..."9").contains(scalar) ? scalar : "_"
        }))
        return name.isEmpty ? "keyforge" : name
    }

    private static func keycodes(_ input: LayoutExport.Input) throws(InputError) -> (KeymapSlots, [[String]]) {
        guard let qmk = input.keyboard.exports.qmk else {
            throw LayoutExport.missingSection("qmk", input, "add {\"keyboard\": ..., \"layout\": \"LAYOUT_...\"} to the keyboard JSON")
        }
        return (qmk, try LayoutExport.slotKeycodes(qmk, input, format: "QMK", empty: "KC_NO") { $0.qmk })
    }
}
