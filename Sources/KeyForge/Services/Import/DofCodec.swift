import KeyForgeCore
import KeyForgeWire

/// Oxeylyzer's `.dof` layout files (a JSON object), read and written so a layout travels between the tools.
///
/// The fields read: `name` (required), `authors` (strings), `board` (a name such as `ansi`, `iso`,
/// `ortho`, `colstag`, or rows of key widths), `year`, `description`, `link`, `languages` (name ->
/// weight), `anchor` (`[column, row]`), `layers` (required; name -> rows of whitespace-separated keys,
/// with a `main` layer, every other layer shaped like it), `fingering` (`traditional`, `angle`, or rows
/// of finger names `LP ... RP` / digits 0-9 shaped like `main`). Other fields are kept as they are and
/// written back after these, so read-write-read gives the same layout.
public struct DofLayout: Equatable, Sendable {
    /// How the keys are fingered.
    public enum Fingering: Equatable, Sendable {
        /// A named convention (`traditional`, `angle`).
        case named(String)
        /// One finger per key of the main layer, row by row.
        case explicit([[String]])
    }

    /// The layout's name.
    public var name: String
    /// Its authors.
    public var authors: [String] = []
    /// The board: a name, or rows of key widths as written.
    public var board: JSONValue
    /// The year published, when known.
    public var year: Int64?
    /// A description.
    public var description: String?
    /// Where it was published.
    public var link: String?
    /// Languages it was made for, as written.
    public var languages: JSONValue?
    /// Where the main layer's first key sits on the board, as written.
    public var anchor: JSONValue?
    /// The layers in file order, each rows of keys.
    public var layers: [Layer]
    /// The fingering; nil when the file gives none.
    public var fingering: Fingering?
    /// Fields this reader does not interpret, in file order.
    public var extra: [Field] = []

    /// One named layer.
    public struct Layer: Equatable, Sendable {
        /// The layer's name (`main`, `shift`, ...).
        public var name: String
        /// Its rows, each the keys as written.
        public var rows: [[String]]
    }

    /// A field kept as written.
    public struct Field: Equatable, Sendable {
        /// The field's name.
        public var key: String
        /// Its value.
        public var value: JSONValue
    }

    /// The main layer's rows.
    public var main: [[String]] { layers.first { $0.name == "main" }?.rows ?? [] }

    static let knownFields: Set<String> = ["name", "authors", "board", "year", "description", "link", "languages", "anchor", "layers", "fingering"]
    /// Finger names accepted in an explicit fingering (or their numbers 0-9, left pinky to right pinky).
    static let fingerNames = Key.fingerSlotNames

    /// Reads a `.dof` file; errors name `source` and the field.
    public static func decode(_ bytes: [UInt8], source: String) throws(InputError) -> DofLayout {
        let value: JSONValue
        do { value = try JSONParser.parse(bytes) } catch { throw .malformedJSON(source, error) }
        do throws(ValidationError) { return try decode(value) } catch { throw .invalid(source, error) }
    }

