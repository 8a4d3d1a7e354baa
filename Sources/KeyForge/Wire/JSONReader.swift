/// The cursor behind `JSONParser`: reads one document from a byte buffer into a `JSONValue`.
///
/// Containers are kept on an explicit stack of frames rather than by recursion (as hiredis keeps its
/// task stack), so nesting costs heap memory bounded by `maxDepth`, never call stack. Scalars are read
/// in `JSONReader+Scalars.swift` and strings in `JSONReader+Strings.swift`.
struct JSONReader {
    /// One open array or object: what has been read of it so far.
    private struct Frame {
        /// Whether this frame is an object (else an array).
        let isObject: Bool
        /// The elements read so far, for an array.
        var elements: [JSONValue] = []
        /// The members read so far, for an object.
        var members: [(key: String, value: JSONValue)] = []
        /// The keys of `members`, so duplicate detection stays linear in the object's size.
        var keys: Set<String> = []
        /// The key whose value is being read, for an object.
        var pendingKey = ""
    }

    /// The whole document.
    let bytes: [UInt8]
    /// The limits in force.
    let limits: JSONLimits
    /// The offset of the next byte to read.
    var position = 0
    /// The open containers, innermost last.
    private var frames: [Frame] = []

    /// Creates a reader at the start of `bytes`.
    init(bytes: [UInt8], limits: JSONLimits) {
        self.bytes = bytes
        self.limits = limits
    }

    /// The error for a document larger than `limits.maxInputBytes`, reported at its start.
    static func inputTooLarge(_ limits: JSONLimits) -> JSONParseError {
        JSONParseError(offset: 0, line: 1, column: 1, message: "input larger than \(limits.maxInputBytes) bytes")
    }

    /// Reads the single top-level value and checks that only whitespace follows it.
    mutating func readDocument() throws(JSONParseError) -> JSONValue {
        guard bytes.count <= limits.maxInputBytes else { throw Self.inputTooLarge(limits) }
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) {
            throw failure("byte order mark is not allowed", at: 0)
        }
        let value = try readValue()
        skipWhitespace()
        guard position == bytes.count else {
            throw failure("unexpected data after the JSON value", at: position)
        }
        return value
    }

    /// Reads one value, containers included, leaving the cursor just after it.
    private mutating func readValue() throws(JSONParseError) -> JSONValue {
        var value: JSONValue
        readingValue: while true {
            // Read a scalar or an empty container, or open a container and go read its first child.
            skipWhitespace()
            guard let byte = peek() else { throw endOfInput() }
            switch byte {
            case UInt8(ascii: "["):
                try checkDepth()
                position += 1
                skipWhitespace()
                if peek() == UInt8(ascii: "]") {
                    position += 1
                    value = .array([])
                } else {
                    frames.append(Frame(isObject: false))
                    continue readingValue
                }
            case UInt8(ascii: "{"):
                try checkDepth()
                position += 1
                skipWhitespace()
                if peek() == UInt8(ascii: "}") {
                    position += 1
                    value = .object(JSONObject())
                } else {
                    frames.append(Frame(isObject: true))
                    try readMemberKey(expected: "expected a string key or '}'")
                    continue readingValue
                }
            default:
                value = try readScalar()
            }

            // Hand the finished value to its parent; a closing bracket finishes the parent in turn.
            while let top = frames.indices.last {
                skipWhitespace()
                let separator = peek()
                if frames[top].isObject {
                    let key = frames[top].pendingKey
                    frames[top].members.append((key: key, value: value))
                    switch separator {
                    case UInt8(ascii: ","):
                        try skipComma(closer: UInt8(ascii: "}"))
                        try readMemberKey(expected: "expected a string key")
                        continue readingValue
                    case UInt8(ascii: "}"):
                        position += 1
                        value = .object(JSONObject(frames.removeLast().members))
                    case nil:
                        throw endOfInput()
                    default:
                        throw failure("expected ',' or '}' after an object member", at: position)
                    }
                } else {
                    frames[top].elements.append(value)
                    switch separator {
                    case UInt8(ascii: ","):
                        try skipComma(closer: UInt8(ascii: "]"))
                        continue readingValue
                    case UInt8(ascii: "]"):
                        position += 1
                        value = .array(frames.removeLast().elements)
                    case nil:
                        throw endOfInput()
                    default:
                        throw failure("expected ',' or ']' after an array element", at: position)
                    }
                }
            }
            return value
        }
    }

    /// Fails when opening one more container would nest deeper than `limits.maxDepth`.
    private func checkDepth() throws(JSONParseError) {
        guard frames.count < limits.maxDepth else {
            throw failure("nesting deeper than \(limits.maxDepth)", at: position)
        }
    }

    /// Consumes a comma and the whitespace after it, failing if the container closes right there.
    private mutating func skipComma(closer: UInt8) throws(JSONParseError) {
        let comma = position
        position += 1
        skipWhitespace()
        if peek() == closer {
            throw failure("trailing comma", at: comma)
        }
    }

    /// Reads an object key and its colon into the innermost frame, rejecting a key it already has.
    private mutating func readMemberKey(expected: String) throws(JSONParseError) {
        skipWhitespace()
        guard let byte = peek() else { throw endOfInput() }
        guard byte == UInt8(ascii: "\"") else { throw failure(expected, at: position) }
        let keyOffset = position
        let key = try readString()
        let top = frames.count - 1
        guard frames[top].keys.insert(key).inserted else {
            throw failure("duplicate key \"\(key)\"", at: keyOffset)
        }
        frames[top].pendingKey = key
        skipWhitespace()
        guard let colon = peek() else { throw endOfInput() }
        guard colon == UInt8(ascii: ":") else {
            throw failure("expected ':' after an object key", at: position)
        }
        position += 1
    }

    /// The byte at the cursor, or `nil` at the end of input.
    func peek() -> UInt8? {
        position < bytes.count ? bytes[position] : nil
    }

    /// Moves the cursor past RFC 8259 whitespace: space, tab, LF and CR only.
    mutating func skipWhitespace() {
        while let byte = peek(),
              byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") || byte == UInt8(ascii: "\n") || byte == UInt8(ascii: "\r") {
            position += 1
        }
    }

    /// An error with `message` at `offset`, located by line and column.
    func failure(_ message: String, at offset: Int) -> JSONParseError {
        JSONParseError(at: offset, in: bytes, message: message)
    }

    /// The error for input that stops before the document is complete.
    func endOfInput() -> JSONParseError {
        failure("unexpected end of input", at: bytes.count)
    }
}
