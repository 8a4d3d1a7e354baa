/// Two symbols in order: a bigram key.
public struct SymbolPair: Hashable, Sendable {
    /// The first symbol.
    public var first: String
    /// The second symbol.
    public var second: String
    /// Creates a pair.
    public init(_ first: String, _ second: String) { self.first = first; self.second = second }
}

/// Three symbols in order: a trigram key.
public struct SymbolTriple: Hashable, Sendable {
    /// The first symbol.
    public var first: String
    /// The second symbol.
    public var second: String
    /// The third symbol.
    public var third: String
    /// Creates a triple.
    public init(_ first: String, _ second: String, _ third: String) { self.first = first; self.second = second; self.third = third }
}

/// N-gram counts keyed by symbol strings: the mutable form a corpus is built, merged and injected in.
public struct NGramRecords: Sendable, Equatable {
    /// Monogram counts.
    public var unigrams: [String: Int64] = [:]
    /// Bigram counts.
    public var bigrams: [SymbolPair: Int64] = [:]
    /// Trigram counts.
    public var trigrams: [SymbolTriple: Int64] = [:]
    /// Word counts.
    public var words: [String: Int64] = [:]
    /// Skip-k bigram counts at index k - 1 (written as optional segments; not scored).
    public var skipBigrams: [[SymbolPair: Int64]] = []

    /// Empty records.
    public init() {}

    /// Adds `other`'s counts to these (used to merge segments and sources).
    public mutating func merge(_ other: NGramRecords) {
        unigrams.merge(other.unigrams, uniquingKeysWith: +)
        bigrams.merge(other.bigrams, uniquingKeysWith: +)
        trigrams.merge(other.trigrams, uniquingKeysWith: +)
        words.merge(other.words, uniquingKeysWith: +)
        for (index, pairs) in other.skipBigrams.enumerated() {
            if index == skipBigrams.count { skipBigrams.append([:]) }
            skipBigrams[index].merge(pairs, uniquingKeysWith: +)
        }
    }
}

/// Orders strings by their UTF-8 bytes: the one order used for symbol tables and segment files,
/// independent of locale and of Unicode normalization.
@inline(__always)
public func utf8Precedes(_ a: String, _ b: String) -> Bool {
    a.utf8.lexicographicallyPrecedes(b.utf8)
}
