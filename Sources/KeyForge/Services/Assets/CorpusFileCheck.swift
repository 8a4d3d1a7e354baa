import Glibc
import KeyForgeSystem

/// A quick look at a `--corpus FILE` before it is read whole: a raw text (a book, a code dump) is not a
/// counted corpus, and saying so from its first line beats reading 64 MB to fail on "expected
/// word<TAB>weight"; an empty list is no corpus either.
package enum CorpusFileCheck {
    /// How much of the file is looked at.
    static let headBytes = 64 << 10

    /// Fails (exit 65) when the head of `path` shows it is empty, or not a word list: neither a JSON
    /// object nor lines whose first (non-blank, non-`#`) one reads `word<TAB>weight`.
    package static func check(_ path: String) throws(InputError) {
        let head: [UInt8]
        let isWhole: Bool
        do { (head, isWhole) = try readHead(path) } catch { throw InputError.system(error) }
        guard let first = head.first(where: { $0 != 0x20 && $0 != 0x09 && $0 != 0x0A && $0 != 0x0D }) else {
            if isWhole { throw InputError(.invalid, source: path, "the corpus is empty: a word list needs at least one word<TAB>weight line") }
            throw InputError(.invalid, source: path, Self.plainText(path))
        }
        if first == UInt8(ascii: "{") { return }
        var text = String(decoding: head, as: UTF8.self)
        if !isWhole, let lastBreak = text.lastIndex(of: "\n") { text = String(text[..<lastBreak]) }
        for raw in text.split(whereSeparator: { $0 == "\n" || $0 == "\r\n" || $0 == "\r" }) {
            let line = raw.drop { $0 == " " || $0 == "\t" }
            if line.isEmpty || line.hasPrefix("#") { continue }
            if isWordLine(line) { return }
            throw InputError(.invalid, source: path, Self.plainText(path))
        }
        if isWhole { throw InputError(.invalid, source: path, "the corpus is empty: a word list needs at least one word<TAB>weight line") }
        throw InputError(.invalid, source: path, Self.plainText(path))
    }

    /// The message for a file that is text to be counted.
    static func plainText(_ path: String) -> String {
        "is plain text, not a counted corpus: count it first with `keyforge corpus build \(path) --id text/NAME --out DIR`, "
            + "then pass --corpus DIR (a word-frequency list is word<TAB>weight lines or {\"word\": weight} JSON)"
    }

    /// `word<TAB>weight` (or `word weight`): a word, then a number after the last TAB or space.
    static func isWordLine(_ line: Substring) -> Bool {
        var trimmed = line
        while let last = trimmed.last, last == " " || last == "\t" { trimmed.removeLast() }
        guard let separator = trimmed.lastIndex(of: "\t") ?? trimmed.lastIndex(of: " ") else { return false }
        let weight = trimmed[trimmed.index(after: separator)...]
        return !trimmed[..<separator].allSatisfy { $0 == " " || $0 == "\t" } && Double(weight) != nil
    }

    /// The first `headBytes` of `path`, and whether that is the whole file.
    static func readHead(_ path: String) throws(SystemError) -> ([UInt8], Bool) {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { throw SystemError(code: errno, call: "open", subject: path) }
        defer { close(descriptor) }
        var buffer = [UInt8](repeating: 0, count: headBytes + 1)
        var filled = 0
        while filled < buffer.count {
            let count = buffer.withUnsafeMutableBytes { raw in read(descriptor, raw.baseAddress! + filled, raw.count - filled) }
            if count < 0 {
                if errno == EINTR { continue }
                throw SystemError(code: errno, call: "read", subject: path)
            }
            if count == 0 { break }
            filled += count
        }
        let isWhole = filled <= headBytes
        return (Array(buffer[..<min(filled, headBytes)]), isWhole)
    }
}
