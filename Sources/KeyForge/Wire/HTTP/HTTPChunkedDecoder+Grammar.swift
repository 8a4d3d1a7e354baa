/// The transitions of the chunked grammar, one byte at a time:
///
///     chunked-body = *chunk last-chunk trailer-section CRLF
///     chunk        = chunk-size [ chunk-ext ] CRLF chunk-data CRLF
///     chunk-ext    = *( BWS ";" BWS ext-name [ BWS "=" BWS ext-val ] )
///
/// Errors are 400 except the limits: 413 for the body, 431 for trailers.
extension HTTPChunkedDecoder {
    /// Advances the state machine over one byte that is not chunk data.
    mutating func step(_ byte: UInt8) throws(HTTPParseError) {
        switch state {
        case .size, .sizeWhitespace, .chunkExtension:
            try stepSizeLine(byte)
        case .sizeLF:
            guard byte == HTTPSyntax.lf else { throw .badRequest("CR not followed by LF in a chunk-size line") }
            bodyBytes += chunkSize
            state = chunkSize == 0 ? .trailerLineStart : .data(remaining: chunkSize)
            chunkSize = 0
            hasSizeDigit = false
            lineBytes = 0
        case .data:
            preconditionFailure("chunk data is sliced by decode, never stepped")
        case .dataCR:
            guard byte == HTTPSyntax.cr else { throw .badRequest("chunk data longer than its size") }
            state = .dataLF
        case .dataLF:
            guard byte == HTTPSyntax.lf else { throw .badRequest("CR not followed by LF after chunk data") }
            state = .size
        case .trailerLineStart, .trailerName, .trailerValue, .trailerLF, .endLF:
            try stepTrailer(byte)
        case .done:
            preconditionFailure("a finished chunked body takes no more bytes")
        }
    }

    /// Advances over a byte of a chunk-size line: hex digits, optional whitespace, extensions, CR.
    private mutating func stepSizeLine(_ byte: UInt8) throws(HTTPParseError) {
        if byte == HTTPSyntax.cr {
            guard hasSizeDigit else { throw .badRequest("chunk-size line without a size") }
            try checkChunkSize()
            guard state != .sizeWhitespace else { throw .badRequest("whitespace at the end of a chunk-size line") }
            state = .sizeLF
            return
        }
        if byte == HTTPSyntax.lf { throw .badRequest("LF without CR in a chunk-size line") }
        lineBytes += 1
        guard lineBytes <= limits.maxChunkLineBytes else {
            throw .badRequest("chunk-size line longer than \(limits.maxChunkLineBytes) bytes")
        }
        switch state {
        case .size:
            if let digit = HTTPSyntax.hexValue(byte) {
                // Checked per digit, so a run of hex of any length cannot overflow.
                guard chunkSize <= (Int.max - digit) >> 4 else { throw .badRequest("chunk size overflows") }
                chunkSize = chunkSize << 4 | digit
                hasSizeDigit = true
                return
            }
            guard hasSizeDigit else { throw .badRequest("chunk-size line does not start with a hex digit") }
            try checkChunkSize()
            if byte == UInt8(ascii: ";") {
                state = .chunkExtension
            } else if HTTPSyntax.isWhitespace(byte) {
                state = .sizeWhitespace
            } else {
                throw .badRequest("invalid character after the chunk size")
            }
        case .sizeWhitespace:
            if byte == UInt8(ascii: ";") {
                state = .chunkExtension
            } else if !HTTPSyntax.isWhitespace(byte) {
                throw .badRequest("invalid character after the chunk size")
            }
        default:
            // Extension text is skipped, but a control byte in it is still malformed.
            guard HTTPSyntax.isFieldValueByte(byte) else { throw .badRequest("control character in a chunk extension") }
        }
    }

    /// Fails with 413 when the chunk just sized would take the body past `maxBodyBytes`.
    private func checkChunkSize() throws(HTTPParseError) {
        guard chunkSize <= limits.maxBodyBytes - bodyBytes else {
            throw HTTPParseError(status: 413, message: "chunked body larger than \(limits.maxBodyBytes) bytes")
        }
    }

    /// Advances over a byte of the trailer section, whose field lines are checked and dropped.
    private mutating func stepTrailer(_ byte: UInt8) throws(HTTPParseError) {
        if state == .endLF {
            guard byte == HTTPSyntax.lf else { throw .badRequest("CR not followed by LF at the end of a chunked body") }
            state = .done
            return
        }
        if state == .trailerLineStart && byte == HTTPSyntax.cr {
            state = .endLF
            return
        }
        trailerBytes += 1
        guard trailerBytes <= limits.maxTrailerBytes else {
            throw HTTPParseError(status: 431, message: "trailer section larger than \(limits.maxTrailerBytes) bytes")
        }
        switch state {
        case .trailerLineStart:
            if HTTPSyntax.isWhitespace(byte) { throw .badRequest("obsolete line folding in a trailer") }
            guard HTTPSyntax.isTokenByte(byte) else { throw .badRequest("invalid character in a trailer field name") }
            state = .trailerName
        case .trailerName:
            if byte == HTTPSyntax.colon {
                state = .trailerValue
            } else if HTTPSyntax.isWhitespace(byte) {
                throw .badRequest("whitespace between a trailer field name and its colon")
            } else if !HTTPSyntax.isTokenByte(byte) {
                throw .badRequest("invalid character in a trailer field name")
            }
        case .trailerValue:
            if byte == HTTPSyntax.cr {
                state = .trailerLF
            } else if !HTTPSyntax.isFieldValueByte(byte) {
                throw .badRequest("control character in a trailer field value")
            }
        default:
            guard byte == HTTPSyntax.lf else { throw .badRequest("CR not followed by LF in a trailer") }
            state = .trailerLineStart
        }
    }
}
