import KeyForgeCore
import KeyForgeWire

/// The keyboard JSON's export sections (`keyforge export`):
///
/// - `qmk`: `{"keyboard": "crkbd/rev1", "layout": "LAYOUT_split_3x6_3", "rows": [[0, 1, "KC_ESC", null], ...]}`
/// - `zmk`: `{"shield": "corne", "rows": ...}`
/// - `xkb`: `{"keys": ["AD01", ..., "SPCE", null]}`, one XKB key name (or null) per key.
/// - `hold` (in `qmk` and `zmk`): `{"36": "GUI", "37": "SYM"}`, what a key does when held in a whole keymap:
///   CTRL, SHIFT, ALT, GUI, SYM (layer 1) or NAV (layer 2).
/// - `source` (in `qmk` and `zmk`): where the firmware's name for the board comes from; not read.
///
/// In `rows`, a number is a board key's index, a string a keycode written as is, null an empty slot;
/// without `rows` the slots are the board's keys in key order, one row per logical row.
extension KeyboardCodec {
    /// The optional top-level fields this extension reads.
    static let exportFields: Set<String> = ["qmk", "zmk", "xkb"]

    /// Decodes the export sections of `fields` for a board with `keys`.
    static func decodeExports(_ fields: JSONFields, keys: [Key]) throws(ValidationError) -> KeyboardExports {
        var exports = KeyboardExports()
        if let value = fields.object["qmk"] {
            let section = try JSONFields(value, path: "qmk")
            try section.rejectUnknown(["keyboard", "layout", "rows", "hold", "source"])
            exports.qmk = KeymapSlots(target: try section.string("keyboard"), layoutMacro: try section.string("layout"),
                                      rows: try rows(section, keys: keys), holds: try holds(section))
        }
        if let value = fields.object["zmk"] {
            let section = try JSONFields(value, path: "zmk")
            try section.rejectUnknown(["shield", "rows", "hold", "source"])
            exports.zmk = KeymapSlots(target: try section.string("shield"), rows: try rows(section, keys: keys), holds: try holds(section))
        }
        if let value = fields.object["xkb"] {
            let section = try JSONFields(value, path: "xkb")
            try section.rejectUnknown(["keys"])
            var names: [String?] = []
            for (index, entry) in try section.array("keys").enumerated() {
                switch entry {
                case .null: names.append(nil)
                case .string(let name): names.append(name)
                default: throw ValidationError(field: "xkb.keys[\(index)]", "must be an XKB key name or null (got \(entry.typeName))")
                }
            }
            exports.xkbKeys = names
        }
        return exports
    }

    private static func holds(_ section: JSONFields) throws(ValidationError) -> [Int: KeymapSlots.Hold] {
        guard let value = section.object["hold"] else { return [:] }
        guard let object = value.objectValue else {
            throw ValidationError(field: section.field("hold"), "must be an object of key index -> CTRL, SHIFT, ALT, GUI, SYM or NAV (got \(value.typeName))")
        }
        var holds: [Int: KeymapSlots.Hold] = [:]
        for (name, entry) in object.members {
            let field = section.field("hold.\(name)")
            guard let index = Int(name), index >= 0, String(index) == name else { throw ValidationError(field: field, "must be named by a key index") }
            guard let text = entry.stringValue, let hold = KeymapSlots.Hold(rawValue: text) else {
                throw ValidationError(field: field, "must be one of \(KeymapSlots.Hold.allCases.map(\.rawValue).joined(separator: ", ")) (got \(JSONWriter.write(entry)))")
            }
            holds[index] = hold
        }
        return holds
    }

    private static func rows(_ section: JSONFields, keys: [Key]) throws(ValidationError) -> [[KeymapSlots.Slot]] {
        guard section.object["rows"] != nil else { return KeymapSlots.keyOrder(of: keys) }
        var rows: [[KeymapSlots.Slot]] = []
        for (rowIndex, rowValue) in try section.array("rows").enumerated() {
            guard let entries = rowValue.arrayValue else {
                throw ValidationError(field: section.field("rows[\(rowIndex)]"), "must be an array (got \(rowValue.typeName))")
            }
            if rows.count + 1 > KeymapSlots.maxSlots || entries.count > KeymapSlots.maxSlots {
                throw ValidationError(field: section.field("rows"), "more than \(KeymapSlots.maxSlots) slots")
            }
            var row: [KeymapSlots.Slot] = []
            for (column, entry) in entries.enumerated() {
                switch entry {
                case .null: row.append(.empty)
                case .string(let keycode): row.append(.fixed(keycode))
                case .int(let index) where abs(index) < 1 << 31: row.append(.key(Int(index)))
                default:
                    throw ValidationError(field: section.field("rows[\(rowIndex)][\(column)]"),
                                          "must be a key index, a keycode string or null (got \(JSONWriter.write(entry)))")
                }
            }
            rows.append(row)
        }
        return rows
    }
}
