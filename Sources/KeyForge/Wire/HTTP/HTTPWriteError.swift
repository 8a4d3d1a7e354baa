/// Why the writer refused a response head: a value, so a bad header from a handler cannot crash the server.
///
/// A header value holding CR or LF would let whoever chose it (often a client, echoed back) write
/// extra fields or a second response, so the writer refuses the whole head and appends nothing;
/// the server then answers 500 instead. Silently dropping the field was the other choice, but a
/// response missing a header it was meant to carry is a bug that should be seen.
public struct HTTPWriteError: Error, Equatable, Sendable, CustomStringConvertible {
    /// What was wrong, e.g. "control character in the value of Location".
    public var message: String

    /// Creates an error with its message.
    public init(message: String) {
        self.message = message
    }

    /// The message.
    public var description: String {
        message
    }
}
