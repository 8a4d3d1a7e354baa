/// The overlap correction of a swap (`OptimizedScorer+Delta`): the n-grams that contain both swapped symbols.
///
/// With the pair's low symbol on key l and its high symbol on key h, each such n-gram C adds
/// count · (C(low@h, high@l) − C(low@h, high@h) − C(low@l, high@l) + C(low@l, high@h)).
/// Bigrams read B entry by entry. Trigrams are priced through T's slot decomposition (`CostTables`:
/// T(p, q, r) = shape(s(p), s(q), s(r)) + [s(q) ≠ s(p)] · skip(p, r), skip(p, r) zero unless p and r are
/// different keys of one slot), which reads the small shape table (S³ entries) instead of the dense one.
/// Worked through the four points, the SFS part of a trigram's correction is (with o the key of its other
/// symbol, and s(·) slots):
/// - no other symbol (the pair alone, one of them twice): 0, since every point either puts the repeated
///   symbol's two places on one key (skip of a key with itself is 0) or has its middle on its first's slot;
/// - other symbol in the middle: [s(o) ≠ s(l)] · (skip(l, h) + skip(h, l)), which is 0 unless s(l) = s(h);
/// - other symbol first: [s(l) ≠ s(h)] · (skip(o, l) + skip(o, h));
/// - other symbol last: [s(l) ≠ s(h)] · (skip(l, o) + skip(h, o)).
/// When s(l) = s(h) the shape parts of the four points cancel, so only the middle case remains.
extension OptimizedScorer {
    /// The overlap correction of a swap of fast symbols `x` (on key `a`) and `y` (on key `b`), whichever of
    /// x and y is low.
    func overlapCorrection(_ x: Int, _ y: Int, _ a: Int, _ b: Int, _ state: LayoutState) -> RawScore {
        let (group, xIsLow) = state.overlaps.group(x, y)
        let low = xIsLow ? a : b, high = xIsLow ? b : a
        var delta = RawScore()
        delta.bi = Self.correction(state.overlaps.bigrams.range(group), state.overlaps.bigrams.elements.span,
                                   tables.pairByFirst.span, tables.bigramPlace.span, tables.stride,
                                   keyOf: state.fastKey.span, low: low, high: high)
        if tables.hasDenseTrigrams {
            delta.tri = Self.slotCorrection(group, low: low, high: high, state.overlaps.slotTrigrams, state.positions, tables)
        }
        return delta
    }

