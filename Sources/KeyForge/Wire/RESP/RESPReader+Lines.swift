/// Reading lines and the scalars written on them: lengths, integers, doubles, big numbers, booleans.
///
/// Lines end in CRLF exactly: a CR not followed by LF, or an LF on its own, is an error rather than
/// part of the text, since RESP forbids both inside simple strings and a server never sends them.
/// Every number is checked against its grammar before conversion, so the standard library's
/// `Double(_:)` (which would also accept "0x1p3" or "infinity") only sees what RESP allows.
extension RESPReader {
    /// The ASCII carriage return, first byte of every line end.
    static let carriageReturn = UInt8(ascii: "\r")
    /// The ASCII line feed, second byte of every line end.
    static let lineFeed = UInt8(ascii: "\n")

    /// The text between the type byte at the cursor and its CRLF, or nil when the CRLF has not arrived.
    ///
    /// An incomplete search remembers how far it got in `lineSearchResume`, so a long line fed byte
    /// by byte is scanned once. A line longer than `maxLineLength` fails as soon as its byte past the
    /// limit arrives, without waiting for a CRLF that may never come.
    mutating func readLine() throws(RESPProtocolError) -> Range<Int>? {
        let start = position + 1
        var index = max(start, lineSearchResume)
        while index < buffer.count {
            let byte = buffer[index]
            if byte == Self.carriageReturn {
                guard index + 1 < buffer.count else { break }
                guard buffer[index + 1] == Self.lineFeed else {
                    throw failure("CR not followed by LF", at: index + 1)
                }
                lineSearchResume = 0
                return start..<index
            }
            if byte == Self.lineFeed {
                throw failure("LF without a CR before it", at: index)
            }
            guard index - start < limits.maxLineLength else {
                throw failure("line longer than \(limits.maxLineLength) bytes", at: position)
            }
            index += 1
        }
        // Resume on a trailing CR, so that its LF is looked for next time.
        lineSearchResume = index
        resumeCount = buffer.count + 1
        return nil
    }

    /// The length in a bulk or aggregate header, or nil for the RESP2 null `-1` where `allowsNull`.
    ///
    /// Only decimal digits are accepted (no sign, no space); `-1` is the one negative length, and only
    /// for `$` and `*`, since RESP3 spells every other null `_`.
    func readLength(_ line: Range<Int>, of name: String, allowsNull: Bool) throws(RESPProtocolError) -> Int? {
        if allowsNull && buffer[line].elementsEqual("-1".utf8) { return nil }
        guard !line.isEmpty, buffer[line].allSatisfy(Self.isDigit) else {
            let problem = buffer[line].first == UInt8(ascii: "-") ? "negative" : "invalid"
            throw failure("\(problem) \(name) length '\(quoted(line))'", at: position)
        }
        var length = 0
        for byte in buffer[line] {
            let (shifted, shiftOverflow) = length.multipliedReportingOverflow(by: 10)
            let (sum, addOverflow) = shifted.addingReportingOverflow(Int(byte &- UInt8(ascii: "0")))
            guard !shiftOverflow && !addOverflow else {
                throw failure("\(name) length '\(quoted(line))' out of range", at: position)
            }
            length = sum
        }
        return length
    }

    /// The value of an integer line: an optional sign and at least one digit, within `Int64`.
    ///
    /// Negative values accumulate downwards so that `Int64.min`, whose magnitude has no positive
    /// `Int64`, is still exact.
    func integer(in line: Range<Int>) throws(RESPProtocolError) -> Int64 {
        let digits = signedDigits(line)
        guard !digits.isEmpty, buffer[digits].allSatisfy(Self.isDigit) else {
            throw failure("invalid integer '\(quoted(line))'", at: position)
        }
        let isNegative = digits.lowerBound > line.lowerBound && buffer[line.lowerBound] == UInt8(ascii: "-")
        var value: Int64 = 0
        for byte in buffer[digits] {
            let digit = Int64(byte &- UInt8(ascii: "0"))
            let (shifted, shiftOverflow) = value.multipliedReportingOverflow(by: 10)
            let (next, addOverflow) = isNegative
                ? shifted.subtractingReportingOverflow(digit)
                : shifted.addingReportingOverflow(digit)
            guard !shiftOverflow && !addOverflow else {
                throw failure("integer '\(quoted(line))' out of the Int64 range", at: position)
            }
            value = next
        }
        return value
    }

    /// The value of a double line: a decimal number with optional fraction and exponent, or `inf`,
    /// `-inf` or `nan` in any case (hiredis also takes `-nan`, which some C libraries print).
    /// A decimal past the `Double` range reads as an infinity, as `strtod` would give it.
    func double(in line: Range<Int>) throws(RESPProtocolError) -> Double {
        let text = String(decoding: buffer[line], as: UTF8.self)
        switch text.lowercased() {
        case "inf", "+inf": return .infinity
        case "-inf": return -.infinity
        case "nan", "-nan": return .nan
        default: break
        }
        var index = signedDigits(line).lowerBound
        let hasDigits = skipDigits(&index, before: line.upperBound)
        var isValid = hasDigits
        if isValid && index < line.upperBound && buffer[index] == UInt8(ascii: ".") {
            index += 1
            isValid = skipDigits(&index, before: line.upperBound)
        }
        if isValid && index < line.upperBound && (buffer[index] | 0x20) == UInt8(ascii: "e") {
            index = signedDigits(index + 1..<line.upperBound).lowerBound
            isValid = skipDigits(&index, before: line.upperBound)
        }
        guard isValid, index == line.upperBound, let value = Double(text) else {
            throw failure("invalid double '\(quoted(line))'", at: position)
        }
        return value
    }

    /// The text of a big number line: an optional sign and at least one digit.
    func bigNumber(in line: Range<Int>) throws(RESPProtocolError) -> String {
        let digits = signedDigits(line)
        guard !digits.isEmpty, buffer[digits].allSatisfy(Self.isDigit) else {
            throw failure("invalid big number '\(quoted(line))'", at: position)
        }
        return text(line)
    }

    /// The value of a boolean line, `t` or `f`.
    func boolean(in line: Range<Int>) throws(RESPProtocolError) -> Bool {
        if buffer[line].elementsEqual("t".utf8) { return true }
        if buffer[line].elementsEqual("f".utf8) { return false }
        throw failure("invalid boolean '\(quoted(line))'", at: position)
    }

    /// The RESP3 null, whose line must be empty.
    func null(in line: Range<Int>) throws(RESPProtocolError) -> RESPValue {
        guard line.isEmpty else { throw failure("null with content '\(quoted(line))'", at: position) }
        return .null
    }

    /// A line as text; bytes that are not UTF-8 become U+FFFD.
    func text(_ line: Range<Int>) -> String {
        String(decoding: buffer[line], as: UTF8.self)
    }

    /// `line` without one leading `+` or `-`.
    private func signedDigits(_ line: Range<Int>) -> Range<Int> {
        guard let first = line.first, buffer[first] == UInt8(ascii: "+") || buffer[first] == UInt8(ascii: "-") else {
            return line
        }
        return first + 1..<line.upperBound
    }

    /// Moves `index` past a run of digits that ends before `end`; whether the run was non-empty.
    private func skipDigits(_ index: inout Int, before end: Int) -> Bool {
        let start = index
        while index < end && Self.isDigit(buffer[index]) { index += 1 }
        return index > start
    }

    /// Whether `byte` is an ASCII decimal digit.
    static func isDigit(_ byte: UInt8) -> Bool {
        byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")
    }
}
