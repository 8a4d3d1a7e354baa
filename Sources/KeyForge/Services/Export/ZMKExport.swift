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
        for (number, layer) in layers.enumerated() {
            var rows: [[String]] = []
            for row in layer.rows {
                var names: [String] = []
                for key in row { names.append(try binding(key)) }
                rows.append(names)
            }
            lines += [
                "",
                "        \(number == 0 ? "default" : layer.name)_layer {",
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

    private static func binding(_ key: KeymapLayers.Key) throws(InputError) -> String {
        switch key {
        case .none: return "&none"
        case .transparent: return "&trans"
        case .fixed(let binding): return binding
        case .symbol(let symbol):
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
