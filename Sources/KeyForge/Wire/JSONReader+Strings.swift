/// Reading strings: UTF-8 validation, escapes and surrogate pairs.
///
/// A string is walked twice at most. The first walk validates it and measures its decoded length,
/// so `maxStringBytes` is enforced before anything is allocated; a string without escapes is then
/// copied straight out of the buffer, and only one with escapes is walked again to decode it.
extension JSONReader {
    /// What the validating walk learned about a string.
    private struct StringScan {
        /// The offset of the closing quote.
        var closingQuote: Int
        /// The length of the decoded string in bytes of UTF-8.
        var decodedByteCount: Int
        /// Whether any escape occurs, so the raw bytes are not the decoded string.
        var hasEscapes: Bool
    }

    /// Reads the string whose opening quote is at the cursor, leaving the cursor after its closing quote.
    mutating func readString() throws(JSONParseError) -> String {
        let contentStart = position + 1
        var unused: [UInt8] = []
        let scan = try walkString(from: contentStart, into: &unused, isDecoding: false)
        position = scan.closingQuote + 1
        guard scan.hasEscapes else {
            return String(decoding: bytes[contentStart..<scan.closingQuote], as: UTF8.self)
        }
        var decoded: [UInt8] = []
        decoded.reserveCapacity(scan.decodedByteCount)
        _ = try walkString(from: contentStart, into: &decoded, isDecoding: true)
        return String(decoding: decoded, as: UTF8.self)
    }

    /// Walks a string body from `start` to its closing quote, validating it and, when `isDecoding`,
    /// appending the decoded UTF-8 to `output`.
    private func walkString(from start: Int, into output: inout [UInt8], isDecoding: Bool) throws(JSONParseError) -> StringScan {
        var index = start
        var decodedByteCount = 0
        var hasEscapes = false
        while true {
            guard index < bytes.count else { throw endOfInput() }
            let byte = bytes[index]
            let width: Int
            switch byte {
            case UInt8(ascii: "\""):
                return StringScan(closingQuote: index, decodedByteCount: decodedByteCount, hasEscapes: hasEscapes)
            case UInt8(ascii: "\\"):
                hasEscapes = true
                let escape = try readEscape(at: index)
                width = UTF8.width(escape.scalar)
                try checkStringLength(decodedByteCount + width, openingQuote: start - 1)
                if isDecoding { output.append(contentsOf: escape.scalar.utf8) }
                index += escape.length
                decodedByteCount += width
                continue
            case 0x00..<0x20:
                throw failure("control character in string", at: index)
            case 0x20..<0x80:
                width = 1
            default:
                width = try utf8SequenceWidth(at: index)
            }
            try checkStringLength(decodedByteCount + width, openingQuote: start - 1)
            if isDecoding { output.append(contentsOf: bytes[index..<index + width]) }
            index += width
            decodedByteCount += width
        }
    }

    /// Fails when a string would grow past `limits.maxStringBytes`.
    private func checkStringLength(_ byteCount: Int, openingQuote: Int) throws(JSONParseError) {
        guard byteCount <= limits.maxStringBytes else {
            throw failure("string longer than \(limits.maxStringBytes) bytes", at: openingQuote)
        }
    }

    /// Decodes the escape whose backslash is at `index`: its scalar and how many bytes it spans.
    private func readEscape(at index: Int) throws(JSONParseError) -> (scalar: Unicode.Scalar, length: Int) {
        guard index + 1 < bytes.count else { throw endOfInput() }
        let simple: Unicode.Scalar
        switch bytes[index + 1] {
        case UInt8(ascii: "\""): simple = "\""
        case UInt8(ascii: "\\"): simple = "\\"
        case UInt8(ascii: "/"): simple = "/"
        case UInt8(ascii: "b"): simple = "\u{08}"
        case UInt8(ascii: "f"): simple = "\u{0C}"
        case UInt8(ascii: "n"): simple = "\n"
        case UInt8(ascii: "r"): simple = "\r"
        case UInt8(ascii: "t"): simple = "\t"
        case UInt8(ascii: "u"): return try readUnicodeEscape(at: index)
        default: throw failure("invalid escape sequence", at: index)
        }
        return (simple, 2)
    }

    /// Decodes a `\uXXXX` escape at `index`, combining a high surrogate with the `\uXXXX` low
    /// surrogate that must follow it; a surrogate without its partner is an error.
    private func readUnicodeEscape(at index: Int) throws(JSONParseError) -> (scalar: Unicode.Scalar, length: Int) {
        let unit = try readHexQuad(at: index + 2)
        switch unit {
        case 0xD800...0xDBFF:
            let next = index + 6
            // Input that ends inside the pair is "unexpected end of input", like any other prefix.
            guard next < bytes.count else { throw endOfInput() }
            guard bytes[next] == UInt8(ascii: "\\") else { throw failure("lone surrogate", at: index) }
            guard next + 1 < bytes.count else { throw endOfInput() }
            guard bytes[next + 1] == UInt8(ascii: "u") else { throw failure("lone surrogate", at: index) }
            let low = try readHexQuad(at: next + 2)
            guard (0xDC00...0xDFFF).contains(low),
                  let scalar = Unicode.Scalar(0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00)) else {
                throw failure("lone surrogate", at: index)
            }
            return (scalar, 12)
        case 0xDC00...0xDFFF:
            throw failure("lone surrogate", at: index)
        default:
            guard let scalar = Unicode.Scalar(unit) else { throw failure("lone surrogate", at: index) }
            return (scalar, 6)
        }
    }

    /// The value of the four hex digits starting at `index`.
    private func readHexQuad(at index: Int) throws(JSONParseError) -> UInt32 {
        var value: UInt32 = 0
        for offset in index..<index + 4 {
            guard offset < bytes.count else { throw endOfInput() }
            let byte = bytes[offset]
            let digit: UInt8
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = byte - UInt8(ascii: "A") + 10
            default: throw failure("invalid \\u escape, expected four hex digits", at: offset)
            }
            value = value << 4 | UInt32(digit)
        }
        return value
    }

    /// The length of the well-formed UTF-8 sequence whose lead byte (0x80 or above) is at `index`.
    ///
    /// Follows the Unicode well-formed table (Table 3-7): it rejects stray continuation bytes,
    /// overlong forms, encoded surrogates and anything above U+10FFFF.
    private func utf8SequenceWidth(at index: Int) throws(JSONParseError) -> Int {
        let lead = bytes[index]
        let width: Int
        var secondRange: ClosedRange<UInt8> = 0x80...0xBF
        switch lead {
        case 0xC2...0xDF: width = 2
        case 0xE0: width = 3; secondRange = 0xA0...0xBF
        case 0xE1...0xEC, 0xEE...0xEF: width = 3
        case 0xED: width = 3; secondRange = 0x80...0x9F
        case 0xF0: width = 4; secondRange = 0x90...0xBF
        case 0xF1...0xF3: width = 4
        case 0xF4: width = 4; secondRange = 0x80...0x8F
        default: throw failure("invalid UTF-8", at: index)
        }
        for offset in index + 1..<index + width {
            guard offset < bytes.count else { throw endOfInput() }
            let range: ClosedRange<UInt8> = offset == index + 1 ? secondRange : 0x80...0xBF
            guard range.contains(bytes[offset]) else { throw failure("invalid UTF-8", at: index) }
        }
        return width
    }
}
