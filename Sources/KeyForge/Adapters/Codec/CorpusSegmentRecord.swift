/// One row of a corpus segment: the symbols of an n-gram (or the one word) and its count.
///
/// A symbol is a single character ("é") or a named key written as a word ("SPACE").
public struct CorpusSegmentRecord: Equatable, Sendable {
    /// The n-gram's symbols in order; `[word]` for the `words` segment.
    public var symbols: [String]
    /// How many times the n-gram occurs in the source text (never negative).
    public var freq: Int64

    /// Makes a record from its symbols and count.
    public init(symbols: [String], freq: Int64) {
        self.symbols = symbols
        self.freq = freq
    }
}
