/// Why and where a reply stream broke the RESP grammar or a limit: a value, never a trap.
///
/// Bad bytes from a server (or from anything pretending to be one) are not a bug in KeyForge, so
/// the reader reports them and leaves the decision to the caller, which should drop the connection:
/// after a protocol error the stream has no trustworthy reply boundary left.
public struct RESPProtocolError: Error, Equatable, Sendable, CustomStringConvertible {
    /// What went wrong and where, e.g. "invalid bulk length '-2' at byte 17".
    public var message: String
    /// The offset of the offending byte counted from the first byte ever fed to the reader, or `nil`
    /// for an error raised by code other than the reader.
    public var offset: Int?

    /// Creates an error; the message should already name the place, the offset repeats it for programs.
    public init(message: String, offset: Int? = nil) {
        self.message = message
        self.offset = offset
    }

    /// The error for people: "RESP protocol error: <message>".
    public var description: String {
        "RESP protocol error: \(message)"
    }
}
