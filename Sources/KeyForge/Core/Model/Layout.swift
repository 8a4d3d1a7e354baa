/// The symbol on each key of a board, or nil for an empty key (docs/PHYSICS.md section 1.2).
///
/// A symbol may sit on several keys (duplicate keys, docs/adr/0009-optimal-typist.md). `symbols` is the
/// base layer; `layers` and `magicRules` are what a layout has beyond it (`LayoutLayers.swift`).
public struct Layout: Equatable, Sendable {
    /// One entry per key of the board, in key order: the base layer.
    public var symbols: [String?]
    /// The shift layer and extra layers, in the order the layout gives them.
    public var layers: [LayoutLayer]
    /// The magic table: after `after`, a MAGIC key types `output`.
    public var magicRules: [MagicRule]

    /// Creates a layout from per-key symbols (already normalized), with optional layers and magic rules.
    public init(symbols: [String?], layers: [LayoutLayer] = [], magicRules: [MagicRule] = []) {
        self.symbols = symbols
        self.layers = layers
        self.magicRules = magicRules
    }

    /// Parses a layout string for `keyboard`.
    ///
    /// Text with whitespace is a list of tokens; text without whitespace is one symbol per character.
    /// Either form may cover every key, or only the alpha block (the `*` keys of the base layout), in
    /// which case the base layout supplies the other keys.
    public static func parse(_ text: String, for keyboard: Keyboard, keycodes: KeycodeTable) throws(ValidationError) -> Layout {
        let hasWhitespace = text.unicodeScalars.contains { $0.properties.isWhitespace }
        let tokens: [String] = hasWhitespace
            ? text.split(whereSeparator: { $0.isWhitespace }).map(String.init)
            : text.map { String($0) }
        let alphaKeys = keyboard.alphaKeys
        var result: [String?] = []
        result.reserveCapacity(keyboard.keys.count)
        if tokens.count == keyboard.keys.count {
            for (index, token) in tokens.enumerated() {
                result.append(try normalizeToken(token, field: "layout[\(index)]", keycodes: keycodes))
            }
        } else if !alphaKeys.isEmpty && tokens.count == alphaKeys.count {
            var alphaIndex = 0
            for (index, base) in keyboard.baseLayout.enumerated() {
                if base == Keyboard.alphaMarker {
                    result.append(try normalizeToken(tokens[alphaIndex], field: "layout[\(alphaIndex)]", keycodes: keycodes))
                    alphaIndex += 1
                } else {
                    result.append(try normalizeToken(base, field: "base_layout[\(index)]", keycodes: keycodes))
                }
            }
        } else {
            let alphaNote = alphaKeys.isEmpty ? "" : " or \(alphaKeys.count) (the alpha block)"
            throw ValidationError(field: "layout", "has \(tokens.count) symbols; \(keyboard.name) takes \(keyboard.keys.count) (every key)\(alphaNote)")
        }
        return Layout(symbols: result)
    }

    private static func normalizeToken(_ token: String, field: String, keycodes: KeycodeTable) throws(ValidationError) -> String? {
        do throws(ValidationError) {
            guard let normalized = try keycodes.normalize(token) else { return nil }
            return normalized
        } catch {
            throw error.nested(under: field)
        }
    }

    /// The layout with the keycaps of keys `a` and `b` exchanged: their base symbols and their shift-layer
    /// symbols move together (a shifted pair such as `;` `:` is one keycap); other layers stay.
    public func swapping(_ a: Int, _ b: Int) -> Layout {
        var copy = self
        copy.symbols.swapAt(a, b)
        if let shift = copy.layers.firstIndex(where: { $0.name == LayoutLayer.shiftName }) {
            copy.layers[shift].symbols.swapAt(a, b)
        }
        return copy
    }

    /// The tokens of the layout in key order (`NONE` for an empty key), joined by spaces.
    public var tokenString: String { symbols.map { $0 ?? "NONE" }.joined(separator: " ") }
}
