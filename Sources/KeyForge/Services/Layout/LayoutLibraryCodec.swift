import KeyForgeCore
import KeyForgeWire

/// Reads the layout library JSON (docs/LAYOUTS.md): `{"about": ..., "layouts": [entry, ...]}`, each entry with
/// `name`, `read_from` (one or more strings), `rows` (three strings of ten space-separated tokens), and the
/// optional `author`, `year`, `link`, `designed_for`, `extra` (slot -> token), `needs` (slots of `extra`)
/// `same_as` and `omits` (letters a-z it does not place). Unknown fields, duplicate names and blocks that are not 3x10 are errors.
public enum LayoutLibraryCodec {
    static let entryFields: Set<String> = ["name", "author", "year", "link", "read_from", "designed_for", "rows", "extra", "needs", "same_as", "omits"]

    /// Decodes and validates the whole library; errors name the entry and field.
    public static func decode(_ bytes: [UInt8], source: String) throws(InputError) -> LayoutLibrary {
        let value: JSONValue
        do { value = try JSONParser.parse(bytes) } catch { throw .malformedJSON(source, error) }
        do throws(ValidationError) {
            let top = try JSONFields(value)
            try top.rejectUnknown(["about", "layouts"])
            var layouts: [LibraryLayout] = []
            var names: Set<String> = []
            for (index, entryValue) in try top.array("layouts").enumerated() {
                let entry = try decodeEntry(entryValue, path: "layouts[\(index)]")
                guard names.insert(entry.name).inserted else {
                    throw ValidationError(field: "layouts[\(index)].name", "'\(entry.name)' is defined twice")
                }
                layouts.append(entry)
            }
            return LayoutLibrary(layouts: layouts)
        } catch {
            throw .invalid(source, error)
        }
    }

    private static func decodeEntry(_ value: JSONValue, path: String) throws(ValidationError) -> LibraryLayout {
        let fields = try JSONFields(value, path: path)
        try fields.rejectUnknown(entryFields)
        let name = try fields.string("name")
        guard !name.isEmpty, name.unicodeScalars.allSatisfy({ ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "-" }) else {
            throw ValidationError(field: fields.field("name"), "must be lower-case letters, digits and - (got \"\(name)\")")
        }
        var readFrom: [String] = []
        for (index, item) in try fields.array("read_from").enumerated() {
            guard let text = item.stringValue, !text.isEmpty else { throw ValidationError(field: fields.field("read_from[\(index)]"), "must be a non-empty string") }
            readFrom.append(text)
        }
        if readFrom.isEmpty { throw ValidationError(field: fields.field("read_from"), "must name at least one source") }
        let rowValues = try fields.array("rows")
        guard rowValues.count == 3 else { throw ValidationError(field: fields.field("rows"), "must hold 3 rows (got \(rowValues.count))") }
        var rows: [[String]] = []
        for (index, rowValue) in rowValues.enumerated() {
            guard let text = rowValue.stringValue else { throw ValidationError(field: fields.field("rows[\(index)]"), "must be a string") }
            let tokens = text.split(separator: " ").map(String.init)
            guard tokens.count == 10 else {
                throw ValidationError(field: fields.field("rows[\(index)]"), "must hold 10 space-separated tokens (got \(tokens.count))")
            }
            rows.append(tokens)
        }
        var extra: [(slot: String, token: String)] = []
        if let extraValue = fields.object["extra"] {
            let extraFields = try JSONFields(extraValue, path: fields.field("extra"))
            for slot in extraFields.object.keys {
                guard LibraryLayout.isKnownSlot(slot) else {
                    throw ValidationError(field: extraFields.field(slot), "unknown slot (top+1 ... bottom-3, thumb-left, thumb-right)")
                }
                extra.append((slot, try extraFields.string(slot)))
            }
        }
        var needs: [String] = []
        if fields.object["needs"] != nil {
            for (index, item) in try fields.array("needs").enumerated() {
                guard let slot = item.stringValue, extra.contains(where: { $0.slot == slot }), !needs.contains(slot) else {
                    throw ValidationError(field: fields.field("needs[\(index)]"), "must name a slot of extra, once")
                }
                needs.append(slot)
            }
        }
        let omits = try fields.optionalString("omits") ?? ""
        guard omits.unicodeScalars.allSatisfy({ ("a"..."z").contains($0) }) else {
            throw ValidationError(field: fields.field("omits"), "must be letters a-z (got \"\(omits)\")")
        }
        var entry = LibraryLayout(name: name, author: try fields.optionalString("author"), year: try fields.optionalInt("year"),
                             link: try fields.optionalString("link"), readFrom: readFrom,
                             designedFor: try fields.optionalString("designed_for"), rows: rows, extra: extra, needs: needs,
                             sameAs: try fields.optionalString("same_as"))
        entry.omits = omits
        return entry
    }
}
