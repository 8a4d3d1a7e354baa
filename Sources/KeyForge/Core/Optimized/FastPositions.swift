/// Where the fast symbols of a layout are: each one's key, and the trigram weights delta scoring reads.
///
/// Delta scoring prices a fast symbol's trigrams from weights instead of one entry at a time. With
/// T(p, q, r) = shape(s(p), s(q), s(r)) + [s(q) ≠ s(p)] · skip(p, r) (`CostTables`, s the slot of a
/// key), the change of the symbol's trigrams when it moves needs, per orientation (the symbol's
/// position in the trigram), only the total count of its entries by the slots of their two partners
/// (`slotWeights`), plus for the SFS term: by the key of the outer partner among entries whose
/// middle partner is on another slot (`keyWeights`, orientations 0 and 2), and the SFS cost already
/// summed by slot (`skipSums`, orientation 1). A symbol's weights depend only on where its partners
/// are, so moving a symbol rewrites the weights of the symbols it shares trigrams with (`move`), except those
/// of pinned symbols (`FastPathIndex`), which are not kept current.
/// Every weight is a sum of trigram counts, at most `NGramCorpus.maxTotalCount` (2^31), so it fits UInt32.
struct FastPositions: Sendable {
    /// The key of each fast symbol, by ordinal.
    private(set) var keyOfOrdinal: [Int32]
    /// The slot of each fast symbol's key, by ordinal (so that `move` reads a partner's slot with one load).
    private(set) var slotOfOrdinal: [Int32]
    /// At `ordinal · 3S² + o · S² + u · S + v` (ordinals up to `fastCount`, whose weights are all zero): the total count of the symbol's orientation-o entries
    /// whose partners, in trigram order, are on slots u and v (S = `CostTables.slotCount`).
    private(set) var slotWeights: [UInt32]
    /// At `ordinal · 2m + r`: the count of orientation-0 entries whose last partner is on key r and
    /// whose middle partner is not on r's slot; at `ordinal · 2m + m + p`: the count of orientation-2
    /// entries whose first partner is on key p and whose middle partner is not on p's slot (m the stride).
    private(set) var keyWeights: [UInt32]
    /// At `ordinal · S + s`: Σ count · `sameSlotSkip`(p, r) over orientation-1 entries whose partners p
    /// and r are on slot s (entries whose partners are on different slots add 0).
    private(set) var skipSums: [Int64]
    /// At each ordinal (and 0 at `fastCount`): Σ count · B over the symbol's fast bigram entries, priced at the
    /// keys the symbol and its partners are on now. A move of the symbol changes its bigrams by the same sum
    /// priced at its new key minus this one, so delta scoring reads each entry's cost at the new key only.
    private(set) var bigramSums: [Int64]

    /// The positions of fast symbols on `keyOfOrdinal`, with the weights of the entries of `fast`
    /// priced by `tables` (which has the dense trigram tables whenever a symbol is fast).
    init(keyOfOrdinal: [Int32], fast: FastPathIndex, tables: CostTables) {
        self.keyOfOrdinal = keyOfOrdinal
        slotOfOrdinal = keyOfOrdinal.map { tables.slotOfKey[Int($0)] }
        let count = keyOfOrdinal.count
        let slots = tables.slotCount, m = tables.stride
        // One more ordinal, `count`, whose weights stay zero: the delta reads it for a symbol that is not fast.
        var slotWeights = [UInt32](repeating: 0, count: (count + 1) * 3 * slots * slots)
        var keyWeights = [UInt32](repeating: 0, count: (count + 1) * 2 * m)
        var skipSums = [Int64](repeating: 0, count: (count + 1) * slots)
        for symbol in fast.ordinal.indices where fast.ordinal[symbol] >= 0 {
            let own = Int(fast.ordinal[symbol])
            for orientation in 0..<3 {
                for slot in fast.trigramRange(symbol, position: orientation) {
                    let word = fast.trigrams.elements[slot]
                    let weight = UInt32(word >> 32)
                    let firstKey = Int(keyOfOrdinal[Int((word >> 16) & 0xFFFF)]), secondKey = Int(keyOfOrdinal[Int(word & 0xFFFF)])
                    let first = Int(tables.slotOfKey[firstKey]), second = Int(tables.slotOfKey[secondKey])
                    slotWeights[(own * 3 + orientation) * slots * slots + first * slots + second] += weight
                    switch orientation {
                    case 0 where first != second: keyWeights[own * 2 * m + secondKey] += weight
                    case 1: skipSums[own * slots + second] += Int64(weight) * tables.sameSlotSkip[firstKey * m + secondKey]
                    case 2 where second != first: keyWeights[own * 2 * m + m + firstKey] += weight
                    default: break
                    }
                }
            }
        }
        self.slotWeights = slotWeights
        self.keyWeights = keyWeights
        self.skipSums = skipSums
        var bigramSums = [Int64](repeating: 0, count: count + 1)
        for symbol in fast.ordinal.indices where fast.ordinal[symbol] >= 0 {
            let own = Int(fast.ordinal[symbol]), row = Int(keyOfOrdinal[own]) * m
            for (group, table) in [(symbol * 2, tables.pairByFirst), (symbol * 2 + 1, tables.pairBySecond)] {
                for slot in fast.bigrams.range(group) {
                    let word = fast.bigrams.elements[slot]
                    bigramSums[own] &+= Int64(word >> 32) &* table[row + Int(keyOfOrdinal[Int(UInt32(truncatingIfNeeded: word))])]
                }
            }
        }
        self.bigramSums = bigramSums
    }

