import KeyForgeCore

/// The tokens of a C keymap (`keymap.c`) or a ZMK devicetree (`.keymap`), each with its byte range, so a
/// merge can replace one keycode and keep every other byte of the file.
///
/// Comments (`//`, `/* */`) and preprocessor lines (with `\` continuations) are skipped; the names that
/// `#define` introduces are collected. Strings and character literals are single tokens. In C a word is an
/// identifier or a number; in devicetree it may also hold `-`, `.`, `#`, `@` and `+` (`key-positions`,
/// `#binding-cells`), and `&kp` is one token.
struct KeymapScanner {
    /// One token.
    struct Token: Equatable {
        enum Kind: Equatable { case word, number, string, character, punctuation }
        var kind: Kind
        /// Byte offsets in the file.
        var start: Int
        var end: Int
        /// 1-based line of the first byte.
        var line: Int
    }

    /// The language whose words are read.
    enum Dialect { case c, devicetree }

    let bytes: [UInt8]
    private(set) var tokens: [Token] = []
    /// Names defined by `#define NAME ...` lines.
    private(set) var defines: Set<String> = []

    /// Tokenizes `bytes`; an unterminated comment, string or character literal is an error naming its line.
    init(_ bytes: [UInt8], dialect: Dialect, source: String) throws(InputError) {
        self.bytes = bytes
        var index = 0, line = 1
        var atLineStart = true
        func isWordByte(_ byte: UInt8, first: Bool) -> Bool {
            let letter = (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A) || byte == 0x5F
            let digit = byte >= 0x30 && byte <= 0x39
            if first { return letter || (dialect == .devicetree && (byte == 0x26 || byte == 0x23)) }
            if letter || digit { return true }
            return dialect == .devicetree && (byte == 0x2D || byte == 0x2E || byte == 0x23 || byte == 0x40 || byte == 0x2B)
        }
        while index < bytes.count {
            let byte = bytes[index]
            if byte == 0x0A { line += 1; index += 1; atLineStart = true; continue }
            if byte == 0x20 || byte == 0x09 || byte == 0x0D || byte == 0x0C { index += 1; continue }
            let next = index + 1 < bytes.count ? bytes[index + 1] : 0
            if byte == 0x2F && next == 0x2F {  // line comment
                while index < bytes.count && bytes[index] != 0x0A { index += 1 }
                continue
            }
            if byte == 0x2F && next == 0x2A {  // block comment
                let startLine = line
                index += 2
                while index < bytes.count && !(bytes[index] == 0x2A && index + 1 < bytes.count && bytes[index + 1] == 0x2F) {
                    if bytes[index] == 0x0A { line += 1 }
                    index += 1
                }
                guard index < bytes.count else { throw InputError(.invalid, source: source, "line \(startLine): the comment that starts here never ends") }
                index += 2
                continue
            }
            // A preprocessor line: `#` first on its line, except a devicetree property such as `#binding-cells`.
            if byte == 0x23 && atLineStart && !(dialect == .devicetree && next != 0x20 && !Self.isDirective(bytes, index + 1)) {
                let lineStart = index
                while index < bytes.count && bytes[index] != 0x0A {
                    if bytes[index] == 0x5C && index + 1 < bytes.count && bytes[index + 1] == 0x0A { line += 1; index += 1 }
                    index += 1
                }
                if let name = Self.definedName(bytes[lineStart..<index]) { defines.insert(name) }
                continue
            }
            atLineStart = false
            let start = index
            if byte == 0x22 || byte == 0x27 {  // string or character literal
                index += 1
                while index < bytes.count && bytes[index] != byte && bytes[index] != 0x0A {
                    index += bytes[index] == 0x5C ? 2 : 1
                }
                guard index < bytes.count, bytes[index] == byte else {
                    throw InputError(.invalid, source: source, "line \(line): the \(byte == 0x22 ? "string" : "character literal") that starts here never ends")
                }
                index += 1
                tokens.append(Token(kind: byte == 0x22 ? .string : .character, start: start, end: index, line: line))
                continue
            }
            if byte >= 0x30 && byte <= 0x39 {
                while index < bytes.count && (isWordByte(bytes[index], first: false) || bytes[index] == 0x2E) { index += 1 }
                tokens.append(Token(kind: .number, start: start, end: index, line: line))
                continue
            }
            if isWordByte(byte, first: true) {
                index += 1
                while index < bytes.count && isWordByte(bytes[index], first: false) { index += 1 }
                tokens.append(Token(kind: .word, start: start, end: index, line: line))
                continue
            }
            index += 1
            tokens.append(Token(kind: .punctuation, start: start, end: index, line: line))
        }
    }

