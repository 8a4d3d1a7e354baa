/// Why and where a document failed to parse: a value, never a trap, since bad input is not a bug.
///
/// The position is given both as a byte offset (for programs) and as a 1-based line and byte column
/// (for people reading `description`). Lines are counted by LF, so CRLF text counts lines correctly.
public struct JSONParseError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The byte offset of the offending byte, or the input's length for "unexpected end of input".
    public var offset: Int
    /// The 1-based line of `offset`.
    public var line: Int
    /// The 1-based column of `offset`, counted in bytes.
    public var column: Int
    /// What went wrong, e.g. "trailing comma" or "duplicate key \"sfb_base\"".
    public var message: String

    /// Creates an error at an explicit position.
    public init(offset: Int, line: Int, column: Int, message: String) {
        self.offset = offset
        self.line = line
        self.column = column
        self.message = message
    }

    /// Creates an error at `offset` in `bytes`, working out its line and column.
    ///
    /// Counting is done only when an error is raised, so the parser's hot path tracks just an offset.
    init(at offset: Int, in bytes: [UInt8], message: String) {
        var line = 1
        var lineStart = 0
        for index in 0..<min(offset, bytes.count) where bytes[index] == UInt8(ascii: "\n") {
            line += 1
            lineStart = index + 1
        }
        self.init(offset: offset, line: line, column: offset - lineStart + 1, message: message)
    }

    /// The error for people: "line 3, column 7: <message>".
    public var description: String {
        "line \(line), column \(column): \(message)"
    }
}
