/// A bigram as the optimized tier stores it: interned symbols and a count (counts are at most 2^31,
/// `NGramCorpus.maxTotalCount`, so they fit 32 unsigned bits).
struct PackedBigram: Sendable {
    /// The first symbol.
    var a: Int32
    /// The second symbol.
    var b: Int32
    /// How often the pair occurs.
    var count: UInt32
}

/// A trigram as the optimized tier stores it.
struct PackedTrigram: Sendable {
    /// The first symbol.
    var a: Int32
    /// The second symbol.
    var b: Int32
    /// The third symbol.
    var c: Int32
    /// How often the triple occurs.
    var count: UInt32
}

/// A bigram seen from one of its symbols, which occurs in it once: the other symbol and the count.
struct BigramPartner: Sendable {
    /// The other symbol.
    var other: Int32
    /// How often the pair occurs.
    var count: UInt32
}

/// A trigram seen from one of its symbols, which occurs in it once: the other two symbols in
/// trigram order, and the count.
struct TrigramPartners: Sendable {
    /// The earlier of the other two symbols.
    var first: Int32
    /// The later of the other two symbols.
    var second: Int32
    /// How often the triple occurs.
    var count: UInt32
}

/// A trigram in which a symbol occurs two or three times, seen from that symbol: the positions each
/// symbol holds as bit masks (bit i for position i), which index `CostTables.trigramPlace`.
struct RepeatTerm: Sendable {
    /// The symbol that occurs once (any symbol, with `otherMask` 0, when there is none).
    var other: Int32
    /// How often the triple occurs.
    var count: UInt32
    /// The positions of the repeated symbol.
    var ownMask: UInt8
    /// The positions of `other`.
    var otherMask: UInt8
}
