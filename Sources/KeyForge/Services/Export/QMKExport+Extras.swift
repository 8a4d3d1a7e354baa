import KeyForgeCore

/// What a layout with layers, REPEAT and MAGIC adds to QMK's `keymap.c`: comments on the layers and
/// rules, and `get_alt_repeat_key_keycode_user` implementing the magic table for `QK_AREP`.
///
/// QMK's Repeat Key feature (docs/features/repeat_key.md of qmk/qmk_firmware): `QK_REP` repeats the last
/// key, `QK_AREP` sends what `get_alt_repeat_key_keycode_user(keycode, mods)` returns for the last key
/// (`KC_TRNS` defers to QMK's own alternates), with the last key's modifiers, so the rule `e -> u` also
/// makes Shift+E then MAGIC type U.
extension QMKExport {
    /// Header comment lines for the layout's own layers, REPEAT / MAGIC and an unusual shift layer.
    static func extrasComments(_ input: LayoutExport.Input, _ layers: [(name: String, rows: [[String]])]) -> [String] {
        var lines: [String] = []
        let own = input.layout.layers.filter { $0.name != LayoutLayer.shiftName }
        if !own.isEmpty {
            let first = layers.count - own.count
            lines.append("// The layout's layers: " + own.enumerated().map { "\(first + $0.offset) \(LayoutExport.safe($0.element.name))" }
                .joined(separator: ", ") + " (MO(n) held, OSL(n) one-shot).")
        }
        let symbols = input.layout.symbols
        if symbols.contains(Layout.repeatSymbol) || symbols.contains(Layout.magicSymbol) {
            lines.append("// QK_REP / QK_AREP are QMK's Repeat Key and Alternate Repeat Key: set REPEAT_KEY_ENABLE = yes in rules.mk.")
        }
        let unusual = KeymapLayers.unusualShifts(input.layout)
        if !unusual.isEmpty {
            lines.append("// The layout's shift layer differs from Shift + key on these keys (add QMK key overrides for them): "
                         + unusual.map { "\(LayoutExport.commentSymbol($0.base)) -> \($0.shifted.map(LayoutExport.commentSymbol) ?? "nothing")" }.joined(separator: ", ") + ".")
        }
        return lines
    }

    /// `get_alt_repeat_key_keycode_user` for the layout's magic rules, or nothing when it has none.
    /// A rule matches the keycode of its `after` symbol (a capital matches its letter's keycode, whose
    /// shifted press QMK reports as the letter with Shift); when two rules share a keycode the first is
    /// kept and the other is listed in a comment. Rules whose symbols have no QMK keycode are listed too.
    static func magicFunction(_ layout: Layout) -> [String] {
        guard !layout.magicRules.isEmpty else { return [] }
        var cases: [(keycode: String, output: String, rule: MagicRule)] = []
        var skipped: [String] = []
        for rule in layout.magicRules {
            let described = "\(LayoutExport.commentSymbol(rule.after)) -> \(LayoutExport.commentSymbol(rule.output))"
            guard let after = KeymapVocabulary.entry(KeycodeTable.lowercased(rule.after))?.qmk, !after.hasPrefix("QK_"),
                  let output = KeymapVocabulary.entry(rule.output)?.qmk ?? KeymapVocabulary.unicodeHex(rule.output).map({ "UC(0x\($0))" }),
                  !output.hasPrefix("QK_") else {
                skipped.append("\(described) (no QMK keycode)")
                continue
            }
            if cases.contains(where: { $0.keycode == after }) {
                skipped.append("\(described) (a rule for \(after) comes first)")
                continue
            }
            cases.append((after, output, rule))
        }
        var lines = [
            "",
            "// The magic rules: after the key on the left, QK_AREP types the key on the right.",
        ]
        if !skipped.isEmpty { lines.append("// Rules not written: " + skipped.joined(separator: ", ") + ".") }
        lines += [
            "uint16_t get_alt_repeat_key_keycode_user(uint16_t keycode, uint8_t mods) {",
            "    (void)mods;",
        ]
        if !cases.isEmpty {
            lines.append("    switch (keycode) {")
            let width = cases.map(\.keycode.count).max() ?? 0
            for entry in cases {
                lines.append("        case \(entry.keycode):" + String(repeating: " ", count: width - entry.keycode.count) + " return \(entry.output);")
            }
            lines.append("    }")
        } else {
            lines.append("    (void)keycode;")
        }
        lines += [
            "    return KC_TRNS;  // QMK's own alternates for any other key",
            "}",
        ]
        return lines
    }
}
