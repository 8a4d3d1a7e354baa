import KeyForgeCore
import KeyForgeWire

/// A layout's layers and magic rules as the playground's API sends them (docs/API.md, "Layers and magic"):
///
/// - `layers`: a JSON object, layer name -> a token string of one token per key of the board (`NONE` for a
///   key that types nothing on that layer; without whitespace, one character per key), or, for `shift`
///   only, the string `"default"` (`Layout.defaultShiftSymbols` of the base layer);
/// - `magic`: a JSON object, after -> output (after `after`, a MAGIC key types `output`).
///
/// Layer symbols and rule symbols keep their case (a shift layer types capitals); named keys are read
/// through the keycode table as base tokens are. The result is checked with `Layout.validateExtras`, so
/// every mistake is one `InputError` naming the field. `encode` gives the same shape back.
package enum LayoutExtrasJSON {
    /// `layout` with the layers and rules of `layers` and `magic` (either may be nil or JSON null: none).
    package static func apply(layers: JSONValue?, magic: JSONValue?, to layout: Layout, keyboard: Keyboard,
                              keycodes: KeycodeTable) throws(InputError) -> Layout {
        var result = layout
        result.layers = try decodeLayers(layers, base: layout.symbols, keyCount: keyboard.keys.count, keycodes: keycodes)
        result.magicRules = try decodeMagic(magic, keycodes: keycodes)
        do { try result.validateExtras(keyCount: keyboard.keys.count) } catch { throw InputError.invalid("layout", error) }
        return result
    }

    /// The layers of `value` in the order given.
    static func decodeLayers(_ value: JSONValue?, base: [String?], keyCount: Int, keycodes: KeycodeTable) throws(InputError) -> [LayoutLayer] {
        let object: JSONObject
        switch value {
        case nil, .null?: return []
        case .object(let given)?: object = given
        case let other?: throw InputError(.invalid, source: "layers", "must be an object of layer name -> token string (got \(other.typeName))")
        }
        var layers: [LayoutLayer] = []
        for (name, entry) in object.members {
            let field = "layers.\(name)"
            guard name == LayoutLayer.shiftName || LayoutLayer.isValidName(name) else {
                throw InputError(.invalid, source: field, "a layer is `shift` or named by 1-\(LayoutLayer.maxNameLength) of a-z, 0-9, _ and -")
            }
            guard case .string(let text) = entry else { throw InputError(.invalid, source: field, "must be a token string (got \(entry.typeName))") }
            if text == "default" {
                guard name == LayoutLayer.shiftName else { throw InputError(.invalid, source: field, "only the shift layer can be \"default\"") }
                layers.append(LayoutLayer(name: name, symbols: Layout.defaultShiftSymbols(for: base)))
                continue
            }
            layers.append(LayoutLayer(name: name, symbols: try symbols(text, keyCount: keyCount, field: field, keycodes: keycodes)))
        }
        return layers
    }

    /// One symbol or nil per key from a layer's token string.
    static func symbols(_ text: String, keyCount: Int, field: String, keycodes: KeycodeTable) throws(InputError) -> [String?] {
        let tokens: [String] = text.unicodeScalars.contains { $0.properties.isWhitespace }
            ? text.split(whereSeparator: { $0.isWhitespace }).map(String.init)
            : text.map { String($0) }
        guard tokens.count == keyCount else {
            throw InputError(.invalid, source: field, "has \(tokens.count) tokens; the board has \(keyCount) keys (one token per key, NONE for none)")
        }
        var symbols: [String?] = []
        symbols.reserveCapacity(keyCount)
        for (index, token) in tokens.enumerated() {
            symbols.append(try symbol(token, field: "\(field)[\(index)]", keycodes: keycodes))
        }
        return symbols
    }

    /// A token read as a layer's symbol: empty tokens are nil, one character is itself (case kept), a
    /// name goes through the keycode table.
    static func symbol(_ token: String, field: String, keycodes: KeycodeTable) throws(InputError) -> String? {
        do { return try Layout.layerSymbol(token, keycodes: keycodes) } catch { throw InputError.invalid(field, error) }
    }

    /// The rules of `value`, in the order given.
    static func decodeMagic(_ value: JSONValue?, keycodes: KeycodeTable) throws(InputError) -> [MagicRule] {
        let object: JSONObject
        switch value {
        case nil, .null?: return []
        case .object(let given)?: object = given
        case let other?: throw InputError(.invalid, source: "magic", "must be an object of after -> output (got \(other.typeName))")
        }
        var rules: [MagicRule] = []
        for (after, entry) in object.members {
            let field = "magic.\(after)"
            guard case .string(let output) = entry else { throw InputError(.invalid, source: field, "must be the symbol MAGIC types (got \(entry.typeName))") }
            rules.append(MagicRule(after: try ruleSymbol(after, field: field, keycodes: keycodes),
                                   output: try ruleSymbol(output, field: field, keycodes: keycodes)))
        }
        return rules
    }

    /// A rule's symbol: a character (case kept) or a named key that types something; not empty, REPEAT,
    /// MAGIC, SHIFT or a layer key.
    static func ruleSymbol(_ token: String, field: String, keycodes: KeycodeTable) throws(InputError) -> String {
        guard let symbol = try symbol(token, field: field, keycodes: keycodes), !token.isEmpty else {
            throw InputError(.invalid, source: field, "a rule needs a symbol on both sides (got \"\(token)\")")
        }
        if Layout.isKeyAction(symbol) {
            throw InputError(.invalid, source: field, "\(symbol) is a key, not a symbol a rule can follow or type")
        }
        return symbol
    }

    /// The layout's layers as `layers` takes them (each layer's full token string), nil when it has none.
    package static func encodeLayers(_ layout: Layout) -> JSONValue? {
        guard !layout.layers.isEmpty else { return nil }
        return .object(JSONObject(layout.layers.map { layer in
            (key: layer.name, value: .string(layer.symbols.map { $0 ?? "NONE" }.joined(separator: " ")))
        }))
    }

    /// The layout's magic table as `magic` takes it, nil when it has no rule.
    package static func encodeMagic(_ layout: Layout) -> JSONValue? {
        guard !layout.magicRules.isEmpty else { return nil }
        return .object(JSONObject(layout.magicRules.map { (key: $0.after, value: .string($0.output)) }))
    }
}
