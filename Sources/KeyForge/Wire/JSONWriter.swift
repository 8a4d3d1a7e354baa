/// A deterministic JSON writer: the same value always gives the same text, byte for byte.
///
/// Members are written in stored order, integers exactly, and doubles as Swift's shortest
/// round-trip `description` (`0.1`, `1e-05`, `12.5`, `100.0`), so `parse(write(v)) == v` and a
/// `.double` never reads back as an `.int`. Strings are escaped per RFC 8259 and non-ASCII text is
/// written as UTF-8. The output never ends with a newline.
public enum JSONWriter {
    /// Writes `value` compactly (no whitespace at all) or, when `pretty`, in the golden-file layout.
    ///
    /// The pretty layout indents by two spaces, writes `"key": value` and one member or element per
    /// line, `[]` and `{}` when empty, and an array of only scalars on one line as `[1, 2, 3]`.
    /// A non-finite `.double` is a programmer error and traps: JSON cannot represent it.
    public static func write(_ value: JSONValue, pretty: Bool = false) -> String {
        var output: [UInt8] = []
        writeValue(value, isPretty: pretty, depth: 0, into: &output)
        return String(decoding: output, as: UTF8.self)
    }

    /// Appends `value` at nesting `depth` (used for pretty indentation).
    private static func writeValue(_ value: JSONValue, isPretty: Bool, depth: Int, into output: inout [UInt8]) {
        switch value {
        case .null:
            output.append(contentsOf: "null".utf8)
        case .bool(let bool):
            output.append(contentsOf: (bool ? "true" : "false").utf8)
        case .int(let integer):
            output.append(contentsOf: integer.description.utf8)
        case .double(let double):
            precondition(double.isFinite, "JSON cannot represent the non-finite double \(double)")
            output.append(contentsOf: double.description.utf8)
        case .string(let string):
            writeString(string, into: &output)
        case .array(let elements):
            writeArray(elements, isPretty: isPretty, depth: depth, into: &output)
        case .object(let object):
            writeObject(object, isPretty: isPretty, depth: depth, into: &output)
        }
    }

    /// Appends an array: inline when compact, empty, or (pretty) made only of scalars.
    private static func writeArray(_ elements: [JSONValue], isPretty: Bool, depth: Int, into output: inout [UInt8]) {
        output.append(UInt8(ascii: "["))
        if !isPretty || elements.allSatisfy(isScalar) {
            for (index, element) in elements.enumerated() {
                if index > 0 { output.append(contentsOf: (isPretty ? ", " : ",").utf8) }
                writeValue(element, isPretty: isPretty, depth: depth + 1, into: &output)
            }
        } else {
            for (index, element) in elements.enumerated() {
                output.append(contentsOf: (index > 0 ? ",\n" : "\n").utf8)
                writeIndent(depth + 1, into: &output)
                writeValue(element, isPretty: true, depth: depth + 1, into: &output)
            }
            output.append(UInt8(ascii: "\n"))
            writeIndent(depth, into: &output)
        }
        output.append(UInt8(ascii: "]"))
    }

    /// Appends an object, one member per line when pretty and not empty.
    private static func writeObject(_ object: JSONObject, isPretty: Bool, depth: Int, into output: inout [UInt8]) {
        output.append(UInt8(ascii: "{"))
        for (index, member) in object.members.enumerated() {
            if index > 0 { output.append(UInt8(ascii: ",")) }
            if isPretty {
                output.append(UInt8(ascii: "\n"))
                writeIndent(depth + 1, into: &output)
            }
            writeString(member.key, into: &output)
            output.append(contentsOf: (isPretty ? ": " : ":").utf8)
            writeValue(member.value, isPretty: isPretty, depth: depth + 1, into: &output)
        }
        if isPretty && !object.members.isEmpty {
            output.append(UInt8(ascii: "\n"))
            writeIndent(depth, into: &output)
        }
        output.append(UInt8(ascii: "}"))
    }

    /// Appends `string` quoted, escaping `"`, `\` and every C0 control character.
    ///
    /// The common controls get their short escapes; the rest become `\u00XX` with lowercase hex.
    /// Everything else, non-ASCII included, is copied as UTF-8.
    private static func writeString(_ string: String, into output: inout [UInt8]) {
        output.append(UInt8(ascii: "\""))
        for byte in string.utf8 {
            switch byte {
            case UInt8(ascii: "\""): output.append(contentsOf: #"\""#.utf8)
            case UInt8(ascii: "\\"): output.append(contentsOf: #"\\"#.utf8)
            case UInt8(ascii: "\n"): output.append(contentsOf: #"\n"#.utf8)
            case UInt8(ascii: "\r"): output.append(contentsOf: #"\r"#.utf8)
            case UInt8(ascii: "\t"): output.append(contentsOf: #"\t"#.utf8)
            case 0x08: output.append(contentsOf: #"\b"#.utf8)
            case 0x0C: output.append(contentsOf: #"\f"#.utf8)
            case 0x00..<0x20:
                output.append(contentsOf: #"\u00"#.utf8)
                output.append(hexDigits[Int(byte >> 4)])
                output.append(hexDigits[Int(byte & 0x0F)])
            default: output.append(byte)
            }
        }
        output.append(UInt8(ascii: "\""))
    }

    /// Lowercase hex digits for `\u00XX` escapes.
    private static let hexDigits: [UInt8] = Array("0123456789abcdef".utf8)

    /// Appends two spaces per level of `depth`.
    private static func writeIndent(_ depth: Int, into output: inout [UInt8]) {
        output.append(contentsOf: repeatElement(UInt8(ascii: " "), count: 2 * depth))
    }

    /// Whether `value` is a number, string, boolean or null (written inline in a pretty array).
    private static func isScalar(_ value: JSONValue) -> Bool {
        switch value {
        case .array, .object: false
        default: true
        }
    }
}
