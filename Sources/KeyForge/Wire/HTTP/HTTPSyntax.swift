/// The character classes and small lexers of RFC 9110 §5.6 shared by the parsers and the writer.
enum HTTPSyntax {
    /// Carriage return, the first byte of every line ending.
    static let cr: UInt8 = 0x0D
    /// Line feed, the second byte of every line ending.
    static let lf: UInt8 = 0x0A
    /// Space, the only separator allowed inside a start line.
    static let space: UInt8 = 0x20
    /// Horizontal tab, allowed in field values and optional whitespace.
    static let tab: UInt8 = 0x09
    /// The colon ending a field name.
    static let colon = UInt8(ascii: ":")
    /// CR LF, for the writer.
    static let crlf: [UInt8] = [cr, lf]

    /// Whether `byte` is a tchar: the characters of methods, field names and transfer codings.
    static func isTokenByte(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
             UInt8(ascii: "a")...UInt8(ascii: "z"):
            return true
        case UInt8(ascii: "!"), UInt8(ascii: "#"), UInt8(ascii: "$"), UInt8(ascii: "%"), UInt8(ascii: "&"),
             UInt8(ascii: "'"), UInt8(ascii: "*"), UInt8(ascii: "+"), UInt8(ascii: "-"), UInt8(ascii: "."),
             UInt8(ascii: "^"), UInt8(ascii: "_"), UInt8(ascii: "`"), UInt8(ascii: "|"), UInt8(ascii: "~"):
            return true
        default:
            return false
        }
    }

    /// Whether `byte` may appear in a field value or reason phrase: HTAB, SP, VCHAR or obs-text.
    static func isFieldValueByte(_ byte: UInt8) -> Bool {
        byte == tab || (byte >= 0x20 && byte != 0x7F)
    }

    /// Whether `byte` is optional whitespace (SP or HTAB).
    static func isWhitespace(_ byte: UInt8) -> Bool {
        byte == space || byte == tab
    }

    /// Whether every byte of `text` is a tchar and there is at least one.
    static func isToken(_ text: String) -> Bool {
        !text.utf8.isEmpty && text.utf8.allSatisfy(isTokenByte)
    }

    /// Whether two strings are equal ignoring ASCII case, as field names and tokens compare.
    static func equalsIgnoringCase(_ lhs: some StringProtocol, _ rhs: some StringProtocol) -> Bool {
        lhs.utf8.elementsEqual(rhs.utf8) { lowercased($0) == lowercased($1) }
    }

    /// `byte` with ASCII upper case folded to lower case; other bytes unchanged.
    static func lowercased(_ byte: UInt8) -> UInt8 {
        byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z") ? byte | 0x20 : byte
    }

    /// `text` without leading and trailing SP and HTAB.
    static func trimmingWhitespace(_ text: some StringProtocol) -> Substring {
        var slice = Substring(text)
        while let first = slice.utf8.first, isWhitespace(first) { slice = slice.dropFirst() }
        while let last = slice.utf8.last, isWhitespace(last) { slice = slice.dropLast() }
        return slice
    }

    /// The value of a run of ASCII decimal digits, or `nil` when it is empty, holds another byte,
    /// or overflows `Int` (so no sign, space, list or huge value slips through as a length).
    static func decimalValue(_ text: some StringProtocol) -> Int? {
        guard !text.utf8.isEmpty else { return nil }
        var value = 0
        for byte in text.utf8 {
            guard byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") else { return nil }
            let (shifted, shiftOverflow) = value.multipliedReportingOverflow(by: 10)
            let (next, addOverflow) = shifted.addingReportingOverflow(Int(byte - UInt8(ascii: "0")))
            if shiftOverflow || addOverflow { return nil }
            value = next
        }
        return value
    }

    /// The value of the hex digit `byte`, or `nil` when it is not one.
    static func hexValue(_ byte: UInt8) -> Int? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): Int(byte - UInt8(ascii: "0"))
        case UInt8(ascii: "a")...UInt8(ascii: "f"): Int(byte - UInt8(ascii: "a") + 10)
        case UInt8(ascii: "A")...UInt8(ascii: "F"): Int(byte - UInt8(ascii: "A") + 10)
        default: nil
        }
    }

    /// The text of `range` in `buffer`, decoded as UTF-8 with invalid sequences replaced by U+FFFD.
    static func string(_ buffer: UnsafeRawBufferPointer, _ range: Range<Int>) -> String {
        String(decoding: UnsafeRawBufferPointer(rebasing: buffer[range]), as: UTF8.self)
    }
}
