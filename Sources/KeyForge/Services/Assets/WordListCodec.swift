import KeyForgeCore
import KeyForgeWire

/// Reads a word-frequency list: a JSON object `{"word": weight, ...}`, or lines `word<TAB>weight`
/// (blank lines and `#` comments skipped; without a TAB the last run of spaces separates). Weights
/// may be fractional. Errors name the file and the line or key.
public enum WordListCodec {
    /// The largest list accepted (wordfreq's English "large" list is about 6 MB as JSON).
    public static let maxBytes = 256 << 20
    /// The longest word accepted in a JSON list, 4 KiB: real words are tens of bytes, so anything longer is
    /// not a word, and the cap bounds what one hostile key allocates.
    static let maxWordBytes = 4096

    /// Parses `bytes` read from `source`.
    public static func decode(_ bytes: [UInt8], source: String) throws(InputError) -> WordList {
        var entries: [(word: String, weight: Double)] = []
        if bytes.first(where: { $0 != 0x20 && $0 != 0x09 && $0 != 0x0A && $0 != 0x0D }) == UInt8(ascii: "{") {
            let value: JSONValue
            do {
                value = try JSONParser.parse(bytes, limits: JSONLimits(maxDepth: 4, maxInputBytes: maxBytes, maxStringBytes: maxWordBytes))
            } catch {
                throw InputError(.invalid, source: source, "not a valid word list: \(error)")
            }
            guard let object = value.objectValue else { throw InputError(.invalid, source: source, "a word list must be a JSON object") }
            entries.reserveCapacity(object.members.count)
            for (word, weight) in object.members {
                guard let number = weight.doubleValue else {
                    throw InputError(.invalid, source: "\(source): \(word.debugDescription)", "the weight must be a number (got \(weight.typeName))")
                }
                entries.append((word, number))
            }
        } else {
            let text = String(decoding: bytes, as: UTF8.self)
            for (index, raw) in text.lines.enumerated() {
                let line = raw.trimmingCharacters()
                if line.isEmpty || line.hasPrefix("#") { continue }
                let separator = line.lastIndex(of: "\t") ?? line.lastIndex(of: " ")
                guard let separator, let weight = Double(line[line.index(after: separator)...].trimmingCharacters()) else {
                    throw InputError(.invalid, source: "\(source):\(index + 1)", "expected word<TAB>weight")
                }
                entries.append((String(line[..<separator].trimmingCharacters()), weight))
            }
        }
        do { return try WordList(entries) } catch { throw InputError.invalid(source, error) }
    }
}
