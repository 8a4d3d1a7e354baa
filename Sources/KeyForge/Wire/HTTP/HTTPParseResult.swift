/// What one call of an incremental head parser found: more input needed, a head, or an error.
///
/// The shape is picohttpparser's: the caller keeps the bytes, the parser returns how many of them
/// the head used, and "partial" is an ordinary answer rather than an error.
public enum HTTPParseResult<Head: Sendable>: Sendable {
    /// The buffer holds a valid prefix of a head; call again with the same bytes and more after them.
    case partial
    /// A head was parsed from the first `consumed` bytes; any bytes after them are body or the next message.
    case complete(Head, consumed: Int)
    /// The bytes cannot be the start of a valid message; the connection should be answered and closed.
    case failure(HTTPParseError)
}

/// Results compare by case, head, consumed count and error, which is what tests assert on.
extension HTTPParseResult: Equatable where Head: Equatable {}
