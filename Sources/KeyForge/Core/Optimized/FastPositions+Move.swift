/// The trigram-weight rewrite of `FastPositions.move`: when a fast symbol moves, the weights of every kept
/// (not pinned, `FastPathIndex`) fast symbol that shares a trigram with it change.
///
/// The entries of each orientation come in parts by which partners are kept (`FastPathIndex.Kept`), and
/// each part runs a loop that writes only the weights of its kept partners, with no test per entry;
/// a move within one slot changes no slot weight, so those loops leave the slot weights out.
extension FastPositions {
    /// The weight changes of a move of `symbol` from key `from` to key `to`, on the arrays themselves (so
    /// that no copy is made). Every index is in bounds: ordinals below `fastCount`, keys below the stride,
    /// slots below `slotCount`.
    static func rewrite(_ slotWeights: inout [UInt32], _ keyWeights: inout [UInt32], _ skipSums: inout [Int64],
                        _ keyOfOrdinal: [Int32], _ slotOfOrdinal: [Int32], _ symbol: Int, from: Int, to: Int,
                        fast: FastPathIndex, tables: CostTables) {
        let m = tables.stride
        let skip = tables.sameSlotSkip.span, slotOf = tables.slotOfKey.span
        precondition(skip.count == m &* m && from < m && to < m)
        let oldSlot = Int(slotOf[from]), newSlot = Int(slotOf[to])
        // The change of the SFS cost of the moving key with each other key, as the first and as the last of the pair.
        // SFS costs are 0 between keys of different slots, so only the keys of the old and the new slot can change.
        withUnsafeTemporaryAllocation(of: Int64.self, capacity: 2 &* m) { skipChange in
            skipChange.initialize(repeating: 0)
            let slotKeys = tables.slotKeys.elements.span
            for pass in 0..<(oldSlot == newSlot ? 1 : 2) {
                for place in tables.slotKeys.range(pass == 0 ? oldSlot : newSlot) {
                    let key = Int(slotKeys[place])
                    skipChange[key] = skip[unchecked: to &* m &+ key] &- skip[unchecked: from &* m &+ key]
                    skipChange[m &+ key] = skip[unchecked: key &* m &+ to] &- skip[unchecked: key &* m &+ from]
                }
            }
            let parts = FastPathIndex.Kept.partCount
            precondition(fast.trigrams.starts.count > (symbol &* 3 &+ 3) &* parts)
            slotWeights.withUnsafeMutableBufferPointer { weightBuffer in
            keyWeights.withUnsafeMutableBufferPointer { keyedBuffer in
            skipSums.withUnsafeMutableBufferPointer { sumBuffer in
            fast.trigrams.elements.withUnsafeBufferPointer { entryBuffer in
            fast.trigrams.starts.withUnsafeBufferPointer { starts in
            keyOfOrdinal.withUnsafeBufferPointer { keyBuffer in
            slotOfOrdinal.withUnsafeBufferPointer { slotBuffer in
                let writer = WeightWriter(
                    weights: weightBuffer.baseAddress!, keyed: keyedBuffer.baseAddress!, sums: sumBuffer.baseAddress!,
                    entries: entryBuffer.baseAddress!, keyOf: keyBuffer.baseAddress!, slotOf: slotBuffer.baseAddress!,
                    firstChange: skipChange.baseAddress!, lastChange: skipChange.baseAddress! + m,
                    slots: tables.slotCount, m: m, from: from, to: to, oldSlot: oldSlot, newSlot: newSlot)
                func part(_ position: Int, _ kept: FastPathIndex.Kept) -> Range<Int> {
                    let group = (symbol &* 3 &+ position) &* parts &+ kept.rawValue
                    return Int(starts[group]) ..< Int(starts[group &+ 1])
                }
                if oldSlot != newSlot {
                    writer.first(part(0, .both), u: true, v: true, slotChanges: true)
                    writer.first(part(0, .first), u: true, v: false, slotChanges: true)
                    writer.first(part(0, .second), u: false, v: true, slotChanges: true)
                    writer.middle(part(1, .both), u: true, v: true, slotChanges: true)
                    writer.middle(part(1, .first), u: true, v: false, slotChanges: true)
                    writer.middle(part(1, .second), u: false, v: true, slotChanges: true)
                    writer.last(part(2, .both), u: true, v: true, slotChanges: true)
                    writer.last(part(2, .first), u: true, v: false, slotChanges: true)
                    writer.last(part(2, .second), u: false, v: true, slotChanges: true)
                    writer.repeats(fast, symbol)
                } else {
                    writer.first(part(0, .both), u: true, v: true, slotChanges: false)
                    writer.first(part(0, .first), u: true, v: false, slotChanges: false)
                    writer.first(part(0, .second), u: false, v: true, slotChanges: false)
                    writer.middle(part(1, .both), u: true, v: true, slotChanges: false)
                    writer.middle(part(1, .first), u: true, v: false, slotChanges: false)
                    writer.middle(part(1, .second), u: false, v: true, slotChanges: false)
                    writer.last(part(2, .both), u: true, v: true, slotChanges: false)
                    writer.last(part(2, .first), u: true, v: false, slotChanges: false)
                    writer.last(part(2, .second), u: false, v: true, slotChanges: false)
                }
            }
            }
            }
            }
            }
            }
            }
        }
    }
}

