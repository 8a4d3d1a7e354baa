import KeyForgeCore

/// An XKB symbols file for a row-staggered board with an `xkb` section: the US layout with the
/// board's keys replaced, usable with `setxkbmap` or a Wayland compositor's XKB settings.
enum XKBExport {
    /// The layout every exported file starts from: keys it does not list keep their US symbols.
    static let baseInclude = "us(basic)"

    /// `xkb_symbols "keyforge" { include "us(basic)" ... key <AD01> { [ q, Q ] }; ... };`
    static func symbols(_ input: LayoutExport.Input) throws(InputError) -> String {
        guard let names = input.keyboard.exports.xkbKeys else {
            throw LayoutExport.missingSection("xkb", input,
                                              "XKB symbols files are for row-staggered ANSI or ISO-like boards, whose keys have XKB names (AD01, AC01, ...)")
        }
        var lines = [
            "// \(input.safeName) on \(input.safeBoard), written by `keyforge export --format xkb`.",
            "// Save as ~/.config/xkb/symbols/keyforge (Wayland: libxkbcommon reads it; choose layout \"keyforge\")",
            "// or as /usr/share/X11/xkb/symbols/keyforge (X11: `setxkbmap keyforge`).",
            "default partial alphanumeric_keys",
            "xkb_symbols \"keyforge\" {",
            "    include \"\(baseInclude)\"",
            "    name[Group1] = \"KeyForge \(input.safeName) (\(input.safeBoard))\";",
            "",
        ]
        var written: [String: Int] = [:]
        var placed: Set<Int> = []
        for (index, name) in names.enumerated() {
            guard let name else { continue }
            placed.insert(index)
            if let first = written[name] {
                guard input.layout.symbols[first] == input.layout.symbols[index] else {
                    throw InputError(.invalid, source: "--layout",
                                     "\(input.describeKey(first)) and \(input.describeKey(index)) are both XKB key <\(name)>, so they need the same symbol (they hold \(input.describeSymbol(first)) and \(input.describeSymbol(index)))")
                }
                continue
            }
            written[name] = index
            let keysyms: [String]
            if let symbol = input.layout.symbols[index] {
                // A modifier the board itself puts there (ansi's Shift, Ctrl, Alt, GUI, Caps Lock) is
                // what us(basic) already has on that key: leave the key out rather than fail.
                if KeymapVocabulary.xkbKeysyms(symbol) == nil, index < input.keyboard.baseLayout.count,
                   input.keyboard.baseLayout[index] == symbol {
                    continue
                }
                guard let known = KeymapVocabulary.xkbKeysyms(symbol) else {
                    throw InputError(.invalid, source: "--layout", "\(input.describeKey(index)) holds '\(symbol)', which has no XKB keysym in a symbols file (modifiers need a modifier map)")
                }
                keysyms = try shiftLevel(known, index, input)
            } else {
                keysyms = ["VoidSymbol"]
            }
            lines.append("    key <\(name)> { [ \(keysyms.joined(separator: ", ")) ] };")
        }
        try LayoutExport.checkEveryKeyPlaced(placed, input, target: "XKB")
        lines.append("};")
        return lines.joined(separator: "\n") + "\n"
    }

    /// `keysyms` with level 2 taken from the layout's shift layer when it has one: the shifted symbol's
    /// keysym (a capital letter is its own keysym name), `NoSymbol` where the key types nothing shifted.
    /// The layout's other layers have no XKB level here.
    static func shiftLevel(_ keysyms: [String], _ index: Int, _ input: LayoutExport.Input) throws(InputError) -> [String] {
        guard let shift = input.layout.shiftLayer, let first = keysyms.first else { return keysyms }
        guard let shifted = shift.symbols[index] else { return [first, "NoSymbol"] }
        if shifted.unicodeScalars.count == 1, let scalar = shifted.unicodeScalars.first, ("A"..."Z").contains(scalar) { return [first, shifted] }
        guard let level = KeymapVocabulary.xkbKeysyms(shifted)?.first else {
            throw InputError(.invalid, source: "--layout", "layer shift: \(input.describeKey(index)) holds '\(shifted)', which has no XKB keysym")
        }
        return [first, level]
    }
}
