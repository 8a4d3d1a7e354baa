/// The smuggling-proof reading of `Content-Length` and `Transfer-Encoding` (RFC 9112 §6).
///
/// Request smuggling lives in the gap between two parsers that frame one message differently, so
/// every shape on which parsers are known to disagree is refused rather than resolved: both fields
/// together, the same field twice (even with equal values, even as a list "5, 5"), a length that is
/// not plain digits, and any transfer coding but a lone `chunked`.
enum HTTPFramingRules {
    /// What the framing fields declare, before any method or status rule applies.
    enum Declared: Equatable {
        /// Neither field is present.
        case absent
        /// One valid `Content-Length`.
        case contentLength(Int)
        /// One `Transfer-Encoding: chunked`.
        case chunked
    }

    /// Reads the framing fields of a message of version 1.`versionMinor`.
    ///
    /// A coding list whose final coding is not `chunked` is 400, as RFC 9112 §6.3 requires of a
    /// server (the body's end cannot be known); a list ending in `chunked` after other codings
    /// ("gzip, chunked") is well framed but asks for a decoding KeyForge lacks, hence 501.
    static func declared(by headers: HTTPHeaders, versionMinor: Int) throws(HTTPParseError) -> Declared {
        let encodings = headers.values(for: "Transfer-Encoding")
        let lengths = headers.values(for: "Content-Length")
        if !encodings.isEmpty && !lengths.isEmpty { throw .badRequest("Content-Length and Transfer-Encoding together") }
        if encodings.count > 1 { throw .badRequest("more than one Transfer-Encoding field") }
        if let encoding = encodings.first {
            // §6.1: Transfer-Encoding in HTTP/1.0 means the framing is faulty.
            guard versionMinor > 0 else { throw .badRequest("Transfer-Encoding in an HTTP/1.0 message") }
            if HTTPSyntax.equalsIgnoringCase(encoding, "chunked") { return .chunked }
            let codings = encoding.split(separator: ",", omittingEmptySubsequences: false)
                .map { HTTPSyntax.equalsIgnoringCase(HTTPSyntax.trimmingWhitespace($0), "chunked") }
            guard codings.last == true else { throw .badRequest("chunked is not the final transfer coding") }
            // §7.1: chunked must not be applied twice.
            guard codings.dropLast().allSatisfy({ !$0 }) else { throw .badRequest("chunked applied more than once") }
            throw HTTPParseError(status: 501, message: "transfer coding \"\(encoding)\" is not supported")
        }
        if lengths.count > 1 { throw .badRequest("more than one Content-Length field") }
        if let length = lengths.first {
            guard let value = HTTPSyntax.decimalValue(length) else { throw .badRequest("invalid Content-Length \"\(length)\"") }
            return .contentLength(value)
        }
        return .absent
    }

    /// Fails with 413 when a declared body is larger than `limits.maxBodyBytes`.
    static func checkBodyLength(_ length: Int, limits: HTTPLimits) throws(HTTPParseError) {
        guard length <= limits.maxBodyBytes else {
            throw HTTPParseError(status: 413, message: "body of \(length) bytes is larger than \(limits.maxBodyBytes)")
        }
    }

    /// Whether a message of version 1.`versionMinor` lets the connection be reused (RFC 9112 §9.3).
    ///
    /// HTTP/1.1 persists unless `Connection: close`; HTTP/1.0 only with `Connection: keep-alive`.
    static func isPersistent(headers: HTTPHeaders, versionMinor: Int) -> Bool {
        if headers.containsToken("close", in: "Connection") { return false }
        return versionMinor >= 1 || headers.containsToken("keep-alive", in: "Connection")
    }
}