/// The pointers and constants of one rewrite; each loop is inlined with constant flags, so that a part
/// whose first (u) or second (v) partner is pinned, or a move within one slot, compiles without those writes.
private struct WeightWriter {
    let weights: UnsafeMutablePointer<UInt32>, keyed: UnsafeMutablePointer<UInt32>, sums: UnsafeMutablePointer<Int64>
    let entries: UnsafePointer<UInt64>, keyOf: UnsafePointer<Int32>, slotOf: UnsafePointer<Int32>
    let firstChange: UnsafeMutablePointer<Int64>, lastChange: UnsafeMutablePointer<Int64>
    let slots: Int, m: Int, from: Int, to: Int, oldSlot: Int, newSlot: Int

    private var square: Int { slots &* slots }
    private var perOrdinal: Int { 3 &* square }

    /// The weight of the entry and its two partners (ordinals) in trigram order.
    @inline(__always)
    private func unpack(_ word: UInt64) -> (weight: UInt32, u: Int, v: Int) {
        (UInt32(truncatingIfNeeded: word >> 32), Int((word >> 16) & 0xFFFF), Int(word & 0xFFFF))
    }

    /// The symbol is first: (symbol, u, v). u sees it as the first of (p, r), v as the first of (p, q).
    @inline(__always)
    func first(_ range: Range<Int>, u updatesU: Bool, v updatesV: Bool, slotChanges: Bool) {
        let oldRow = oldSlot &* slots, newRow = newSlot &* slots
        let middleWeights = weights + square, lastWeights = weights + 2 &* square, firstKeyed = keyed + m
        for slot in range {
            let (weight, u, v) = unpack(entries[slot])
            if updatesU {
                let vSlot = Int(slotOf[v])
                let uWeights = middleWeights + u &* perOrdinal
                if slotChanges {
                    uWeights[oldRow &+ vSlot] &-= weight
                    uWeights[newRow &+ vSlot] &+= weight
                }
                sums[u &* slots &+ vSlot] &+= Int64(weight) &* firstChange[Int(keyOf[v])]
            }
            if updatesV {
                let uSlot = Int(slotOf[u])
                if slotChanges {
                    let vWeights = lastWeights + v &* perOrdinal
                    vWeights[oldRow &+ uSlot] &-= weight
                    vWeights[newRow &+ uSlot] &+= weight
                }
                let vKeyed = firstKeyed + v &* 2 &* m
                vKeyed[from] &-= uSlot != oldSlot ? weight : 0
                vKeyed[to] &+= uSlot != newSlot ? weight : 0
            }
        }
    }

