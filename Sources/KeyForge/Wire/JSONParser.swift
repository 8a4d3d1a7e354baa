/// A strict RFC 8259 JSON parser: bytes in, a `JSONValue` or a `JSONParseError` out, no I/O.
///
/// Strict means: exactly one top-level value surrounded only by space, tab, CR and LF; no comments,
/// trailing commas, `NaN`/`Infinity`, leading zeros, `+1`, `.5` or `1.`; strings of valid UTF-8 with
/// valid escapes and paired surrogates; no byte order mark; no duplicate keys. Every limit in
/// `JSONLimits` is checked before allocating for it. Malformed input always throws, never traps.
public enum JSONParser {
    /// Parses one JSON document from UTF-8 bytes.
    public static func parse(_ bytes: [UInt8], limits: JSONLimits = .standard) throws(JSONParseError) -> JSONValue {
        var reader = JSONReader(bytes: bytes, limits: limits)
        return try reader.readDocument()
    }

    /// Parses one JSON document from a string; the same rules as for bytes apply to its UTF-8.
    public static func parse(_ text: String, limits: JSONLimits = .standard) throws(JSONParseError) -> JSONValue {
        // Checked before copying the text into an array, so an oversized string costs no allocation.
        guard text.utf8.count <= limits.maxInputBytes else {
            throw JSONReader.inputTooLarge(limits)
        }
        return try parse(Array(text.utf8), limits: limits)
    }
}
