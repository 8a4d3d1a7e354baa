/// Where the fast symbols of a layout are: each one's key, and the trigram weights delta scoring reads.
///
/// Delta scoring prices a fast symbol's trigrams from weights instead of one entry at a time. With
/// T(p, q, r) = shape(s(p), s(q), s(r)) + [s(q) ≠ s(p)] · skip(p, r) (`CostTables`, s the slot of a
/// key), the change of the symbol's trigrams when it moves needs, per orientation (the symbol's
/// position in the trigram), only the total count of its entries by the slots of their two partners
/// (`slotWeights`), plus for the SFS term: by the key of the outer partner among entries whose
/// middle partner is on another slot (`keyWeights`, orientations 0 and 2), and the SFS cost already
/// summed by slot (`skipSums`, orientation 1). A symbol's weights depend only on where its partners
/// are, so moving a symbol rewrites the weights of the symbols it shares trigrams with (`move`).
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
                for slot in fast.trigrams.range(symbol * 3 + orientation) {
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
    }

    /// Moves fast symbol `symbol` (ordinal `ordinal`) from key `from` to key `to`, rewriting the
    /// weights of every fast symbol that shares a trigram with it.
    mutating func move(_ symbol: Int, ordinal: Int, from: Int, to: Int, fast: FastPathIndex, tables: CostTables) {
        Self.rewrite(&slotWeights, &keyWeights, &skipSums, keyOfOrdinal, slotOfOrdinal, symbol, from: from, to: to,
                     fast: fast, tables: tables)
        keyOfOrdinal[ordinal] = Int32(to)
        slotOfOrdinal[ordinal] = tables.slotOfKey[to]
    }

    /// The weight changes of `move`, on the arrays themselves (so that no copy is made). Every index
    /// is in bounds: ordinals below `fastCount`, keys below the stride, slots below `slotCount`.
    private static func rewrite(_ slotWeights: inout [UInt32], _ keyWeights: inout [UInt32], _ skipSums: inout [Int64],
                                _ keyOfOrdinal: [Int32], _ slotOfOrdinal: [Int32], _ symbol: Int, from: Int, to: Int,
                                fast: FastPathIndex, tables: CostTables) {
        let slots = tables.slotCount, m = tables.stride
        let square = slots &* slots, perOrdinal = 3 &* square
        let slotOf = tables.slotOfKey.span, skip = tables.sameSlotSkip.span
        let oldSlot = Int(slotOf[from]), newSlot = Int(slotOf[to])
        let oldRow = oldSlot &* slots, newRow = newSlot &* slots
        let starts = fast.trigrams.starts.span, entries = fast.trigrams.elements.span
        let keyOf = keyOfOrdinal.span, slotOfPartner = slotOfOrdinal.span
        precondition(skip.count == m &* m && from < m && to < m)
        // The change of the SFS cost of the moving key with each other key, as the first and as the last of the pair.
        withUnsafeTemporaryAllocation(of: Int64.self, capacity: 2 &* m) { skipChange in
            for key in 0..<m {
                skipChange[key] = skip[unchecked: to &* m &+ key] &- skip[unchecked: from &* m &+ key]
                skipChange[m &+ key] = skip[unchecked: key &* m &+ to] &- skip[unchecked: key &* m &+ from]
            }
            // Every change is an addition, so the slot weights (which change only when the symbol changes slot)
            // and the key weights and SFS sums are rewritten in two passes over the entries, each with few
            // pointers live; a pass that can change nothing is skipped.
            slotWeights.withUnsafeMutableBufferPointer { weightBuffer in
                guard oldSlot != newSlot else { return }
                let weights = weightBuffer.baseAddress!
                let shift = newRow &- oldRow, slotShift = newSlot &- oldSlot
                // The symbol is first: (symbol, u, v). u sees it as the first of (p, r), v as the first of (p, q).
                let firstOfMiddle = weights + square + oldRow, firstOfLast = weights + 2 &* square + oldRow
                for slot in Int(starts[symbol &* 3])..<Int(starts[symbol &* 3 &+ 1]) {
                    let word = entries[unchecked: slot]
                    let weight = UInt32(truncatingIfNeeded: word >> 32)
                    let u = Int((word >> 16) & 0xFFFF), v = Int(word & 0xFFFF)
                    guard u != v else { continue }  // (symbol, u, u) is a repeat of u, priced by u's repeat terms
                    let uPlace = firstOfMiddle + (u &* perOrdinal &+ Int(slotOfPartner[unchecked: v]))
                    uPlace[0] &-= weight
                    uPlace[shift] &+= weight
                    let vPlace = firstOfLast + (v &* perOrdinal &+ Int(slotOfPartner[unchecked: u]))
                    vPlace[0] &-= weight
                    vPlace[shift] &+= weight
                }
                // The symbol is the middle: (u, symbol, v). u sees it as the middle of (q, r), v as the middle of (p, q).
                let middleOfFirst = weights + oldRow, middleOfLast = weights + 2 &* square + oldSlot
                for slot in Int(starts[symbol &* 3 &+ 1])..<Int(starts[symbol &* 3 &+ 2]) {
                    let word = entries[unchecked: slot]
                    let weight = UInt32(truncatingIfNeeded: word >> 32)
                    let u = Int((word >> 16) & 0xFFFF), v = Int(word & 0xFFFF)
                    guard u != v else { continue }
                    let uPlace = middleOfFirst + (u &* perOrdinal &+ Int(slotOfPartner[unchecked: v]))
                    uPlace[0] &-= weight
                    uPlace[shift] &+= weight
                    let vPlace = middleOfLast + (v &* perOrdinal &+ Int(slotOfPartner[unchecked: u]) &* slots)
                    vPlace[0] &-= weight
                    vPlace[slotShift] &+= weight
                }
                // The symbol is last: (u, v, symbol). u sees it as the last of (q, r), v as the last of (p, r).
                let lastOfFirst = weights + oldSlot, lastOfMiddle = weights + square + oldSlot
                for slot in Int(starts[symbol &* 3 &+ 2])..<Int(starts[symbol &* 3 &+ 3]) {
                    let word = entries[unchecked: slot]
                    let weight = UInt32(truncatingIfNeeded: word >> 32)
                    let u = Int((word >> 16) & 0xFFFF), v = Int(word & 0xFFFF)
                    guard u != v else { continue }
                    let uPlace = lastOfFirst + (u &* perOrdinal &+ Int(slotOfPartner[unchecked: v]) &* slots)
                    uPlace[0] &-= weight
                    uPlace[slotShift] &+= weight
                    let vPlace = lastOfMiddle + (v &* perOrdinal &+ Int(slotOfPartner[unchecked: u]) &* slots)
                    vPlace[0] &-= weight
                    vPlace[slotShift] &+= weight
                }
                // Trigrams where the symbol repeats: the other symbol sees it at both of its partner places
                // (same slot, same key, so only the slot weights change).
                let repeats = fast.repeats.elements.span
                for slot in fast.repeats.range(symbol) {
                    let word = repeats[unchecked: slot]
                    let weight = UInt32(truncatingIfNeeded: word >> 32)
                    let mask = (word >> 16) & 0xFF
                    let orientation = mask == 1 ? 0 : mask == 2 ? 1 : 2
                    let otherWeights = weights + (Int(word & 0xFFFF) &* perOrdinal &+ orientation &* square)
                    otherWeights[oldRow &+ oldSlot] &-= weight
                    otherWeights[newRow &+ newSlot] &+= weight
                }
            }
            keyWeights.withUnsafeMutableBufferPointer { keyedBuffer in
            skipSums.withUnsafeMutableBufferPointer { sumBuffer in
                let keyed = keyedBuffer.baseAddress!, sums = sumBuffer.baseAddress!
                let firstChange = skipChange.baseAddress!, lastChange = firstChange + m
                let twoM = 2 &* m, firstKeyed = keyed + m
                // (symbol, u, v): v's orientation-2 key weight at the symbol's key counts it when u is on another slot.
                for slot in Int(starts[symbol &* 3])..<Int(starts[symbol &* 3 &+ 1]) {
                    let word = entries[unchecked: slot]
                    let weight = UInt32(truncatingIfNeeded: word >> 32)
                    let u = Int((word >> 16) & 0xFFFF), v = Int(word & 0xFFFF)
                    guard u != v else { continue }
                    let uSlot = Int(slotOfPartner[unchecked: u]), vSlot = Int(slotOfPartner[unchecked: v])
                    sums[u &* slots &+ vSlot] &+= Int64(weight) &* firstChange[Int(keyOf[unchecked: v])]
                    let vKeyed = firstKeyed + v &* twoM
                    vKeyed[from] &-= uSlot != oldSlot ? weight : 0
                    vKeyed[to] &+= uSlot != newSlot ? weight : 0
                }
                // (u, symbol, v): whether the symbol's slot differs from v's (for u) and u's (for v) changes only
                // when the symbol changes slot.
                if oldSlot != newSlot {
                    for slot in Int(starts[symbol &* 3 &+ 1])..<Int(starts[symbol &* 3 &+ 2]) {
                        let word = entries[unchecked: slot]
                        let weight = UInt32(truncatingIfNeeded: word >> 32)
                        let u = Int((word >> 16) & 0xFFFF), v = Int(word & 0xFFFF)
                        guard u != v else { continue }
                        let uSlot = Int(slotOfPartner[unchecked: u]), vSlot = Int(slotOfPartner[unchecked: v])
                        keyed[u &* twoM &+ Int(keyOf[unchecked: v])] &+= (newSlot != vSlot ? weight : 0) &- (oldSlot != vSlot ? weight : 0)
                        firstKeyed[v &* twoM &+ Int(keyOf[unchecked: u])] &+= (newSlot != uSlot ? weight : 0) &- (oldSlot != uSlot ? weight : 0)
                    }
                }
                // (u, v, symbol): u's orientation-0 key weight at the symbol's key counts it when v is on another slot.
                for slot in Int(starts[symbol &* 3 &+ 2])..<Int(starts[symbol &* 3 &+ 3]) {
                    let word = entries[unchecked: slot]
                    let weight = UInt32(truncatingIfNeeded: word >> 32)
                    let u = Int((word >> 16) & 0xFFFF), v = Int(word & 0xFFFF)
                    guard u != v else { continue }
                    let uSlot = Int(slotOfPartner[unchecked: u]), vSlot = Int(slotOfPartner[unchecked: v])
                    let uKeyed = keyed + u &* twoM
                    uKeyed[from] &-= vSlot != oldSlot ? weight : 0
                    uKeyed[to] &+= vSlot != newSlot ? weight : 0
                    sums[v &* slots &+ uSlot] &+= Int64(weight) &* lastChange[Int(keyOf[unchecked: u])]
                }
            }
            }
        }
    }
}
