import KeyForgeCore
import KeyForgeWire

/// Reads keyboard JSON (`data/system/keyboards/<name>.json`) into a validated `Keyboard`.
///
/// Format: `name`, `description`, optional `home_row`, `keys` (objects with `row`, `col`, `x`, `y`,
/// `hand`, `finger`, optional `w`, `h`, `stretch`, `home`, and optional `r`, `rx`, `ry`: the rotation in
/// degrees clockwise about the point (`rx`, `ry`), as in keyboard-layout-editor, with `x`, `y` the
/// upright key's corner), `base_layout` (one token per key, `*` for the alpha block), `layouts`
/// (name -> layout string) and the optional export sections `qmk`, `zmk` and `xkb`
/// (`KeyboardCodec+Exports.swift`). Unknown fields are errors.
public enum KeyboardCodec {
    /// Decodes and validates; errors name `source` and the field.
    public static func decode(_ bytes: [UInt8], source: String, keycodes: KeycodeTable) throws(InputError) -> Keyboard {
        let value: JSONValue
        do { value = try JSONParser.parse(bytes) } catch { throw .malformedJSON(source, error) }
        do throws(ValidationError) {
            var keyboard = try decode(value)
            keyboard.exports = try decodeExports(JSONFields(value), keys: keyboard.keys)
            try keyboard.validate()
            for (index, token) in keyboard.baseLayout.enumerated() where token != Keyboard.alphaMarker {
                do { _ = try keycodes.normalize(token) } catch { throw error.nested(under: "base_layout[\(index)]") }
            }
            for entry in keyboard.referenceLayouts {
                do { _ = try Layout.parse(entry.text, for: keyboard, keycodes: keycodes) } catch {
                    throw error.nested(under: "layouts.\(entry.name)")
                }
            }
            return keyboard
        } catch {
            throw .invalid(source, error)
        }
    }

    private static let keyFields: Set<String> = ["row", "col", "x", "y", "w", "h", "hand", "finger", "stretch", "home", "r", "rx", "ry"]

    private static func decode(_ value: JSONValue) throws(ValidationError) -> Keyboard {
        let fields = try JSONFields(value)
        try fields.rejectUnknown(Set(["name", "description", "home_row", "keys", "base_layout", "layouts"]).union(exportFields))
        var keys: [Key] = []
        let keyValues = try fields.array("keys")
        if keyValues.count > Keyboard.maxKeys {
            throw ValidationError(field: "keys", "\(keyValues.count) keys; at most \(Keyboard.maxKeys) are supported")
        }
        for (index, keyValue) in keyValues.enumerated() {
            let key = try JSONFields(keyValue, path: "keys[\(index)]")
            try key.rejectUnknown(keyFields)
            keys.append(Key(hand: try key.int("hand"), finger: try key.int("finger"), row: try key.int("row"), col: try key.int("col"),
                            x: try key.double("x"), y: try key.double("y"),
                            width: try key.optionalDouble("w") ?? 1, height: try key.optionalDouble("h") ?? 1,
                            isStretch: try key.optionalBool("stretch") ?? false, isHome: try key.optionalBool("home") ?? false,
                            rotation: try key.optionalDouble("r") ?? 0,
                            rotationOriginX: try key.optionalDouble("rx") ?? 0, rotationOriginY: try key.optionalDouble("ry") ?? 0))
        }
        let base = try fields.optionalString("base_layout")
        var layouts: [(name: String, text: String)] = []
        if let layoutValue = fields.object["layouts"] {
            let layoutFields = try JSONFields(layoutValue, path: "layouts")
            for name in layoutFields.object.keys { layouts.append((name, try layoutFields.string(name))) }
        }
        return Keyboard(name: try fields.string("name"), description: try fields.optionalString("description") ?? "",
                        homeRow: try fields.optionalInt("home_row"), keys: keys,
                        baseLayout: base.map { $0.split(whereSeparator: { $0.isWhitespace }).map(String.init) },
                        referenceLayouts: layouts)
    }
}
