/// A corpus segment that could not be encoded or decoded, with a message naming the problem and
/// where it is (for example `record 17: missing "freq"`).
///
/// Bad segment bytes come from outside the process (a file, the assets server), so every problem
/// with them is this value, never a trap.
public struct CorpusSegmentError: Error, Equatable, Sendable, CustomStringConvertible {
    /// What went wrong, in one line, without the file name (the caller knows the path).
    public var message: String

    /// Makes an error with the given message.
    public init(_ message: String) {
        self.message = message
    }

    /// The message.
    public var description: String { message }
}
