/// The n-grams of one layout that contain two given fast symbols, for the overlap correction of a swap.
///
/// Delta scoring prices a swap of x (on key a) and y (on key b) as x moving while y stays, plus y
/// moving while x stays, both read from the current layout. An n-gram containing both symbols needs
/// a correction (see `OptimizedScorer+Delta`), so its pair of symbols must be found fast: symbols
/// are numbered among the layout's fast symbols (`FastPathIndex.ordinal`), and n-grams are grouped by
/// the unordered pair of numbers, low and high. Only n-grams whose symbols are all fast are kept: any
/// other costs zero on the fast path. Fast symbols stay fast under swaps, so this index never changes.
struct OverlapIndex: Sendable {
    /// One n-gram of a pair as a table index: `lowPlace · key(low) + highPlace · key(high) +
    /// otherPlace · key(other)`, each place being the sum of the place values (m², m, 1 for a
    /// trigram, m and 1 for a bigram) of the positions that symbol holds.
    struct Term: Sendable {
        /// The symbol that is neither of the pair (any symbol, with `otherPlace` 0, when there is none).
        var other: Int32
        /// How often the n-gram occurs.
        var count: UInt32
        /// The place value of the pair's low symbol.
        var lowPlace: Int32
        /// The place value of the pair's high symbol.
        var highPlace: Int32
        /// The place value of `other`.
        var otherPlace: Int32
    }

    /// Each corpus symbol's ordinal among the fast symbols, or -1 (from `FastPathIndex`).
    let ordinal: [Int32]
    /// The number of fast symbols.
    let fastCount: Int
    /// Bigrams by unordered pair of fast symbols, group `low · fastCount + high`, indexing the pair table.
    let bigrams: GroupedList<Term>
    /// Trigrams by unordered pair of fast symbols, group `low · fastCount + high`, indexing orientation 0
    /// of the dense trigram table.
    let trigrams: GroupedList<Term>

    /// Groups the n-grams of `index` by pairs of the fast symbols numbered in `fast`, for tables of
    /// stride `stride`.
    init(index: SymbolNGramIndex, fast: FastPathIndex, stride: Int) {
        let ordinal = fast.ordinal, fastCount = fast.fastCount
        self.ordinal = ordinal
        self.fastCount = fastCount
        /// The term of the n-gram `symbols` (all fast) for its pair `u`, `v`, with `other` the rest.
        func term(_ symbols: [Int32], count: UInt32, _ u: Int32, _ v: Int32, other: Int32?) -> (group: Int, element: Term) {
            let (low, high) = ordinal[Int(u)] < ordinal[Int(v)] ? (u, v) : (v, u)
            func place(_ symbol: Int32) -> Int32 {
                var value: Int32 = 0, placeValue: Int32 = 1
                for each in symbols.reversed() {
                    if each == symbol { value += placeValue }
                    placeValue *= Int32(stride)
                }
                return value
            }
            let group = Int(ordinal[Int(low)]) * fastCount + Int(ordinal[Int(high)])
            return (group, Term(other: other ?? low, count: count, lowPlace: place(low), highPlace: place(high),
                                otherPlace: other.map(place) ?? 0))
        }
        var bigramItems: [(group: Int, element: Term)] = []
        for entry in index.bigrams where entry.a != entry.b && ordinal[Int(entry.a)] >= 0 && ordinal[Int(entry.b)] >= 0 {
            bigramItems.append(term([entry.a, entry.b], count: entry.count, entry.a, entry.b, other: nil))
        }
        var trigramItems: [(group: Int, element: Term)] = []
        for entry in index.trigrams {
            let (a, b, c) = (entry.a, entry.b, entry.c)
            guard ordinal[Int(a)] >= 0 && ordinal[Int(b)] >= 0 && ordinal[Int(c)] >= 0 else { continue }
            let symbols = [a, b, c]
            if a != b && b != c && a != c {
                trigramItems.append(term(symbols, count: entry.count, a, b, other: c))
                trigramItems.append(term(symbols, count: entry.count, a, c, other: b))
                trigramItems.append(term(symbols, count: entry.count, b, c, other: a))
            } else if a != b {
                trigramItems.append(term(symbols, count: entry.count, a, b, other: nil))
            } else if a != c {
                trigramItems.append(term(symbols, count: entry.count, a, c, other: nil))
            }
        }
        bigrams = GroupedList(groupCount: fastCount * fastCount, items: bigramItems)
        trigrams = GroupedList(groupCount: fastCount * fastCount, items: trigramItems)
    }

    /// The group of distinct fast symbols `x` and `y`, and whether `x` is the low one.
    @inline(__always)
    func group(_ x: Int, _ y: Int) -> (group: Int, xIsLow: Bool) {
        let first = Int(ordinal[x]), second = Int(ordinal[y])
        return first < second ? (first * fastCount + second, true) : (second * fastCount + first, false)
    }
}
