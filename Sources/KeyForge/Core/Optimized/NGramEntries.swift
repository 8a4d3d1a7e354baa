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

/// A trigram in which a symbol occurs two or three times, seen from that symbol, as an index into
/// orientation 0 of the dense trigram table: `ownPlace · key(symbol) + otherPlace · key(other)`,
/// each place being the sum of the place values (m², m, 1) of the positions the symbol holds.
struct RepeatTerm: Sendable {
    /// The symbol that occurs once (any symbol, with `otherPlace` 0, when there is none).
    var other: Int32
    /// How often the triple occurs.
    var count: UInt32
    /// The place value of the repeated symbol.
    var ownPlace: Int32
    /// The place value of `other`.
    var otherPlace: Int32
}