    /// Moves fast symbol `symbol` (ordinal `ordinal`) from key `from` to key `to`, rewriting the
    /// weights of every fast symbol that shares a trigram with it.
    mutating func move(_ symbol: Int, ordinal: Int, from: Int, to: Int, fast: FastPathIndex, tables: CostTables) {
        Self.rewrite(&slotWeights, &keyWeights, &skipSums, keyOfOrdinal, slotOfOrdinal, symbol, from: from, to: to,
                     fast: fast, tables: tables)
        Self.moveBigrams(&bigramSums, keyOfOrdinal, symbol, ordinal: ordinal, from: from, to: to, fast: fast, tables: tables)
        keyOfOrdinal[ordinal] = Int32(to)
        slotOfOrdinal[ordinal] = tables.slotOfKey[to]
    }

    /// The bigram sums' changes of `move`: the symbol's own, and each partner's for the bigram it shares with
    /// the symbol (B(symbol, partner) is the partner's "second" entry, B(partner, symbol) its "first").
    private static func moveBigrams(_ bigramSums: inout [Int64], _ keyOfOrdinal: [Int32], _ symbol: Int, ordinal: Int,
                                    from: Int, to: Int, fast: FastPathIndex, tables: CostTables) {
        let m = tables.stride
        let byFirst = tables.pairByFirst.span, bySecond = tables.pairBySecond.span, keyOf = keyOfOrdinal.span
        let starts = fast.bigrams.starts.span, entries = fast.bigrams.elements.span
        precondition(from < m && to < m && byFirst.count == m &* m && bySecond.count == m &* m)
        bigramSums.withUnsafeMutableBufferPointer { sums in
            precondition(ordinal < sums.count && sums.count == keyOf.count &+ 1)
            var own: Int64 = 0
            // (symbol, partner): the symbol's first entries.
            for slot in Int(starts[symbol &* 2])..<Int(starts[symbol &* 2 &+ 1]) {
                let word = entries[unchecked: slot]
                let count = Int64(word >> 32), partner = Int(UInt32(truncatingIfNeeded: word))
                let key = Int(keyOf[unchecked: partner])
                own &+= count &* (byFirst[unchecked: to &* m &+ key] &- byFirst[unchecked: from &* m &+ key])
                sums[partner] &+= count &* (bySecond[unchecked: key &* m &+ to] &- bySecond[unchecked: key &* m &+ from])
            }
            // (partner, symbol): the symbol's second entries.
            for slot in Int(starts[symbol &* 2 &+ 1])..<Int(starts[symbol &* 2 &+ 2]) {
                let word = entries[unchecked: slot]
                let count = Int64(word >> 32), partner = Int(UInt32(truncatingIfNeeded: word))
                let key = Int(keyOf[unchecked: partner])
                own &+= count &* (bySecond[unchecked: to &* m &+ key] &- bySecond[unchecked: from &* m &+ key])
                sums[partner] &+= count &* (byFirst[unchecked: key &* m &+ to] &- byFirst[unchecked: key &* m &+ from])
            }
            sums[ordinal] &+= own
        }
    }
}
