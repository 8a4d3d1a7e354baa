import KeyForgeCore

/// The three layers of a whole keymap (`export --format qmk|qmk-json|zmk` without `--merge`), firmware-neutral.
///
/// - Layer 0, the base: the layout's symbols; a key the keyboard JSON's `hold` names is a modifier or layer
///   key (on an empty key) or a tap-hold key (on a key with a symbol); fixed slots as the board gives them.
/// - Layer 1, numbers and symbols: first every letter and unshifted mark the base layer lacks (graphite's
///   comma), then the digits, then the input's characters beyond ASCII (Unicode keys), then the shifted
///   marks, on the board's alpha block row by row.
/// - Layer 2, navigation: arrows, Home/End/PgUp/PgDn, Esc, Tab, Enter, Backspace, Delete, Space and the four
///   modifiers on fixed places of the alpha block; anything layer 1 had no room for fills its free keys.
/// Every other key of layers 1 and 2 is transparent, so held keys and fixed keys work on every layer. A board
/// whose keymap has no key reaching layer 1 or 2 gets the base layer alone.
/// Together the layers hold every printable ASCII character (directly, or as Shift + its unshifted key) and
/// the input's extra symbols, as long as the alpha block has room (30 keys: always for a US-ASCII layout).
enum KeymapLayers {
    /// One key of one layer.
    enum Key: Equatable {
        /// A layout symbol (`a`, `;`, `SPACE`).
        case symbol(String)
        /// A modifier or layer key; with `tap`, a tap-hold key typing `tap`.
        case hold(KeymapSlots.Hold, tap: String?)
        /// A keycode the board's JSON gives in the firmware's own words.
        case fixed(String)
        /// Falls through to the layer below.
        case transparent
        /// Does nothing.
        case none
    }

    /// A layer: its name and its keys in the slots' rows.
    struct Layer {
        var name: String
        var rows: [[Key]]
        /// The layout's layer this keymap layer is (`MO(name)` / `OSL(name)` reach it); nil for the generated ones.
        var layoutLayer: String? = nil
    }

    /// The keymap layer number of each of the layout's layers (`MO(name)` -> its number).
    static func numbers(_ layers: [Layer]) -> [String: Int] {
        var numbers: [String: Int] = [:]
        for (number, layer) in layers.enumerated() { if let name = layer.layoutLayer { numbers[name] = number } }
        return numbers
    }

    /// The keymap layer number a layer-key symbol (`MO(sym)`, `OSL(sym)`) reaches, and whether it is one-shot.
    static func layerKey(_ symbol: String, _ numbers: [String: Int]) -> (number: Int, oneShot: Bool)? {
        guard let name = LayoutLayer.layerName(ofKey: symbol), let number = numbers[name] else { return nil }
        return (number, symbol.hasPrefix("OSL("))
    }

    static let digits = ["1", "2", "3", "4", "5", "6", "7", "8", "9", "0"]
    static let letters = "abcdefghijklmnopqrstuvwxyz".map { String($0) }
    static let unshiftedMarks = ["-", "=", "[", "]", "\\", ";", "'", "`", ",", ".", "/"]
    static let shiftedMarks = ["!", "@", "#", "$", "%", "^", "&", "*", "(", ")", "_", "+", "{", "}", "|", ":", "\"", "~", "<", ">", "?"]

    /// The navigation layer on a 3 x 10 alpha block, left to right, top to bottom; nil keys are free.
    static let navigationGrid: [[String?]] = [
        ["ESC", nil, nil, nil, nil, "PGUP", "HOME", "UP", "END", "BACKSPACE"],
        ["GUI", "ALT", "CTRL", "SHIFT", nil, "PGDN", "LEFT", "DOWN", "RIGHT", "ENTER"],
        ["TAB", nil, nil, nil, nil, "SPACE", "DELETE", nil, nil, nil],
    ]

