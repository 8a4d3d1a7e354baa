import KeyForgeCore

/// ZMK's `<shield>.keymap` for a board with a `zmk` section: one `default_layer` of `&kp` bindings.
enum ZMKExport {
    /// The devicetree keymap: the two standard includes, a `zmk,keymap` node and its default layer.
    static func keymap(_ input: LayoutExport.Input) throws(InputError) -> String {
        guard let zmk = input.keyboard.exports.zmk else {
            throw LayoutExport.missingSection("zmk", input, "add {\"shield\": ...} (and \"rows\" when its bindings' order differs from the keys') to the keyboard JSON")
        }
        let rows = try LayoutExport.slotKeycodes(zmk, input, format: "ZMK", empty: "&none") { $0.zmk }
        var lines = [
            "/*",
            " * \(input.safeName) on \(input.safeBoard), written by `keyforge export --format zmk`.",
            " * ZMK shield \(zmk.target) (\(rows.flatMap { $0 }.count) bindings): save as config/\(zmk.target).keymap.",
            " */",
            "",
            "#include <behaviors.dtsi>",
            "#include <dt-bindings/zmk/keys.h>",
            "",
            "/ {",
            "    keymap {",
            "        compatible = \"zmk,keymap\";",
            "",
            "        default_layer {",
            "            display-name = \"\(input.safeName)\";",
            "            bindings = <",
        ]
        lines += LayoutExport.alignedRows(rows, indent: "                ", separator: "", lastSeparator: "")
        lines += ["            >;", "        };", "    };", "};"]
        return lines.joined(separator: "\n") + "\n"
    }
}
