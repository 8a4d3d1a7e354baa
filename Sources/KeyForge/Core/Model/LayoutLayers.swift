/// Layers, repeat and magic keys of a layout (docs/PHYSICS.md section 1.2, "Beyond the base layer").
///
/// A layout's `symbols` are its base layer. Besides it a layout may have:
/// - a **shift layer** (`LayoutLayer` named `shift`): what each key types with SHIFT held, reached by
///   every base key carrying `SHIFT`;
/// - any number of **extra layers**, each reached by the base keys carrying its layer key,
///   `MO(name)` (held) or `OSL(name)` (one-shot);
/// - **REPEAT** keys, which type the previous symbol again, and **MAGIC** keys, which type
///   `rule(previous symbol)` for the layout's `magicRules`.
/// A symbol typed on a layer is the keystroke pair (layer key, key); the optimal typist takes the
/// cheapest way for every n-gram (docs/PHYSICS.md section 2.2).
public struct LayoutLayer: Equatable, Sendable {
    /// `shift`, or the name its layer keys carry (`MO(name)`, `OSL(name)`).
    public var name: String
    /// One entry per key of the board, in key order; nil when the key types nothing on this layer.
    public var symbols: [String?]

    /// Creates a layer.
    public init(name: String, symbols: [String?]) {
        self.name = name
        self.symbols = symbols
    }

    /// The name of the shift layer.
    public static let shiftName = "shift"
    /// The most extra layers a layout may have (the shift layer not counted).
    public static let maxExtraLayers = 8
    /// The longest layer name.
    public static let maxNameLength = 16

    /// True when `name` can name an extra layer: 1 to 16 of a-z, 0-9, `_` and `-`, and not `shift`.
    public static func isValidName(_ name: String) -> Bool {
        name != shiftName && !name.isEmpty && name.utf8.count <= maxNameLength
            && name.utf8.allSatisfy { ($0 >= 97 && $0 <= 122) || ($0 >= 48 && $0 <= 57) || $0 == 95 || $0 == 45 }
    }

    /// The symbol of a held layer key (`MO(name)`).
    public static func heldKey(_ name: String) -> String { "MO(\(name))" }
    /// The symbol of a one-shot layer key (`OSL(name)`).
    public static func oneShotKey(_ name: String) -> String { "OSL(\(name))" }

    /// The layer a layer-key symbol reaches (`MO(sym)` and `OSL(sym)` give `sym`), or nil for any other symbol.
    public static func layerName(ofKey symbol: String) -> String? {
        for prefix in ["MO(", "OSL("] where symbol.hasPrefix(prefix) && symbol.hasSuffix(")") {
            let name = String(symbol.dropFirst(prefix.count).dropLast())
            return isValidName(name) ? name : nil
        }
        return nil
    }
}

/// One rule of a layout's magic table: after `after`, a MAGIC key types `output`.
public struct MagicRule: Equatable, Hashable, Sendable {
    /// The previous symbol.
    public var after: String
    /// What MAGIC types after it.
    public var output: String

    /// Creates a rule.
    public init(after: String, output: String) {
        self.after = after
        self.output = output
    }
}

extension Layout {
    /// The symbol of a key that types the previous symbol again.
    public static let repeatSymbol = "REPEAT"
    /// The symbol of a key that types what the magic table gives for the previous symbol.
    public static let magicSymbol = "MAGIC"
    /// The symbol of a shift key.
    public static let shiftSymbol = "SHIFT"
    /// The most magic rules a layout may have.
    public static let maxMagicRules = 256

    /// The shift layer, when the layout has one.
    public var shiftLayer: LayoutLayer? { layers.first { $0.name == LayoutLayer.shiftName } }

    /// The layer named `name`, when the layout has one.
    public func layer(named name: String) -> LayoutLayer? { layers.first { $0.name == name } }

    /// True when the layout has anything beyond one symbol per base key: a layer, a magic rule, or a
    /// REPEAT or MAGIC key. A layout without extras is scored exactly as before layers existed.
    public var hasExtras: Bool {
        !layers.isEmpty || !magicRules.isEmpty
            || symbols.contains { $0 == Layout.repeatSymbol || $0 == Layout.magicSymbol }
    }

