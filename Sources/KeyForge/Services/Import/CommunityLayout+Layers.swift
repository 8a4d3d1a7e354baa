import KeyForgeCore
import KeyForgeWire

/// A `.dof`'s layers and magic rules on a KeyForge board, and a KeyForge layout's layers and rules as a `.dof`.
///
/// Read (facts from o-x-e-y/libdof README.md @5811ce132f68fd53e6cd641a71455daeca0b3dc8, and the magic files
/// of aherriott/oxeylyzer-2, layouts/magic-one.dof @786d330f788801270e94a733648a5ebcb128462f and
/// layouts/magic-four.dof @6fcb64f176ca16f8a753a3bdbeb1fd2e872b3c3e):
/// - `layers.shift` is the shift layer (`~` and `*` keep the key's default shifted symbol; a file without one
///   has none, though libdof reads it as qwerty's capitals: KeyForge's shift layer is opt-in); any other layer
///   besides `main` is an extra layer of that name, lower-cased (`~` and `*` type nothing on it);
/// - `@name` on a layer is its layer key, read as held (`MO(name)`); `rpt` / `repeat` is REPEAT;
/// - `&name` is a magic key (MAGIC), and the top-level `magic` object maps a magic key's name to its
///   rules, `{"mag": {"a": "b"}}` (after a, the key types b). KeyForge has one magic table, so a file whose
///   rules sit under more than one name is refused.
/// Only the 3x10 block reaches the board. A layer key, REPEAT or MAGIC outside the block, a layer that no
/// key in the block reaches, and rules without a magic key in the block, get their key on the board's empty
/// thumb keys, in key order.
extension CommunityLayout {
    /// The magic rules of a `.dof` (its `magic` field), in file order.
    func dofMagicRules() throws(ValidationError) -> [MagicRule] {
        guard let value = dof?.extra.first(where: { $0.key == "magic" })?.value else { return [] }
        guard let tables = value.objectValue else { throw ValidationError(field: "magic", "must be {\"key name\": {\"after\": \"output\"}}") }
        let named = tables.members.filter { !($0.value.objectValue?.members.isEmpty ?? false) }
        if named.count > 1 {
            throw ValidationError(field: "magic", "has rules for \(named.count) magic keys (\(named.map(\.key).joined(separator: ", "))); KeyForge has one magic table")
        }
        var rules: [MagicRule] = []
        for table in named {
            guard let pairs = table.value.objectValue else { throw ValidationError(field: "magic.\(table.key)", "must be {\"after\": \"output\"}") }
            for pair in pairs.members {
                guard let output = pair.value.stringValue else { throw ValidationError(field: "magic.\(table.key).\(pair.key)", "must be a symbol") }
                let after = Self.token(fromDof: pair.key, keepCase: true), typed = Self.token(fromDof: output, keepCase: true)
                guard after != "NONE", typed != "NONE" else {
                    throw ValidationError(field: "magic.\(table.key).\(pair.key)", "names an empty key; a rule names two symbols")
                }
                rules.append(MagicRule(after: after, output: typed))
            }
        }
        return rules
    }

    /// `base` (the block placed on `keyboard`) with the file's layers and rules, checked.
    func addingLayers(to base: Layout, keyboard: Keyboard, keycodes: KeycodeTable) throws(ValidationError) -> Layout {
        var layout = base
        let alpha = keyboard.alphaKeys
        func block(_ rows: [[String]]) -> [String] {
            (0..<3).flatMap { row in (0..<10).map { column in row < rows.count && column < rows[row].count ? rows[row][column] : "~" } }
        }
        for layer in layers {
            let isShift = layer.name == LayoutLayer.shiftName
            let name = layer.name.lowercased()
            guard isShift || LayoutLayer.isValidName(name) else {
                throw ValidationError(field: "layers.\(layer.name)", "cannot name a KeyForge layer (1-\(LayoutLayer.maxNameLength) of a-z, 0-9, _ and -)")
            }
            let defaults = Layout.defaultShiftSymbols(for: layout.symbols)
            var symbols: [String?] = isShift ? defaults : Array(repeating: nil, count: keyboard.keys.count)
            for (key, written) in zip(alpha, block(layer.rows)) {
                let token = Self.token(fromDof: written, keepCase: true)
                if token == "NONE" { continue }
                do throws(ValidationError) { symbols[key] = try Layout.layerSymbol(token, keycodes: keycodes) } catch {
                    throw error.nested(under: "layers.\(layer.name)")
                }
            }
            layout.layers.append(LayoutLayer(name: isShift ? LayoutLayer.shiftName : name, symbols: symbols))
        }
        if let shift = layout.layers.firstIndex(where: { $0.name == LayoutLayer.shiftName }), shift != 0 {
            layout.layers.insert(layout.layers.remove(at: shift), at: 0)
        }
        layout.magicRules = try dofMagicRules()

        // Keys the block could not carry: layer keys, REPEAT and MAGIC outside it, and keys the layers and rules need.
        var wanted: [String] = []
        for (row, keys) in rows.enumerated() {
            for (column, token) in keys.enumerated() where row >= 3 || column >= 10 {
                if LayoutLayer.layerName(ofKey: token) != nil || token == Layout.repeatSymbol || token == Layout.magicSymbol { wanted.append(token) }
            }
        }
        for layer in layout.layers where layer.name != LayoutLayer.shiftName {
            let key = LayoutLayer.heldKey(layer.name)
            if !layout.symbols.contains(key) && !layout.symbols.contains(LayoutLayer.oneShotKey(layer.name)) && !wanted.contains(key) { wanted.append(key) }
        }
        if !layout.magicRules.isEmpty && !layout.symbols.contains(Layout.magicSymbol) && !wanted.contains(Layout.magicSymbol) {
            wanted.append(Layout.magicSymbol)
        }
        var freeThumbs = keyboard.keys.indices.filter { keyboard.keys[$0].finger == 0 && layout.symbols[$0] == nil }[...]
        for token in wanted where !layout.symbols.contains(token) {
            guard let key = freeThumbs.popFirst() else {
                throw ValidationError(field: "layers", "\(token) is outside the 3x10 block and \(keyboard.name) has no empty thumb key left for it")
            }
            layout.symbols[key] = token
        }
        try layout.validateExtras(keyCount: keyboard.keys.count)
        try layout.checkLayerKeys()
        return layout
    }

    /// The `.dof` layers and `magic` field of `layout`'s extras on the alpha block `alpha` (keys in block order):
    /// the shift layer (written even when it is the default: a `.dof` without one reads back without one,
    /// as KeyForge does not add a shift layer a file does not give), each extra layer, and the rules under
    /// the magic key `mag`.
    static func dofExtras(of layout: Layout, alpha: [Int]) -> (layers: [DofLayout.Layer], magic: DofLayout.Field?) {
        var layers: [DofLayout.Layer] = []
        func rows(_ symbols: [String?]) -> [[String]] {
            let tokens = alpha.map { symbols[$0].map { dofKey($0) } ?? "~" }
            return (0..<3).map { Array(tokens[($0 * 10)..<($0 * 10 + 10)]) }
        }
        for layer in layout.layers {
            layers.append(DofLayout.Layer(name: layer.name, rows: rows(layer.symbols)))
        }
        guard !layout.magicRules.isEmpty else { return (layers, nil) }
        let table = JSONObject(layout.magicRules.map { ($0.after, .string($0.output)) })
        return (layers, DofLayout.Field(key: "magic", value: .object(JSONObject([("mag", .object(table))]))))
    }
}
