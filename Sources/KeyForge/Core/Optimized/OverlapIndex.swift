/// The n-grams of one layout that contain two given fast symbols, for the overlap correction of a swap.
///
/// Delta scoring prices a swap of x (on key a) and y (on key b) as x moving while y stays, plus y
/// moving while x stays, both read from the current layout. An n-gram containing both symbols needs
/// a correction (see `OptimizedScorer+Delta`), so its pair of symbols must be found fast: symbols
/// are numbered among the layout's fast symbols (`FastPathIndex.ordinal`), and n-grams are grouped by
/// the unordered pair of numbers, low and high. Only n-grams whose symbols are all fast are kept: any
/// other costs zero on the fast path. Fast symbols stay fast under swaps, so this index never changes.
struct OverlapIndex: Sendable {
    /// One n-gram of a pair, with the positions each of its symbols holds as bit masks (bit i for
    /// position i), as the index is built.
    struct Term: Sendable {
        /// The symbol that is neither of the pair (any symbol, with `otherMask` 0, when there is none).
        var other: Int32
        /// How often the n-gram occurs.
        var count: UInt32
        /// The positions of the pair's low symbol.
        var lowMask: UInt8
        /// The positions of the pair's high symbol.
        var highMask: UInt8
        /// The positions of `other`.
        var otherMask: UInt8
    }

    /// Each corpus symbol's ordinal among the fast symbols, or -1 (from `FastPathIndex`).
    let ordinal: [Int32]
    /// The number of fast symbols.
    let fastCount: Int
    /// The summed count of the bigrams (low, high) and (high, low) of each unordered pair of fast symbols, at
    /// `low · fastCount + high`: both have the same correction (`OptimizedScorer+Overlap`).
    let bigramCounts: [Int64]
    /// Trigrams by unordered pair of fast symbols for the correction by slots (`OptimizedScorer+Overlap`), packed as
    /// `count << 32 | lowMask << 24 | highMask << 16 | ordinal(other)` (ordinal 0 when there is no other
    /// symbol), at group `(low · fastCount + high) · 8 + part`: part 0 for the trigrams of the pair alone (one of
    /// them twice); parts 1 and 2 for those whose other symbol is first, 3 and 4 middle, 5 and 6 last, the first of
    /// each two where the low symbol comes before the high one (part 7 is empty). Within a part, the positions
    /// of the three symbols are the same for every trigram.
    let slotTrigrams: GroupedList<UInt64>

    /// Groups the n-grams of `index` by pairs of the fast symbols numbered in `fast`.
    init(index: SymbolNGramIndex, fast: FastPathIndex) {
        let ordinal = fast.ordinal, fastCount = fast.fastCount
        self.ordinal = ordinal
        self.fastCount = fastCount
        /// The term of the n-gram `symbols` (all fast) for its pair `u`, `v`, with `other` the rest.
        func term(_ symbols: [Int32], count: UInt32, _ u: Int32, _ v: Int32, other: Int32?) -> (group: Int, element: Term) {
            let (low, high) = ordinal[Int(u)] < ordinal[Int(v)] ? (u, v) : (v, u)
            func mask(_ symbol: Int32) -> UInt8 {
                var value: UInt8 = 0
                for (place, each) in symbols.enumerated() where each == symbol { value |= 1 << place }
                return value
            }
            let group = Int(ordinal[Int(low)]) * fastCount + Int(ordinal[Int(high)])
            return (group, Term(other: other ?? low, count: count, lowMask: mask(low), highMask: mask(high),
                                otherMask: other.map(mask) ?? 0))
        }
        var bigramCounts = [Int64](repeating: 0, count: fastCount * fastCount)
        for entry in index.bigrams where entry.a != entry.b && ordinal[Int(entry.a)] >= 0 && ordinal[Int(entry.b)] >= 0 {
            bigramCounts[term([entry.a, entry.b], count: entry.count, entry.a, entry.b, other: nil).group] += Int64(entry.count)
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
        self.bigramCounts = bigramCounts
        slotTrigrams = GroupedList(groupCount: fastCount * fastCount * 8, items: trigramItems.map { item in
            let term = item.element
            let other = term.otherMask == 0 ? 0 : UInt64(ordinal[Int(term.other)])
            let place = term.otherMask == 0 ? 0 : term.otherMask == 1 ? 1 : term.otherMask == 2 ? 3 : 5
            return (item.group * 8 + place + (place > 0 && term.lowMask > term.highMask ? 1 : 0),
                    UInt64(term.count) << 32 | UInt64(term.lowMask) << 24 | UInt64(term.highMask) << 16 | other)
        })
    }

    /// The group of distinct fast symbols `x` and `y`, and whether `x` is the low one.
    @inline(__always)
    func group(_ x: Int, _ y: Int) -> (group: Int, xIsLow: Bool) {
        let first = Int(ordinal[x]), second = Int(ordinal[y])
        return first < second ? (first * fastCount + second, true) : (second * fastCount + first, false)
    }
}
