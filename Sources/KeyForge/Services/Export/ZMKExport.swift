import KeyForgeCore

/// ZMK's `<shield>.keymap` for a board with a `zmk` section: a whole keymap of three layers (`KeymapLayers`).
enum ZMKExport {
    /// The devicetree keymap: the two standard includes, a `zmk,keymap` node and its three layers.
    static func keymap(_ input: LayoutExport.Input) throws(InputError) -> String {
        guard let zmk = input.keyboard.exports.zmk else {
            throw LayoutExport.missingSection("zmk", input, "add {\"shield\": ...} (and \"rows\" when its bindings' order differs from the keys') to the keyboard JSON")
        }
        try LayoutExport.checkSymbols(zmk, input, format: "ZMK")
        let layers = KeymapLayers.build(zmk, input) { KeymapVocabulary.zmkCharacters[$0] }
        var unicode: [String] = []
        for layer in layers {
            for key in layer.rows.joined() {
                if case .symbol(let symbol) = key, KeymapVocabulary.entry(symbol) == nil, let hex = KeymapVocabulary.unicodeHex(symbol),
                   !unicode.contains(hex) {
                    unicode.append(hex)
                }
            }
        }
        var lines = [
            "/*",
            " * \(input.safeName) on \(input.safeBoard), written by `keyforge export --format zmk`.",
            " * ZMK shield \(zmk.target) (\(zmk.slots.count) bindings): save as config/\(zmk.target).keymap.",
            " * Layer 0 is the layout; hold &mo 1 / &lt 1 for numbers and symbols, &mo 2 / &lt 2 for navigation.",
        ] + extrasComments(input, layers) + [
            " */",
            "",
            "#include <behaviors.dtsi>",
            "#include <dt-bindings/zmk/keys.h>",
            "",
            "/ {",
        ]
        if !unicode.isEmpty {
            lines += [
                "    /* Unicode characters, typed the way Linux (IBus, GTK) takes them: Ctrl+Shift+U, the hex code, Space.",
                "     * For macOS (Unicode Hex Input: hold Option, type the hex code) or Windows (WinCompose) change these macros. */",
                "    macros {",
            ]
            for hex in unicode {
                let name = "uc_" + hex.lowercased()
                let digits = hex.map { $0.isNumber ? "&kp N\($0)" : "&kp \($0)" }.joined(separator: " ")
                lines += [
                    "        \(name): \(name) {",
                    "            compatible = \"zmk,behavior-macro\";",
                    "            #binding-cells = <0>;",
                    "            bindings",
                    "                = <&macro_press &kp LCTRL &kp LSHFT>",
                    "                , <&macro_tap &kp U>",
                    "                , <&macro_release &kp LCTRL &kp LSHFT>",
                    "                , <&macro_tap \(digits) &kp SPACE>",
                    "                ;",
                    "        };",
                ]
            }
            lines += ["    };", ""]
        }
        lines += [
            "    keymap {",
            "        compatible = \"zmk,keymap\";",
        ]
        let numbers = KeymapLayers.numbers(layers)
        for (number, layer) in layers.enumerated() {
            var rows: [[String]] = []
            for row in layer.rows {
                var names: [String] = []
                for key in row { names.append(try binding(key, numbers)) }
                rows.append(names)
            }
            lines += [
                "",
                "        \(number == 0 ? "default" : layer.layoutLayer.map { "layout_\($0)" } ?? layer.name)_layer {",
                "            display-name = \"\(number == 0 ? input.safeName : layer.name)\";",
                "            bindings = <",
            ]
            lines += LayoutExport.alignedRows(rows, indent: "                ", separator: "", lastSeparator: "")
            lines += ["            >;", "        };"]
        }
        lines += ["    };", "};"]
        return lines.joined(separator: "\n") + "\n"
    }

    /// ZMK's modifier key name for a held modifier.
    static func modifier(_ hold: KeymapSlots.Hold) -> String? {
        switch hold {
        case .ctrl: "LCTRL"
        case .shift: "LSHFT"
        case .alt: "LALT"
        case .gui: "LGUI"
        case .symbols, .navigation: nil
        }
    }

    /// Comment lines for the layout's own layers, REPEAT and MAGIC, and an unusual shift layer.
    ///
    /// ZMK has no standard alternate-repeat (magic) behaviour, so a MAGIC key is written as `&key_repeat`
    /// (it repeats the previous key) and the rules are listed here, to be made with a macro or a module.
    static func extrasComments(_ input: LayoutExport.Input, _ layers: [KeymapLayers.Layer]) -> [String] {
        var lines: [String] = []
        let own = layers.enumerated().filter { $0.element.layoutLayer != nil }
        if !own.isEmpty {
            lines.append(" * The layout's layers: " + own.map { "\($0.offset) \(LayoutExport.safe($0.element.name))" }.joined(separator: ", ")
                         + " (&mo n held, &sl n one-shot).")
        }
        if input.layout.symbols.contains(Layout.repeatSymbol) {
            lines.append(" * REPEAT keys are &key_repeat.")
        }
        if input.layout.symbols.contains(Layout.magicSymbol) || !input.layout.magicRules.isEmpty {
            lines.append(" * MAGIC keys: ZMK has no standard alternate-repeat behaviour, so they are written as &key_repeat")
            lines.append(" * (they repeat the previous key). The layout's magic rules, after -> output:")
            let rules = input.layout.magicRules.map { "\(LayoutExport.commentSymbol($0.after)) -> \(LayoutExport.commentSymbol($0.output))" }
            for start in stride(from: 0, to: rules.count, by: 8) {
                lines.append(" *   " + rules[start..<min(start + 8, rules.count)].joined(separator: ", "))
            }
        }
        let unusual = KeymapLayers.unusualShifts(input.layout)
        if !unusual.isEmpty {
            lines.append(" * The layout's shift layer differs from Shift + key on these keys (add mod-morphs for them): "
                         + unusual.map { "\(LayoutExport.commentSymbol($0.base)) -> \($0.shifted.map(LayoutExport.commentSymbol) ?? "nothing")" }.joined(separator: ", ") + ".")
        }
        return lines
    }

    private static func binding(_ key: KeymapLayers.Key, _ numbers: [String: Int]) throws(InputError) -> String {
        switch key {
        case .none: return "&none"
        case .transparent: return "&trans"
        case .fixed(let binding): return binding
        case .symbol(let symbol):
            if let (number, oneShot) = KeymapLayers.layerKey(symbol, numbers) { return oneShot ? "&sl \(number)" : "&mo \(number)" }
            guard let entry = KeymapVocabulary.entry(symbol) else {
                if let hex = KeymapVocabulary.unicodeHex(symbol) { return "&uc_\(hex.lowercased())" }
                throw InputError(.invalid, source: "--layout", "'\(symbol)' has no ZMK binding")
            }
            return entry.zmk
        case .hold(let hold, let tap):
            guard let tap else { return modifier(hold).map { "&kp \($0)" } ?? "&mo \(hold.layer ?? 0)" }
            guard let entry = KeymapVocabulary.entry(tap), let name = KeymapVocabulary.zmkKeyName(entry) else {
                throw InputError(.invalid, source: "--layout", "a key held as \(hold.rawValue) holds '\(tap)', which a ZMK hold-tap cannot tap")
            }
            return modifier(hold).map { "&mt \($0) \(name)" } ?? "&lt \(hold.layer ?? 0) \(name)"
        }
    }
}