    /// The layers of `input` on the keymap `slots`; `fixedSymbol` reads a fixed keycode back as a symbol.
    static func build(_ slots: KeymapSlots, _ input: LayoutExport.Input, fixedSymbol: (String) -> String?) -> [Layer] {
        let keyboard = input.keyboard
        var base: [[Key]] = []
        var onBase: Set<String> = []
        for row in slots.rows {
            base.append(row.map { slot -> Key in
                switch slot {
                case .empty: return .none
                case .fixed(let keycode):
                    if let symbol = fixedSymbol(keycode) { onBase.insert(symbol) }
                    return .fixed(keycode)
                case .key(let index):
                    let symbol = input.layout.symbols[index]
                    if let symbol { onBase.insert(symbol) }
                    // The layout's own layer key on a held key replaces the board's hold there.
                    if let hold = slots.holds[index], symbol.flatMap(LayoutLayer.layerName(ofKey:)) == nil { return .hold(hold, tap: symbol) }
                    return symbol.map { .symbol($0) } ?? .none
                }
            })
        }
        // The alpha block: the board's `*` keys with a slot and no hold, by row, left to right.
        let free = keyboard.alphaKeys.filter { slots.placedKeys.contains($0) && slots.holds[$0] == nil }
        let blockRows = Dictionary(grouping: free, by: { keyboard.keys[$0].row }).sorted { $0.key < $1.key }
            .map { $0.value.sorted { keyboard.keys[$0].x < keyboard.keys[$1].x } }
        let order = blockRows.flatMap { $0 }

        var symbolKeys: [Int: String] = [:]
        // Shifted marks come last: Shift + their key types them wherever they find no room.
        let wanted = (letters + unshiftedMarks).filter { !onBase.contains($0) } + digits.filter { !onBase.contains($0) }
            + input.extraSymbols.filter { !onBase.contains($0) } + shiftedMarks.filter { !onBase.contains($0) }
        var pending = wanted[...]
        for index in order {
            guard let symbol = pending.popFirst() else { break }
            symbolKeys[index] = symbol
        }

        var navigationKeys: [Int: String] = [:]
        let isGrid = blockRows.count == navigationGrid.count && blockRows.allSatisfy { $0.count == navigationGrid[0].count }
        if isGrid {
            for (rowIndex, row) in blockRows.enumerated() {
                for (column, index) in row.enumerated() { navigationKeys[index] = navigationGrid[rowIndex][column] }
            }
        } else {
            let names = navigationGrid.flatMap { $0 }.compactMap { $0 }
            for (index, name) in zip(order, names) { navigationKeys[index] = name }
        }
        // What layer 1 had no room for goes on layer 2's free keys.
        for index in order where navigationKeys[index] == nil {
            guard let symbol = pending.popFirst() else { break }
            navigationKeys[index] = symbol
        }

        func upper(_ assigned: [Int: String]) -> [[Key]] {
            slots.rows.map { row in
                row.map { slot -> Key in
                    switch slot {
                    case .empty: return .none
                    case .fixed: return .transparent
                    case .key(let index): return assigned[index].map { .symbol($0) } ?? .transparent
                    }
                }
            }
        }
        // A board with no key reaching layer 1 or 2 (no `hold`, no fixed MO(1) / &mo 1) gets its base layer alone.
        let fixed = slots.slots.compactMap { if case .fixed(let keycode) = $0 { keycode } else { nil } }
        let reachable = slots.holds.values.contains { $0.layer != nil } || fixed.contains { keycode in
            (1...2).contains { keycode.contains("MO(\($0))") || keycode.contains("LT(\($0),") || keycode.contains("&mo \($0)") || keycode.contains("&lt \($0) ") }
        }
        var layers = [Layer(name: "base", rows: base)]
        if reachable {
            layers += [Layer(name: "symbols", rows: upper(symbolKeys)), Layer(name: "navigation", rows: upper(navigationKeys))]
        }
        // The layout's own layers after these; the shift layer is not one (the host shifts each keycode).
        for layer in input.layout.layers where layer.name != LayoutLayer.shiftName {
            var assigned: [Int: String] = [:]
            for (index, symbol) in layer.symbols.enumerated() { if let symbol { assigned[index] = symbol } }
            layers.append(Layer(name: layer.name, rows: upper(assigned), layoutLayer: layer.name))
        }
        return layers
    }

    /// The keys whose shift-layer symbol is not what Shift + the key's keycode types on a US host
    /// (`Layout.defaultShiftSymbols`): (base symbol, shifted symbol), in key order. Firmware cannot express
    /// these without key overrides, so the keymaps list them in a comment.
    static func unusualShifts(_ layout: Layout) -> [(base: String, shifted: String?)] {
        guard let shift = layout.shiftLayer else { return [] }
        let usual = Layout.defaultShiftSymbols(for: layout.symbols)
        var found: [(base: String, shifted: String?)] = []
        for (index, symbol) in shift.symbols.enumerated() where symbol != usual[index] {
            if let base = layout.symbols[index] { found.append((base, symbol)) }
        }
        return found
    }
}