    /// The symbol is the middle: (u, symbol, v). u sees it as the middle of (q, r), v as the middle of (p, q).
    @inline(__always)
    func middle(_ range: Range<Int>, u updatesU: Bool, v updatesV: Bool, slotChanges: Bool) {
        let oldRow = oldSlot &* slots, newRow = newSlot &* slots
        let lastWeights = weights + 2 &* square, firstKeyed = keyed + m
        for slot in range {
            let (weight, u, v) = unpack(entries[slot])
            if updatesU {
                let vSlot = Int(slotOf[v])
                if slotChanges {
                    let uWeights = weights + u &* perOrdinal
                    uWeights[oldRow &+ vSlot] &-= weight
                    uWeights[newRow &+ vSlot] &+= weight
                }
                keyed[u &* 2 &* m &+ Int(keyOf[v])] &+= (newSlot != vSlot ? weight : 0) &- (oldSlot != vSlot ? weight : 0)
            }
            if updatesV {
                let uSlot = Int(slotOf[u])
                if slotChanges {
                    let vWeights = lastWeights + v &* perOrdinal
                    vWeights[uSlot &* slots &+ oldSlot] &-= weight
                    vWeights[uSlot &* slots &+ newSlot] &+= weight
                }
                firstKeyed[v &* 2 &* m &+ Int(keyOf[u])] &+= (newSlot != uSlot ? weight : 0) &- (oldSlot != uSlot ? weight : 0)
            }
        }
    }

    /// The symbol is last: (u, v, symbol). u sees it as the last of (q, r), v as the last of (p, r).
    @inline(__always)
    func last(_ range: Range<Int>, u updatesU: Bool, v updatesV: Bool, slotChanges: Bool) {
        let middleWeights = weights + square
        for slot in range {
            let (weight, u, v) = unpack(entries[slot])
            if updatesU {
                let vSlot = Int(slotOf[v])
                if slotChanges {
                    let uWeights = weights + u &* perOrdinal
                    uWeights[vSlot &* slots &+ oldSlot] &-= weight
                    uWeights[vSlot &* slots &+ newSlot] &+= weight
                }
                let uKeyed = keyed + u &* 2 &* m
                uKeyed[from] &-= vSlot != oldSlot ? weight : 0
                uKeyed[to] &+= vSlot != newSlot ? weight : 0
            }
            if updatesV {
                let uSlot = Int(slotOf[u])
                if slotChanges {
                    let vWeights = middleWeights + v &* perOrdinal
                    vWeights[uSlot &* slots &+ oldSlot] &-= weight
                    vWeights[uSlot &* slots &+ newSlot] &+= weight
                }
                sums[v &* slots &+ uSlot] &+= Int64(weight) &* lastChange[Int(keyOf[u])]
            }
        }
    }

    /// Trigrams where the symbol repeats and the other symbol is kept: the other symbol sees it at both of
    /// its partner places (same slot, same key, so only the slot weights change, and only when the slot does).
    @inline(__always)
    func repeats(_ fast: FastPathIndex, _ symbol: Int) {
        let repeats = fast.repeats.elements.span
        let oldRow = oldSlot &* slots, newRow = newSlot &* slots
        for slot in fast.repeats.range(symbol &* 2) {
            let word = repeats[slot]
            let weight = UInt32(truncatingIfNeeded: word >> 32)
            let mask = (word >> 16) & 0xFF
            let orientation = mask == 1 ? 0 : mask == 2 ? 1 : 2
            let otherWeights = weights + (Int(word & 0xFFFF) &* perOrdinal &+ orientation &* square)
            otherWeights[oldRow &+ oldSlot] &-= weight
            otherWeights[newRow &+ newSlot] &+= weight
        }
    }
}
