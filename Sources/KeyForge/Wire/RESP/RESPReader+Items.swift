/// Reading items: one scalar, one bulk, or one aggregate header at a time, and the frame stack above them.
///
/// Every method here either consumes a whole item (moving `position` past it) or consumes nothing and
/// returns nil with `resumeCount` set, so a reply that stops part-way resumes at the item it stopped on.
extension RESPReader {
    /// Reads on from the cursor until a reply is complete, or returns nil when the bytes run out.
    mutating func readReply() throws(RESPProtocolError) -> RESPValue? {
        while true {
            guard var outcome = try readItem() else { return nil }
            // Hand each finished value to its aggregate; one that receives its last value finishes in turn.
            // `.opened` and `.discarded` hand nothing up: the next item is read into the same slot.
            while case .value(let value) = outcome {
                guard let top = frames.indices.last else { return value }
                frames[top].append(value)
                guard frames[top].isComplete else { break }
                outcome = frames.removeLast().finish()
            }
        }
    }

    /// Reads the item whose type byte is at the cursor: a scalar or bulk whole, or an aggregate's header.
    private mutating func readItem() throws(RESPProtocolError) -> RESPFrame.Outcome? {
        guard position < buffer.count else {
            resumeCount = position + 1
            return nil
        }
        let typeByte = buffer[position]
        // Checked before waiting for a CRLF, so garbage fails at once instead of after a whole line.
        guard Self.isTypeByte(typeByte) else { throw invalidTypeByte(typeByte) }
        guard let line = try readLine() else { return nil }
        let lineEnd = line.upperBound + 2
        let value: RESPValue
        switch Unicode.Scalar(typeByte) {
        case "$", "!", "=":
            return try readBulk(typeByte, header: line, bodyStart: lineEnd)
        case "*", "%", "~", ">", "|":
            return try openAggregate(typeByte, header: line, next: lineEnd)
        case "+": value = .simpleString(text(line))
        case "-": value = .error(text(line))
        case ":": value = .integer(try integer(in: line))
        case "_": value = try null(in: line)
        case "#": value = .boolean(try boolean(in: line))
        case ",": value = .double(try double(in: line))
        case "(": value = .bigNumber(try bigNumber(in: line))
        default: throw invalidTypeByte(typeByte)
        }
        position = lineEnd
        return .value(value)
    }

    /// Whether `byte` starts a RESP2 or RESP3 item this reader understands.
    ///
    /// RESP3's streamed strings and aggregates (`$?`, `;`, `.`) are not among them: no server sends
    /// them to clients today, and their `?` length fails as a non-digit length.
    private static func isTypeByte(_ byte: UInt8) -> Bool {
        switch Unicode.Scalar(byte) {
        case "+", "-", ":", "$", "*", "_", "#", ",", "(", "!", "=", "%", "~", ">", "|": true
        default: false
        }
    }

    /// The error for a byte that cannot start an item, at the cursor.
    private func invalidTypeByte(_ byte: UInt8) -> RESPProtocolError {
        failure("invalid type byte \(Self.describe(byte))", at: position)
    }

    /// Reads a bulk string (`$`), bulk error (`!`) or verbatim string (`=`) whose header is `header`.
    ///
    /// The length is checked against the limit before waiting for the body; while the body is short,
    /// `resumeCount` holds the buffer size that completes it, so further feeds do not re-read the header.
    private mutating func readBulk(_ typeByte: UInt8, header: Range<Int>, bodyStart: Int) throws(RESPProtocolError) -> RESPFrame.Outcome? {
        let type = Unicode.Scalar(typeByte)
        let name = type == "$" ? "bulk string" : type == "!" ? "bulk error" : "verbatim string"
        guard let length = try readLength(header, of: name, allowsNull: type == "$") else {
            position = bodyStart
            return .value(.null)
        }
        guard length <= limits.maxBulkLength else {
            throw failure("\(name) length \(length) exceeds the limit of \(limits.maxBulkLength)", at: position)
        }
        // Written as a subtraction so that no sum can overflow whatever the limit.
        guard buffer.count - bodyStart - 2 >= length else {
            resumeCount = Self.saturatingSum(bodyStart, length, 2)
            return nil
        }
        let bodyEnd = bodyStart + length
        guard buffer[bodyEnd] == Self.carriageReturn, buffer[bodyEnd + 1] == Self.lineFeed else {
            throw failure("\(name) of \(length) bytes not followed by CRLF", at: bodyEnd)
        }
        let body = buffer[bodyStart..<bodyEnd]
        let value: RESPValue
        switch type {
        case "!":
            value = .error(String(decoding: body, as: UTF8.self))
        case "=":
            // The body starts with a 3-byte format such as "txt" or "mkd" and a colon.
            guard length >= 4, buffer[bodyStart + 3] == UInt8(ascii: ":") else {
                throw failure("verbatim string without a 3-byte format and ':'", at: bodyStart)
            }
            value = .bulkString(Array(body.dropFirst(4)))
        default:
            value = .bulkString(Array(body))
        }
        position = bodyEnd + 2
        return .value(value)
    }

    /// Opens an array (`*`), map (`%`), set (`~`), push (`>`) or attribute (`|`) whose header is `header`.
    ///
    /// Depth and element count are checked before any frame is created, and the frame reserves no
    /// more room than the bytes after the header could fill.
    private mutating func openAggregate(_ typeByte: UInt8, header: Range<Int>, next: Int) throws(RESPProtocolError) -> RESPFrame.Outcome {
        let kind: RESPFrame.Kind
        switch Unicode.Scalar(typeByte) {
        case "%": kind = .map
        case "~": kind = .set
        case ">": kind = .push
        case "|": kind = .attribute
        default: kind = .array
        }
        let name = "\(kind)"
        guard let count = try readLength(header, of: name, allowsNull: kind == .array) else {
            position = next
            return .value(.null)
        }
        let isPaired = kind == .map || kind == .attribute
        let (valueCount, overflow) = count.multipliedReportingOverflow(by: isPaired ? 2 : 1)
        guard !overflow, valueCount <= limits.maxElements else {
            let unit = isPaired ? "pairs" : "elements"
            throw failure("\(name) of \(count) \(unit) exceeds the limit of \(limits.maxElements) values", at: position)
        }
        guard frames.count < limits.maxDepth else {
            throw failure("aggregates nested deeper than \(limits.maxDepth)", at: position)
        }
        position = next
        // The smallest item, "_\r\n", takes 3 bytes, so the bytes in hand cannot fill more values.
        let frame = RESPFrame(kind: kind, expectedCount: valueCount, reservedCount: (buffer.count - next) / 3)
        guard valueCount > 0 else { return frame.finish() }
        frames.append(frame)
        return .opened
    }

    /// `a + b + c`, or `Int.max` when that overflows: a buffer size no feed will reach.
    private static func saturatingSum(_ a: Int, _ b: Int, _ c: Int) -> Int {
        let (partial, firstOverflow) = a.addingReportingOverflow(b)
        let (sum, secondOverflow) = partial.addingReportingOverflow(c)
        return firstOverflow || secondOverflow ? Int.max : sum
    }
}