    /// The base keys that reach `layer`: those carrying SHIFT for the shift layer, `MO(name)` or `OSL(name)`
    /// for an extra layer; in key order.
    public func keys(reaching layer: LayoutLayer) -> [Int] {
        symbols.indices.filter { key in
            guard let symbol = symbols[key] else { return false }
            return layer.name == LayoutLayer.shiftName ? symbol == Layout.shiftSymbol : LayoutLayer.layerName(ofKey: symbol) == layer.name
        }
    }

    /// True for a symbol that is a key's action rather than something typed: REPEAT, MAGIC, SHIFT or a
    /// layer key. A magic rule never names one.
    public static func isKeyAction(_ symbol: String) -> Bool {
        symbol == repeatSymbol || symbol == magicSymbol || symbol == shiftSymbol || LayoutLayer.layerName(ofKey: symbol) != nil
    }

    /// The output of the magic table after `symbol`, when a rule has it.
    public func magicOutput(after symbol: String) -> String? {
        magicRules.first { $0.after == symbol }?.output
    }

    /// Checks the layers and rules against a board of `keyCount` keys: each layer has one entry per key,
    /// layer names are valid and distinct, at most `LayoutLayer.maxExtraLayers` extra layers, each
    /// rule's `after` appears once and no rule types a named key other than a character.
    public func validateExtras(keyCount: Int) throws(ValidationError) {
        var names = Set<String>()
        for (index, layer) in layers.enumerated() {
            let field = "layers[\(index)]"
            guard layer.name == LayoutLayer.shiftName || LayoutLayer.isValidName(layer.name) else {
                throw ValidationError(field: field, "name \"\(layer.name)\" must be `shift` or 1-\(LayoutLayer.maxNameLength) of a-z, 0-9, _ and -")
            }
            guard names.insert(layer.name).inserted else { throw ValidationError(field: field, "layer \"\(layer.name)\" appears twice") }
            guard layer.symbols.count == keyCount else {
                throw ValidationError(field: field, "has \(layer.symbols.count) entries; the board has \(keyCount) keys")
            }
        }
        if names.subtracting([LayoutLayer.shiftName]).count > LayoutLayer.maxExtraLayers {
            throw ValidationError(field: "layers", "has more than \(LayoutLayer.maxExtraLayers) layers besides shift")
        }
        guard magicRules.count <= Layout.maxMagicRules else {
            throw ValidationError(field: "magic", "has \(magicRules.count) rules; at most \(Layout.maxMagicRules)")
        }
        var afters = Set<String>()
        for (index, rule) in magicRules.enumerated() {
            guard afters.insert(rule.after).inserted else {
                throw ValidationError(field: "magic[\(index)]", "a second rule after \"\(rule.after)\"")
            }
        }
    }

    /// The US shift pairs (a key's base symbol -> what it types shifted), besides letters, which shift to
    /// their capitals. The usual pairs of an ANSI keyboard.
    public static let usShiftPairs: [String: String] = [
        "`": "~", "1": "!", "2": "@", "3": "#", "4": "$", "5": "%", "6": "^", "7": "&", "8": "*", "9": "(", "0": ")",
        "-": "_", "=": "+", "[": "{", "]": "}", "\\": "|", ";": ":", "'": "\"", ",": "<", ".": ">", "/": "?",
    ]

    /// The default shift layer of `base`: a letter shifts to its capital, the US pairs to their partners
    /// (`;` -> `:`, `/` -> `?`, ...); any other key types nothing shifted.
    public static func defaultShiftSymbols(for base: [String?]) -> [String?] {
        base.map { symbol in
            guard let symbol else { return nil }
            if let pair = usShiftPairs[symbol] { return pair }
            guard symbol.unicodeScalars.count == 1, let scalar = symbol.unicodeScalars.first, scalar.properties.isLowercase else { return nil }
            let upper = symbol.uppercased()
            return upper != symbol && upper.unicodeScalars.count == 1 ? upper : nil
        }
    }

    /// The layout with the default shift layer (`defaultShiftSymbols`) added, replacing any shift layer.
    public func withDefaultShiftLayer() -> Layout {
        var copy = self
        copy.layers.removeAll { $0.name == LayoutLayer.shiftName }
        copy.layers.insert(LayoutLayer(name: LayoutLayer.shiftName, symbols: Layout.defaultShiftSymbols(for: symbols)), at: 0)
        return copy
    }
}