    static func decode(_ value: JSONValue) throws(ValidationError) -> DofLayout {
        guard let object = value.objectValue else { throw ValidationError(field: "", "a .dof file is a JSON object (got \(value.typeName))") }
        guard let name = object["name"]?.stringValue, !name.isEmpty else { throw ValidationError(field: "name", "is missing (a .dof names its layout)") }
        guard let board = object["board"] else { throw ValidationError(field: "board", "is missing (ansi, iso, ortho, colstag or rows of widths)") }
        var authors: [String] = []
        if let list = object["authors"] {
            guard let items = list.arrayValue, items.allSatisfy({ $0.stringValue != nil }) else {
                throw ValidationError(field: "authors", "must be a list of names")
            }
            authors = items.compactMap(\.stringValue)
        }
        guard let layerObject = object["layers"]?.objectValue else { throw ValidationError(field: "layers", "is missing (a .dof has a main layer)") }
        var layers: [Layer] = []
        for member in layerObject.members {
            guard let lines = member.value.arrayValue, lines.allSatisfy({ $0.stringValue != nil }) else {
                throw ValidationError(field: "layers.\(member.key)", "must be a list of rows (strings)")
            }
            layers.append(Layer(name: member.key, rows: lines.compactMap(\.stringValue).map(keys(of:))))
        }
        guard let main = layers.first(where: { $0.name == "main" })?.rows else {
            throw ValidationError(field: "layers", "has no 'main' layer (layers: \(layers.map(\.name).joined(separator: ", ")))")
        }
        guard main.contains(where: { !$0.isEmpty }) else { throw ValidationError(field: "layers.main", "has no keys") }
        guard main.joined().count <= Keyboard.maxKeys else { throw ValidationError(field: "layers.main", "has more than \(Keyboard.maxKeys) keys") }
        for layer in layers where layer.name != "main" {
            try checkShape(layer.rows, like: main, field: "layers.\(layer.name)")
        }
        var fingering: Fingering?
        switch object["fingering"] {
        case nil: fingering = nil
        case .string(let named)?: fingering = .named(named)
        case .array(let lines)?:
            guard lines.allSatisfy({ $0.stringValue != nil }) else { throw ValidationError(field: "fingering", "must be a name or rows of fingers") }
            let rows = lines.compactMap(\.stringValue).map(keys(of:))
            try checkShape(rows, like: main, field: "fingering")
            for (row, line) in rows.enumerated() {
                for (column, entry) in line.enumerated() where DofLayout.finger(named: entry) == nil {
                    throw ValidationError(field: "fingering[\(row)][\(column)]", "'\(entry)' is not a finger (\(fingerNames.joined(separator: " ")) or 0-9)")
                }
            }
            fingering = .explicit(rows)
        case let other?: throw ValidationError(field: "fingering", "must be a name or rows of fingers (got \(other.typeName))")
        }
        func text(_ field: String) throws(ValidationError) -> String? {
            guard let value = object[field] else { return nil }
            guard let text = value.stringValue else { throw ValidationError(field: field, "must be text (got \(value.typeName))") }
            return text
        }
        var year: Int64?
        if let value = object["year"] {
            guard let number = value.int64Value else { throw ValidationError(field: "year", "must be a whole number (got \(JSONWriter.write(value)))") }
            year = number
        }
        return DofLayout(name: name, authors: authors, board: board, year: year, description: try text("description"),
                         link: try text("link"), languages: object["languages"], anchor: object["anchor"], layers: layers,
                         fingering: fingering, extra: object.members.filter { !knownFields.contains($0.key) }.map { Field(key: $0.key, value: $0.value) })
    }

    /// The finger slot (0 left pinky ... 9 right pinky) of a fingering entry, if it is one.
    static func finger(named text: String) -> Int? {
        if let slot = fingerNames.firstIndex(of: text.uppercased()) { return slot }
        if text.count == 1, let digit = text.unicodeScalars.first?.value, digit >= 48, digit <= 57 { return Int(digit - 48) }
        return nil
    }

    private static func checkShape(_ rows: [[String]], like main: [[String]], field: String) throws(ValidationError) {
        guard rows.count == main.count else {
            throw ValidationError(field: field, "has \(rows.count) rows; the main layer has \(main.count)")
        }
        for (index, (row, mainRow)) in zip(rows, main).enumerated() where row.count != mainRow.count {
            throw ValidationError(field: "\(field)[\(index)]", "has \(row.count) keys; the main layer's row has \(mainRow.count)")
        }
    }

    /// A row's keys: whitespace-separated chunks as written.
    static func keys(of line: String) -> [String] {
        line.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
    }

    /// The file's JSON, tab-indented as Oxeylyzer's files are, fields in the reader's order.
    public func encode() -> String {
        var lines = ["{"]
        var fields: [String] = []
        func quoted(_ text: String) -> String { JSONWriter.write(.string(text)) }
        fields.append("\t\"name\": \(quoted(name))")
        if !authors.isEmpty {
            fields.append("\t\"authors\": [\n" + authors.map { "\t\t\(quoted($0))" }.joined(separator: ",\n") + "\n\t]")
        }
        fields.append("\t\"board\": \(JSONWriter.write(board))")
        if let year { fields.append("\t\"year\": \(year)") }
        if let description { fields.append("\t\"description\": \(quoted(description))") }
        if let languages { fields.append("\t\"languages\": \(JSONWriter.write(languages))") }
        if let link { fields.append("\t\"link\": \(quoted(link))") }
        if let anchor { fields.append("\t\"anchor\": \(JSONWriter.write(anchor))") }
        let layerText = layers.map { layer in
            "\t\t\(quoted(layer.name)): [\n" + layer.rows.map { "\t\t\t\(quoted($0.joined(separator: " ")))" }.joined(separator: ",\n") + "\n\t\t]"
        }
        fields.append("\t\"layers\": {\n" + layerText.joined(separator: ",\n") + "\n\t}")
        switch fingering {
        case .named(let name)?: fields.append("\t\"fingering\": \(quoted(name))")
        case .explicit(let rows)?:
            fields.append("\t\"fingering\": [\n" + rows.map { "\t\t\(quoted($0.joined(separator: " ")))" }.joined(separator: ",\n") + "\n\t]")
        case nil: break
        }
        for field in extra { fields.append("\t\(quoted(field.key)): \(JSONWriter.write(field.value))") }
        lines.append(fields.joined(separator: ",\n"))
        lines.append("}")
        return lines.joined(separator: "\n") + "\n"
    }
}
