/// Reading literals and numbers.
///
/// Numbers follow the RFC 8259 grammar exactly before any conversion, so the standard library's
/// `Double(_:)` (which would also accept "inf", "0x1p3" or ".5") only ever sees valid JSON numbers.
extension JSONReader {
    /// Reads a string, literal or number at the cursor; anything else is not a JSON value.
    mutating func readScalar() throws(JSONParseError) -> JSONValue {
        guard let byte = peek() else { throw endOfInput() }
        switch byte {
        case UInt8(ascii: "\""):
            return .string(try readString())
        case UInt8(ascii: "t"):
            try readLiteral("true")
            return .bool(true)
        case UInt8(ascii: "f"):
            try readLiteral("false")
            return .bool(false)
        case UInt8(ascii: "n"):
            try readLiteral("null")
            return .null
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            return try readNumber()
        default:
            throw failure("expected a value, found \(Self.describe(byte))", at: position)
        }
    }

    /// Consumes `literal`; input that ends part-way is "unexpected end of input", so every prefix of
    /// a valid document fails the same way.
    private mutating func readLiteral(_ literal: StaticString) throws(JSONParseError) {
        let start = position
        for index in 0..<literal.utf8CodeUnitCount {
            guard let byte = peek() else { throw endOfInput() }
            guard byte == literal.utf8Start[index] else {
                throw failure("invalid literal, expected '\(literal)'", at: start)
            }
            position += 1
        }
    }

    /// Reads a number: `.int` when it has no fraction or exponent and fits `Int64`, else `.double`.
    private mutating func readNumber() throws(JSONParseError) -> JSONValue {
        let start = position
        let isNegative = peek() == UInt8(ascii: "-")
        if isNegative { position += 1 }
        guard let first = peek() else { throw endOfInput() }
        guard Self.isDigit(first) else { throw failure("expected a digit after '-'", at: position) }
        position += 1
        if first == UInt8(ascii: "0") {
            if let next = peek(), Self.isDigit(next) {
                throw failure("leading zero in a number", at: start)
            }
        } else {
            skipDigits()
        }
        var isInteger = true
        if peek() == UInt8(ascii: ".") {
            isInteger = false
            position += 1
            try readDigits(missing: "expected a digit after '.'")
        }
        if peek() == UInt8(ascii: "e") || peek() == UInt8(ascii: "E") {
            isInteger = false
            position += 1
            if peek() == UInt8(ascii: "+") || peek() == UInt8(ascii: "-") { position += 1 }
            try readDigits(missing: "expected a digit in the exponent")
        }
        if isInteger, let integer = integerValue(digits: (isNegative ? start + 1 : start)..<position, isNegative: isNegative) {
            // "-0" has no Int64 form that keeps its sign; a double does.
            return isNegative && integer == 0 ? .double(-0.0) : .int(integer)
        }
        let text = String(decoding: bytes[start..<position], as: UTF8.self)
        guard let double = Double(text), double.isFinite else {
            throw failure("number out of range", at: start)
        }
        return .double(double)
    }

    /// Consumes one or more digits, failing with `missing` when there is none.
    private mutating func readDigits(missing: String) throws(JSONParseError) {
        guard let byte = peek() else { throw endOfInput() }
        guard Self.isDigit(byte) else { throw failure(missing, at: position) }
        skipDigits()
    }

    /// Consumes any run of digits.
    private mutating func skipDigits() {
        while let byte = peek(), Self.isDigit(byte) { position += 1 }
    }

    /// The value of a run of decimal digits, or `nil` when it does not fit `Int64`.
    ///
    /// Negative numbers accumulate downwards so that `Int64.min`, whose magnitude has no positive
    /// `Int64`, is still exact.
    private func integerValue(digits: Range<Int>, isNegative: Bool) -> Int64? {
        var value: Int64 = 0
        for index in digits {
            let digit = Int64(bytes[index] &- UInt8(ascii: "0"))
            let (shifted, shiftOverflow) = value.multipliedReportingOverflow(by: 10)
            let (next, addOverflow) = isNegative
                ? shifted.subtractingReportingOverflow(digit)
                : shifted.addingReportingOverflow(digit)
            if shiftOverflow || addOverflow { return nil }
            value = next
        }
        return value
    }

    /// Whether `byte` is an ASCII decimal digit.
    static func isDigit(_ byte: UInt8) -> Bool {
        byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")
    }

    /// A byte as a message shows it: quoted when printable ASCII, else in hex.
    static func describe(_ byte: UInt8) -> String {
        if byte >= 0x21 && byte <= 0x7E {
            return "'\(Character(Unicode.Scalar(byte)))'"
        }
        let hex = String(byte, radix: 16, uppercase: true)
        return "byte 0x\(hex.count < 2 ? "0" + hex : hex)"
    }
}
