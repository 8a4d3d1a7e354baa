extension StringProtocol {
    /// The text's lines, split at LF or CRLF. "\r\n" is one Character in Swift, so splitting at "\n"
    /// alone would leave CRLF text in one piece.
    package var lines: [SubSequence] { split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" }) }

    /// Without leading and trailing whitespace (spaces, tabs, newlines).
    public func trimmingCharacters() -> Substring {
        var text = Substring(self)
        while let first = text.first, first.isWhitespace { text.removeFirst() }
        while let last = text.last, last.isWhitespace { text.removeLast() }
        return text
    }
}
