import KeyForgeCore
import KeyForgeWire

/// Reads a board from QMK's `info.json` / `keyboard.json`: one entry of its `layouts` object.
///
/// Each key of `layouts.LAYOUT_name.layout` has absolute `x`, `y` (key units, upright top-left corner),
/// optional `w`, `h` (default 1), `r` (degrees clockwise) about `rx`, `ry` (default 0), an optional
/// `label` and an optional `matrix` `[row, column]`. The keys become a `KLECodec.Board` in the macro's
/// argument order, so the KLE import's rule fingers them and the board's `qmk` section lists the keys
/// in that same order: `keyforge export --format qmk` writes the macro's arguments as QMK expects.
public enum QMKImport {
    /// The board read, the layout macro chosen and the macro names the file offers.
    public struct Source: Sendable {
        /// The keys, in the macro's argument order.
        public var board: KLECodec.Board
        /// The layout macro read (`LAYOUT_split_3x6_3`).
        public var layoutMacro: String
        /// Every layout macro of the file, in file order.
        public var available: [String]
    }

    /// Decodes `bytes`; `layout` picks the macro (default: the first one, or `LAYOUT` when present).
    public static func decode(_ bytes: [UInt8], source: String, layout: String?) throws(InputError) -> Source {
        let value: JSONValue
        do { value = try JSONParser.parse(bytes) } catch { throw .malformedJSON(source, error) }
        do throws(ValidationError) { return try decode(value, layout: layout) } catch { throw .invalid(source, error) }
    }

    private static func decode(_ value: JSONValue, layout: String?) throws(ValidationError) -> Source {
        guard let root = value.objectValue else { throw ValidationError(field: "", "a QMK info.json is an object (got \(value.typeName))") }
        guard let layouts = root["layouts"]?.objectValue, !layouts.keys.isEmpty else {
            throw ValidationError(field: "layouts", "has no layouts (a QMK info.json or keyboard.json names its LAYOUT macros there)")
        }
        let names = layouts.keys
        let chosen: String
        if let layout {
            guard names.contains(layout) else {
                throw ValidationError(field: "layouts", "has no '\(layout)' (it has \(names.joined(separator: ", ")))")
            }
            chosen = layout
        } else {
            chosen = names.contains("LAYOUT") ? "LAYOUT" : names[0]
        }
        guard let entries = layouts[chosen]?.objectValue?["layout"]?.arrayValue else {
            throw ValidationError(field: "layouts.\(chosen).layout", "must be an array of keys")
        }
        guard !entries.isEmpty else { throw ValidationError(field: "layouts.\(chosen).layout", "has no keys") }
        guard entries.count <= Keyboard.maxKeys else {
            throw ValidationError(field: "layouts.\(chosen).layout", "has \(entries.count) keys (at most \(Keyboard.maxKeys))")
        }
        var keys: [KLECodec.KLEKey] = []
        for (index, entry) in entries.enumerated() {
            let field = "layouts.\(chosen).layout[\(index)]"
            guard let key = entry.objectValue else { throw ValidationError(field: field, "must be an object (got \(entry.typeName))") }
            func number(_ name: String, _ fallback: Double?) throws(ValidationError) -> Double {
                guard let value = key[name] else {
                    if let fallback { return fallback }
                    throw ValidationError(field: "\(field).\(name)", "is missing")
                }
                guard let number = value.doubleValue, number.isFinite, abs(number) <= Keyboard.maxCoordinate else {
                    throw ValidationError(field: "\(field).\(name)", "must be a number of key units (got \(JSONWriter.write(value)))")
                }
                return number
            }
            let x = try number("x", nil), y = try number("y", nil)
            let width = try number("w", 1), height = try number("h", 1)
            guard width > 0, height > 0 else { throw ValidationError(field: field, "w and h must be positive") }
            if let matrix = key["matrix"] {
                guard let pair = matrix.arrayValue, pair.count == 2, pair.allSatisfy({ ($0.int64Value ?? -1) >= 0 }) else {
                    throw ValidationError(field: "\(field).matrix", "must be [row, column] (got \(JSONWriter.write(matrix)))")
                }
            }
            let label = key["label"]?.stringValue ?? ""
            keys.append(KLECodec.KLEKey(x: x, y: y, width: width, height: height, rotation: try number("r", 0),
                                        rotationOriginX: try number("rx", 0), rotationOriginY: try number("ry", 0),
                                        row: Int(y.rounded(.down)), labels: [label]))
        }
        let name = root["keyboard_name"]?.stringValue
        return Source(board: KLECodec.Board(name: name, keys: keys), layoutMacro: chosen, available: names)
    }

    /// QMK's keyboard folder from a path such as `.../keyboards/crkbd/rev1/keyboard.json` (`crkbd/rev1`), if it has one.
    public static func keyboardFolder(fromPath path: String) -> String? {
        let parts = path.split(separator: "/").map(String.init)
        guard let start = parts.lastIndex(of: "keyboards"), parts.count - start >= 3 else { return nil }
        return parts[(start + 1)..<(parts.count - 1)].joined(separator: "/")
    }

    /// The imported keyboard with its `qmk` section: the keys in the macro's order, one line per QMK row.
    /// `order[i]` is the macro argument that became key i.
    public static func attachingExport(_ keyboard: Keyboard, board: KLECodec.Board, order: [Int], target: String, layoutMacro: String) -> Keyboard {
        var keyOf = Array(repeating: 0, count: order.count)
        for (key, argument) in order.enumerated() { keyOf[argument] = key }
        var rows: [[KeymapSlots.Slot]] = []
        var lastRow: Int?
        for (index, key) in board.keys.enumerated() {
            if key.row != lastRow { rows.append([]) }
            rows[rows.count - 1].append(.key(keyOf[index]))
            lastRow = key.row
        }
        var copy = keyboard
        copy.exports.qmk = KeymapSlots(target: target, layoutMacro: layoutMacro, rows: rows)
        return copy
    }
}
