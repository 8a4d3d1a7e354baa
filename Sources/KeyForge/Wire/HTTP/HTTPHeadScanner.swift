/// Splits a head into lines as bytes arrive, enforcing the byte-level rules and the head limits.
///
/// Both head parsers sit on this scanner, so requests and responses agree on line endings and
/// limits. It remembers how far it has looked, so each byte is examined once however the head
/// is split across calls. Every check runs at the byte that decides it, in input order: a prefix
/// of the input therefore yields either the same error as the whole or no error yet.
///
/// Line endings are strict CRLF. RFC 9112 §2.2 lets a recipient accept a bare LF, but peers that
/// disagree on line endings are how requests get smuggled past a proxy, so a bare LF is a 400, as
/// is a bare CR (which the RFC forbids accepting). Empty lines before the start line are skipped
/// (§2.2: a client may send a CRLF after a POST body); they count towards `maxHeaderBytes`.
struct HTTPHeadScanner {
    /// What the scanner found next.
    enum Event {
        /// The start line, without its CRLF.
        case startLine(Range<Int>)
        /// One field line, without its CRLF; it does not start with whitespace.
        case fieldLine(Range<Int>)
        /// The blank line ending the head; the head is the first `consumed` bytes.
        case end(consumed: Int)
        /// Every byte so far is valid; more are needed.
        case partial
        /// A byte broke a rule or a limit.
        case failure(HTTPParseError)
    }

    /// Which part of the head the next line belongs to.
    private enum Phase {
        case leadingEmptyLines, startLine, fieldLines
    }

    /// The limits in force.
    let limits: HTTPLimits
    /// The offset of the next byte to examine.
    private var offset = 0
    /// The offset where the current line starts.
    private var lineStart = 0
    /// Which part of the head is being read.
    private var phase = Phase.leadingEmptyLines
    /// The field lines completed so far.
    private var fieldCount = 0
    /// Whether the previous byte was a CR, so this one must be LF.
    private var isAfterCR = false

    /// Creates a scanner at the start of a head.
    init(limits: HTTPLimits) {
        self.limits = limits
    }

    /// Examines bytes from where the last call stopped until a line, the end, or an error.
    ///
    /// `buffer` starts at the head's first byte and holds at least the bytes of every earlier call.
    mutating func next(in buffer: UnsafeRawBufferPointer) -> Event {
        precondition(buffer.count >= offset, "the buffer lost bytes the head scanner already examined")
        while offset < buffer.count {
            let index = offset
            let byte = buffer[index]
            if index >= limits.maxHeaderBytes {
                return .failure(HTTPParseError(status: 431, message: "head larger than \(limits.maxHeaderBytes) bytes"))
            }
            if byte == 0 { return .failure(.badRequest("NUL byte in the head")) }
            offset += 1
            if isAfterCR {
                guard byte == HTTPSyntax.lf else { return .failure(.badRequest("CR not followed by LF")) }
                isAfterCR = false
                let line = lineStart..<index - 1
                lineStart = offset
                switch phase {
                case .leadingEmptyLines:
                    continue
                case .startLine:
                    phase = .fieldLines
                    return .startLine(line)
                case .fieldLines:
                    if line.isEmpty {
                        self = HTTPHeadScanner(limits: limits)
                        return .end(consumed: index + 1)
                    }
                    fieldCount += 1
                    return .fieldLine(line)
                }
            }
            if byte == HTTPSyntax.cr {
                isAfterCR = true
                continue
            }
            if byte == HTTPSyntax.lf { return .failure(.badRequest("LF without CR; lines must end in CRLF")) }
            if let error = checkLineByte(byte, at: index) { return .failure(error) }
        }
        return .partial
    }

    /// Checks a byte that is neither CR nor LF against the rules of the line it falls in.
    private mutating func checkLineByte(_ byte: UInt8, at index: Int) -> HTTPParseError? {
        switch phase {
        case .leadingEmptyLines:
            phase = .startLine
        case .startLine:
            break
        case .fieldLines:
            guard index == lineStart else { return nil }
            // A line starting with whitespace continues the previous one (obs-fold); RFC 9112 §5.2
            // lets a server reject it, and joining lines is another place where peers disagree.
            if HTTPSyntax.isWhitespace(byte) { return .badRequest("obsolete line folding") }
            if fieldCount >= limits.maxHeaderCount {
                return HTTPParseError(status: 431, message: "more than \(limits.maxHeaderCount) header fields")
            }
            return nil
        }
        if index - lineStart >= limits.maxRequestLineBytes {
            return HTTPParseError(status: 414, message: "start line longer than \(limits.maxRequestLineBytes) bytes")
        }
        return nil
    }
}

extension HTTPHeadScanner {
    /// Drives the scanner over `buffer`: the start line goes through `parseStart` into `start`, field
    /// lines are appended to `headers`; returns the bytes the head used once it ends, nil while partial.
    /// The one loop both the request and the response parser run.
    mutating func scanHead<Start>(
        _ buffer: UnsafeRawBufferPointer, start: inout Start?, headers: inout HTTPHeaders,
        parseStart: (UnsafeRawBufferPointer, Range<Int>) throws(HTTPParseError) -> Start
    ) throws(HTTPParseError) -> Int? {
        while true {
            switch next(in: buffer) {
            case .partial:
                return nil
            case .failure(let error):
                throw error
            case .startLine(let line):
                start = try parseStart(buffer, line)
            case .fieldLine(let line):
                let field = try HTTPLineParser.parseFieldLine(buffer, line)
                headers.append(name: field.name, value: field.value)
            case .end(let consumed):
                return consumed
            }
        }
    }
}
