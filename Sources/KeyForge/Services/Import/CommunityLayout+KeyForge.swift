import KeyForgeCore

/// A community layout on a KeyForge board, and a KeyForge layout as a `.dof`.
extension CommunityLayout {
    /// The layout on `keyboard`: the 3x10 block onto the board's alpha block (which must have 30 keys,
    /// in rows of ten as KeyForge's boards list them); `NONE` keys stay empty.
    public func layout(for keyboard: Keyboard, keycodes: KeycodeTable, source: String) throws(InputError) -> Layout {
        guard keyboard.alphaKeys.count == 30 else {
            throw InputError(.invalid, source: source, "is a 3x10 layout; \(keyboard.name)'s alpha block has \(keyboard.alphaKeys.count) keys")
        }
        do {
            let base = try Layout.parse(alphaTokens.joined(separator: " "), for: keyboard, keycodes: keycodes)
            guard format == .dof, !layers.isEmpty || dof?.extra.contains(where: { $0.key == "magic" }) == true
                || rows.joined().contains(where: { LayoutLayer.layerName(ofKey: $0) != nil || $0 == Layout.magicSymbol || $0 == Layout.repeatSymbol })
            else { return base }
            return try addingLayers(to: base, keyboard: keyboard, keycodes: keycodes)
        } catch {
            throw InputError.invalid(source, error)
        }
    }

    /// The board name a `.dof` gives the KeyForge board `name` (`ortho` for grids, `colstag` for split
    /// column-staggered boards, else `ansi`).
    static func dofBoard(for keyboard: Keyboard) -> String {
        switch keyboard.name {
        case "ortho_30": return "ortho"
        case "corne", "sweep", "cyanophage-ergo": return "colstag"
        default: return "ansi"
        }
    }

    /// A `.dof` of `input`'s layout: its alpha block as the main layer's three rows of ten, the board
    /// named by `dofBoard`, and the board's own fingers for those keys written out (`fingering` rows),
    /// so reading the file back gives the same keys on the same fingers.
    public static func dof(of input: LayoutExport.Input) throws(InputError) -> DofLayout {
        let alpha = input.keyboard.alphaKeys
        guard alpha.count == 30 else {
            throw InputError(.invalid, source: "--keyboard", "\(input.keyboard.name) has \(alpha.count) alpha keys; a .dof is written from a 3x10 alpha block")
        }
        let tokens = alpha.map { input.layout.symbols[$0].map { dofKey($0) } ?? "~" }
        let fingers = alpha.map { Key.fingerSlotNames[input.keyboard.keys[$0].fingerSlot] }
        let rows = (0..<3).map { Array(tokens[($0 * 10)..<($0 * 10 + 10)]) }
        let fingerRows = (0..<3).map { Array(fingers[($0 * 10)..<($0 * 10 + 10)]) }
        let extras = dofExtras(of: input.layout, alpha: alpha)
        return DofLayout(name: input.layoutName, authors: [], board: .string(dofBoard(for: input.keyboard)), year: nil, description: nil,
                         link: nil, languages: nil, anchor: nil, layers: [DofLayout.Layer(name: "main", rows: rows)] + extras.layers,
                         fingering: .explicit(fingerRows), extra: extras.magic.map { [$0] } ?? [])
    }
}