    /// The trigram part of the correction for pair group `group` (`OverlapIndex.slotTrigrams`), by slots.
    private static func slotCorrection(_ group: Int, low: Int, high: Int, _ terms: borrowing GroupedList<UInt64>,
                                       _ positions: borrowing FastPositions, _ tables: borrowing CostTables) -> Int64 {
        let slots = tables.slotCount, square = slots &* slots, m = tables.stride
        let slotOf = tables.slotOfKey.span
        let lowSlot = Int(slotOf[low]), highSlot = Int(slotOf[high])
        let starts = terms.starts.span, words = terms.elements.span
        let first = group &* 4
        precondition(first &+ 4 < starts.count && low < m && high < m)
        let slotOfOrdinal = positions.slotOfOrdinal.span, keyOfOrdinal = positions.keyOfOrdinal.span
        let skip = tables.sameSlotSkip.span
        if lowSlot == highSlot {
            let pairSkip = skip[low &* m &+ high] &+ skip[high &* m &+ low]
            guard pairSkip != 0 else { return 0 }
            var count: Int64 = 0
            for slot in range(first &+ 2, starts) {
                let word = words[unchecked: slot]
                count &+= Int(slotOfOrdinal[unchecked: Int(word & 0xFFFF)]) != lowSlot ? Int64(word >> 32) : 0
            }
            return count &* pairSkip
        }
        let shape = tables.slotShape.span, byLast = tables.sameSlotSkipByLast.span
        precondition(shape.count >= slots &* square && byLast.count == m &* m)
        let lowRow = low &* m, highRow = high &* m
        return withUnsafeTemporaryAllocation(of: (onLow: Int, onHigh: Int).self, capacity: 8) { at in
            // Orientation 0 of the shape holds shape(t, u, v) at t·S² + u·S + v: a set of positions (mask) of a
            // symbol on slot s adds s times the sum of its positions' place values.
            for mask in 0..<8 {
                let value = (mask & 1) &* square &+ ((mask >> 1) & 1) &* slots &+ (mask >> 2)
                at.initializeElement(at: mask, to: (lowSlot &* value, highSlot &* value))
            }
            @inline(__always)
            func change(_ word: UInt64, _ base: Int) -> Int64 {
                let lowAt = at[Int((word >> 24) & 7)], highAt = at[Int((word >> 16) & 7)]
                let lowOnLow = base &+ lowAt.onLow, lowOnHigh = base &+ lowAt.onHigh
                return Int64(shape[unchecked: lowOnHigh &+ highAt.onLow]) &- Int64(shape[unchecked: lowOnHigh &+ highAt.onHigh])
                    &- Int64(shape[unchecked: lowOnLow &+ highAt.onLow]) &+ Int64(shape[unchecked: lowOnLow &+ highAt.onHigh])
            }
            var sum: Int64 = 0
            for slot in range(first, starts) {
                let word = words[unchecked: slot]
                sum &+= Int64(word >> 32) &* change(word, 0)
            }
            for slot in range(first &+ 1, starts) {
                let word = words[unchecked: slot]
                let other = Int(word & 0xFFFF), key = Int(keyOfOrdinal[unchecked: other])
                let skipped = byLast[unchecked: lowRow &+ key] &+ byLast[unchecked: highRow &+ key]
                sum &+= Int64(word >> 32) &* (change(word, Int(slotOfOrdinal[unchecked: other]) &* square) &+ skipped)
            }
            for slot in range(first &+ 2, starts) {
                let word = words[unchecked: slot]
                sum &+= Int64(word >> 32) &* change(word, Int(slotOfOrdinal[unchecked: Int(word & 0xFFFF)]) &* slots)
            }
            for slot in range(first &+ 3, starts) {
                let word = words[unchecked: slot]
                let other = Int(word & 0xFFFF), key = Int(keyOfOrdinal[unchecked: other])
                let skipped = skip[unchecked: lowRow &+ key] &+ skip[unchecked: highRow &+ key]
                sum &+= Int64(word >> 32) &* (change(word, Int(slotOfOrdinal[unchecked: other])) &+ skipped)
            }
            return sum
        }
    }

    /// Σ count · (C(low@h, high@l) − C(low@h, high@h) − C(low@l, high@l) + C(low@l, high@h)) over `slots`,
    /// the index of each cost being the sum of its symbols' entries of `place` (row stride `m`, one row per
    /// mask of positions). The entries of the keys `low` and `high` are read once per mask, before the loop.
    @inline(__always)
    private static func correction<Cost: FixedWidthInteger & SignedInteger>(
        _ slots: Range<Int>, _ terms: Span<OverlapIndex.Term>, _ table: Span<Cost>, _ place: Span<Int32>, _ m: Int,
        keyOf: Span<Int32>, low: Int, high: Int
    ) -> Int64 {
        guard !slots.isEmpty else { return 0 }
        let masks = place.count / m
        precondition(masks <= 8 && low < m && high < m)
        return withUnsafeTemporaryAllocation(of: (onLow: Int, onHigh: Int).self, capacity: 8) { at in
            for mask in 0..<8 {
                at.initializeElement(at: mask, to: mask < masks
                    ? (Int(place[unchecked: mask &* m &+ low]), Int(place[unchecked: mask &* m &+ high])) : (0, 0))
            }
            var sum: Int64 = 0
            for slot in slots {
                let term = terms[unchecked: slot]
                let base = Int(place[unchecked: Int(term.otherMask) &* m &+ Int(keyOf[unchecked: Int(term.other)])])
                let lowAt = at[Int(term.lowMask & 7)], highAt = at[Int(term.highMask & 7)]
                let lowOnLow = base &+ lowAt.onLow, lowOnHigh = base &+ lowAt.onHigh
                let change = Int64(table[unchecked: lowOnHigh &+ highAt.onLow]) &- Int64(table[unchecked: lowOnHigh &+ highAt.onHigh])
                    &- Int64(table[unchecked: lowOnLow &+ highAt.onLow]) &+ Int64(table[unchecked: lowOnLow &+ highAt.onHigh])
                sum &+= Int64(term.count) &* change
            }
            return sum
        }
    }
}