    /// The text of `token`.
    func text(_ token: Token) -> String { String(decoding: bytes[token.start..<token.end], as: UTF8.self) }

    /// The text from the first byte of `tokens[range.lowerBound]` to the last of `tokens[range.upperBound - 1]`.
    func text(_ range: Range<Int>) -> String {
        guard !range.isEmpty else { return "" }
        return String(decoding: bytes[tokens[range.lowerBound].start..<tokens[range.upperBound - 1].end], as: UTF8.self)
    }

    /// True when token `index` is the punctuation `character`.
    func isPunctuation(_ index: Int, _ character: Character) -> Bool {
        guard index < tokens.count, tokens[index].kind == .punctuation else { return false }
        return bytes[tokens[index].start] == character.asciiValue
    }

    /// The index of the token closing the bracket opened at `open` (`(`, `[`, `{`, `<`), or nil.
    func closing(_ open: Int) -> Int? {
        let pairs: [UInt8: UInt8] = [0x28: 0x29, 0x5B: 0x5D, 0x7B: 0x7D, 0x3C: 0x3E]
        guard open < tokens.count, let closer = pairs[bytes[tokens[open].start]] else { return nil }
        let opener = bytes[tokens[open].start]
        var depth = 0
        for index in open..<tokens.count where tokens[index].kind == .punctuation {
            let byte = bytes[tokens[index].start]
            if byte == opener { depth += 1 } else if byte == closer { depth -= 1; if depth == 0 { return index } }
        }
        return nil
    }

    /// `range` split at the commas outside any bracket: the arguments of a call.
    func splitArguments(_ range: Range<Int>) -> [Range<Int>] {
        var parts: [Range<Int>] = []
        var depth = 0, start = range.lowerBound
        for index in range where tokens[index].kind == .punctuation {
            switch bytes[tokens[index].start] {
            case 0x28, 0x5B, 0x7B: depth += 1
            case 0x29, 0x5D, 0x7D: depth -= 1
            case 0x2C where depth == 0:
                parts.append(start..<index)
                start = index + 1
            default: break
            }
        }
        parts.append(start..<range.upperBound)
        return parts
    }

    private static func isDirective(_ bytes: [UInt8], _ index: Int) -> Bool {
        let words = ["include", "define", "undef", "if", "ifdef", "ifndef", "else", "elif", "endif", "pragma", "error"]
        return words.contains { word in
            let utf8 = Array(word.utf8)
            guard index + utf8.count <= bytes.count, Array(bytes[index..<index + utf8.count]) == utf8 else { return false }
            let after = index + utf8.count < bytes.count ? bytes[index + utf8.count] : 0x20
            return !((after >= 0x41 && after <= 0x5A) || (after >= 0x61 && after <= 0x7A) || after == 0x5F || after == 0x2D)
        }
    }

    private static func definedName(_ line: ArraySlice<UInt8>) -> String? {
        let words = String(decoding: line.dropFirst(), as: UTF8.self).split(whereSeparator: { $0 == " " || $0 == "\t" })
        guard words.count >= 2, words[0] == "define" else { return nil }
        return String(words[1].prefix { $0.isLetter || $0.isNumber || $0 == "_" })
    }
}
