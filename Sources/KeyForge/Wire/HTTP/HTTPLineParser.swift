/// Parses the single lines of a head once `HTTPHeadScanner` has found them.
///
/// Lines arrive without CRLF and free of NUL, CR and LF, so these functions only check grammar.
/// Grammar is strict: single spaces in the start line, no whitespace before a field's colon.
enum HTTPLineParser {
    /// A parsed request line.
    struct RequestLine {
        /// The method token, e.g. "GET".
        var method: String
        /// The request target as sent.
        var target: String
        /// The minor version: 0, or 1 for HTTP/1.1 and any later HTTP/1.x.
        var versionMinor: Int
    }

    /// A parsed status line.
    struct StatusLine {
        /// The minor version: 0, or 1 for HTTP/1.1 and any later HTTP/1.x.
        var versionMinor: Int
        /// The three-digit status code.
        var status: Int
        /// The reason phrase, possibly empty.
        var reason: String
    }

    /// Parses `method SP request-target SP HTTP-version` (RFC 9112 §3).
    ///
    /// Any non-empty target of visible ASCII is accepted (origin, absolute, authority or asterisk
    /// form); deciding what a target means is the router's job, not the codec's.
    static func parseRequestLine(_ buffer: UnsafeRawBufferPointer, _ line: Range<Int>) throws(HTTPParseError) -> RequestLine {
        var index = line.lowerBound
        while index < line.upperBound, HTTPSyntax.isTokenByte(buffer[index]) { index += 1 }
        guard index > line.lowerBound else { throw .badRequest("request line does not start with a method") }
        guard index < line.upperBound, buffer[index] == HTTPSyntax.space else {
            throw .badRequest("invalid character in the method")
        }
        let method = HTTPSyntax.string(buffer, line.lowerBound..<index)
        let targetStart = index + 1
        index = targetStart
        while index < line.upperBound, buffer[index] > 0x20, buffer[index] < 0x7F { index += 1 }
        guard index > targetStart else { throw .badRequest("missing request target") }
        guard index < line.upperBound, buffer[index] == HTTPSyntax.space else {
            throw .badRequest("invalid character in the request target or missing version")
        }
        let target = HTTPSyntax.string(buffer, targetStart..<index)
        let versionMinor = try parseVersion(buffer, index + 1..<line.upperBound)
        return RequestLine(method: method, target: target, versionMinor: versionMinor)
    }

    /// Parses `HTTP-version SP status-code [SP reason-phrase]` (RFC 9112 §4).
    ///
    /// The space after the code is optional although the grammar requires it: servers that omit it
    /// when the reason is empty exist, and the line is unambiguous without it.
    static func parseStatusLine(_ buffer: UnsafeRawBufferPointer, _ line: Range<Int>) throws(HTTPParseError) -> StatusLine {
        let versionEnd = line.lowerBound + 8
        guard versionEnd < line.upperBound, buffer[versionEnd] == HTTPSyntax.space else {
            throw .badRequest("status line does not start with an HTTP version and a space")
        }
        let versionMinor = try parseVersion(buffer, line.lowerBound..<versionEnd)
        let codeStart = versionEnd + 1
        guard codeStart + 3 <= line.upperBound,
              let hundreds = digit(buffer[codeStart]), let tens = digit(buffer[codeStart + 1]),
              let units = digit(buffer[codeStart + 2]), (1...5).contains(hundreds) else {
            throw .badRequest("status code is not three digits from 100 to 599")
        }
        let status = hundreds * 100 + tens * 10 + units
        var reasonStart = codeStart + 3
        if reasonStart < line.upperBound {
            guard buffer[reasonStart] == HTTPSyntax.space else { throw .badRequest("status code longer than three digits") }
            reasonStart += 1
        }
        for index in reasonStart..<line.upperBound where !HTTPSyntax.isFieldValueByte(buffer[index]) {
            throw .badRequest("control character in the reason phrase")
        }
        return StatusLine(versionMinor: versionMinor, status: status, reason: HTTPSyntax.string(buffer, reasonStart..<line.upperBound))
    }

    /// Parses `HTTP/DIGIT.DIGIT` into a minor version of 0 or 1.
    ///
    /// HTTP/1.x above 1.1 is read as 1.1 (RFC 9110 §6.2: a recipient uses the highest minor it
    /// supports); another major version is 505; anything else is not a version at all and is 400.
    static func parseVersion(_ buffer: UnsafeRawBufferPointer, _ range: Range<Int>) throws(HTTPParseError) -> Int {
        let prefix = "HTTP/".utf8
        guard range.count == 8,
              buffer[range.lowerBound..<range.lowerBound + 5].elementsEqual(prefix),
              let major = digit(buffer[range.lowerBound + 5]),
              buffer[range.lowerBound + 6] == UInt8(ascii: "."),
              let minor = digit(buffer[range.lowerBound + 7]) else {
            throw .badRequest("invalid HTTP version")
        }
        guard major == 1 else { throw HTTPParseError(status: 505, message: "HTTP version \(major).\(minor) is not supported") }
        return min(minor, 1)
    }

    /// The value of the decimal digit `byte`, or `nil` when it is not one.
    private static func digit(_ byte: UInt8) -> Int? {
        byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") ? Int(byte - UInt8(ascii: "0")) : nil
    }

    /// Parses `field-name ":" OWS field-value OWS` (RFC 9112 §5), trimming the whitespace.
    ///
    /// Field values are decoded as UTF-8 with invalid bytes replaced, so obs-text survives as
    /// U+FFFD; KeyForge's own fields are ASCII, and a lossy value cannot change framing.
    static func parseFieldLine(_ buffer: UnsafeRawBufferPointer, _ line: Range<Int>) throws(HTTPParseError) -> (name: String, value: String) {
        var index = line.lowerBound
        while index < line.upperBound, HTTPSyntax.isTokenByte(buffer[index]) { index += 1 }
        guard index < line.upperBound else { throw .badRequest("header field without a colon") }
        if HTTPSyntax.isWhitespace(buffer[index]) {
            // RFC 9112 §5.1: a server MUST reject whitespace here; proxies have read it differently.
            throw .badRequest("whitespace between a header field name and its colon")
        }
        guard buffer[index] == HTTPSyntax.colon else { throw .badRequest("invalid character in a header field name") }
        guard index > line.lowerBound else { throw .badRequest("empty header field name") }
        let name = HTTPSyntax.string(buffer, line.lowerBound..<index)
        var valueStart = index + 1
        var valueEnd = line.upperBound
        for position in valueStart..<valueEnd where !HTTPSyntax.isFieldValueByte(buffer[position]) {
            throw .badRequest("control character in the value of \(name)")
        }
        while valueStart < valueEnd, HTTPSyntax.isWhitespace(buffer[valueStart]) { valueStart += 1 }
        while valueEnd > valueStart, HTTPSyntax.isWhitespace(buffer[valueEnd - 1]) { valueEnd -= 1 }
        return (name, HTTPSyntax.string(buffer, valueStart..<valueEnd))
    }
}
