import KeyForgeCore
import KeyForgeWire

/// A layout's layers and magic rules in JSON, beside its `layout` token string (docs/LAYOUTS.md):
///
/// ```json
/// "layers": [{"name": "shift", "layout": "Q W F ... NONE"}, {"name": "sym", "layout": "NONE ! @ ..."}],
/// "magic": [{"after": "e", "output": "u"}]
/// ```
///
/// Each layer's `layout` is a token string of every key, as the `layout` field is (`NONE` for a key that
/// types nothing on that layer); its one-character symbols keep their case. The fields are written only
/// when the layout has layers or rules, so a layout without them is written exactly as before.
public enum LayoutExtrasJSON {
    /// Appends `layers` and `magic` to `object` when the layout has any.
    public static func append(_ layout: Layout, to object: inout JSONObject) {
        if !layout.layers.isEmpty {
            object.append("layers", .array(layout.layers.map { layer in
                .object(JSONObject([("name", .string(layer.name)), ("layout", .string(tokens(layer.symbols)))]))
            }))
        }
        if !layout.magicRules.isEmpty {
            object.append("magic", .array(layout.magicRules.map { rule in
                .object(JSONObject([("after", .string(rule.after)), ("output", .string(rule.output))]))
            }))
        }
    }

    /// The tokens of a layer in key order (`NONE` for an empty key), joined by spaces.
    public static func tokens(_ symbols: [String?]) -> String {
        symbols.map { $0 ?? "NONE" }.joined(separator: " ")
    }

    /// `base` with the `layers` and `magic` of `object` (absent fields add nothing), checked against
    /// `keyboard`; errors name the field.
    public static func decode(_ object: JSONObject, base: Layout, keyboard: Keyboard, keycodes: KeycodeTable) throws(ValidationError) -> Layout {
        var layout = base
        if let value = object["layers"] {
            guard let items = value.arrayValue else { throw ValidationError(field: "layers", "must be a list of {\"name\", \"layout\"}") }
            for (index, item) in items.enumerated() {
                let field = "layers[\(index)]"
                guard let entry = item.objectValue, let name = entry["name"]?.stringValue, let text = entry["layout"]?.stringValue,
                      entry.keys.allSatisfy({ $0 == "name" || $0 == "layout" }) else {
                    throw ValidationError(field: field, "must be {\"name\": ..., \"layout\": \"tokens of every key\"}")
                }
                let chunks = text.split(whereSeparator: { $0.isWhitespace }).map(String.init)
                guard chunks.count == keyboard.keys.count else {
                    throw ValidationError(field: "\(field).layout", "has \(chunks.count) tokens; \(keyboard.name) has \(keyboard.keys.count) keys")
                }
                var symbols: [String?] = []
                for (key, chunk) in chunks.enumerated() {
                    do throws(ValidationError) { symbols.append(try Layout.layerSymbol(chunk, keycodes: keycodes)) } catch {
                        throw error.nested(under: "\(field).layout[\(key)]")
                    }
                }
                layout.layers.append(LayoutLayer(name: name, symbols: symbols))
            }
        }
        if let value = object["magic"] {
            guard let items = value.arrayValue else { throw ValidationError(field: "magic", "must be a list of {\"after\", \"output\"}") }
            for (index, item) in items.enumerated() {
                guard let entry = item.objectValue, let after = entry["after"]?.stringValue, let output = entry["output"]?.stringValue,
                      entry.keys.allSatisfy({ $0 == "after" || $0 == "output" }) else {
                    throw ValidationError(field: "magic[\(index)]", "must be {\"after\": symbol, \"output\": symbol}")
                }
                var pair: [String] = []
                for text in [after, output] {
                    do throws(ValidationError) {
                        guard let symbol = try Layout.layerSymbol(text, keycodes: keycodes) else {
                            throw ValidationError(field: "", "\"\(text)\" is an empty key; a rule names two symbols")
                        }
                        pair.append(symbol)
                    } catch { throw error.nested(under: "magic[\(index)]") }
                }
                layout.magicRules.append(MagicRule(after: pair[0], output: pair[1]))
            }
        }
        try layout.validateExtras(keyCount: keyboard.keys.count)
        try layout.checkLayerKeys()
        return layout
    }
}
