import KeyForgeCore
import KeyForgeWire

/// Reads `config/keycodes.json`: `names` (list), `aliases` (alias -> name), `empty` (list of empty-key tokens).
public enum KeycodeCodec {
    /// Decodes and validates; errors name `source` and the field.
    public static func decode(_ bytes: [UInt8], source: String) throws(InputError) -> KeycodeTable {
        let value: JSONValue
        do { value = try JSONParser.parse(bytes) } catch { throw .malformedJSON(source, error) }
        do throws(ValidationError) {
            let fields = try JSONFields(value)
            try fields.rejectUnknown(["description", "names", "aliases", "empty"])
            let names = try strings(fields.array("names"), field: "names")
            let empty = try strings(fields.array("empty"), field: "empty")
            var aliases: [String: String] = [:]
            let aliasFields = try JSONFields(try fields.value("aliases"), path: "aliases")
            for alias in aliasFields.object.keys { aliases[alias] = try aliasFields.string(alias) }
            let table = KeycodeTable(names: Set(names), aliases: aliases, emptyTokens: Set(empty))
            try table.validate()
            return table
        } catch {
            throw .invalid(source, error)
        }
    }

    private static func strings(_ values: [JSONValue], field: String) throws(ValidationError) -> [String] {
        var result: [String] = []
        for (index, value) in values.enumerated() {
            guard let string = value.stringValue else { throw ValidationError(field: "\(field)[\(index)]", "must be a string (got \(value.typeName))") }
            result.append(string)
        }
        return result
    }
}
