/// The overlap correction of a swap (`OptimizedScorer+Delta`): the n-grams that contain both swapped symbols.
///
/// With the pair's low symbol on key l and its high symbol on key h, each such n-gram C adds
/// count · (C(low@h, high@l) − C(low@h, high@h) − C(low@l, high@l) + C(low@l, high@h)).
/// The two bigrams of a pair, (low, high) and (high, low), both add B(h, l) − B(h, h) − B(l, l) + B(l, h), so
/// their counts are summed per pair. Trigrams are priced through T's slot decomposition (`CostTables`:
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
        // (low, high) and (high, low) both correct by B(h, l) − B(h, h) − B(l, l) + B(l, h).
        let count = state.overlaps.bigramCounts[group]
        if count != 0 {
            let pair = tables.pairByFirst.span, m = tables.stride
            delta.bi = count &* (pair[high &* m &+ low] &- pair[high &* m &+ high] &- pair[low &* m &+ low] &+ pair[low &* m &+ high])
        }
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
        let first = group &* 8
        precondition(first &+ 8 < starts.count && low < m && high < m)
        let slotOfOrdinal = positions.slotOfOrdinal.span, keyOfOrdinal = positions.keyOfOrdinal.span
        let skip = tables.sameSlotSkip.span
        if lowSlot == highSlot {
            let pairSkip = skip[low &* m &+ high] &+ skip[high &* m &+ low]
            guard pairSkip != 0 else { return 0 }
            var count: Int64 = 0
            for slot in range(first &+ 3, 2, starts) {
                let word = words[unchecked: slot]
                count &+= Int(slotOfOrdinal[unchecked: Int(word & 0xFFFF)]) != lowSlot ? Int64(word >> 32) : 0
            }
            return count &* pairSkip
        }
        let shape = tables.slotShape.span, byLast = tables.sameSlotSkipByLast.span
        precondition(shape.count >= slots &* square && byLast.count == m &* m)
        let lowRow = low &* m, highRow = high &* m
        // Orientation 0 of the shape holds shape(t, u, v) at t·S² + u·S + v: a symbol on slot s at position i adds
        // s·S^(2−i). In one part every term has the same positions, so the four points differ from the other
        // symbol's place by the same four offsets.
        let place = (square, slots, 1)
        /// The offsets of the four points (A = low@h, high@l; B = low@h, high@h; C = low@l, high@l; D = low@l,
        /// high@h) from the other symbol's part of the index, for a low symbol at place value `lowPlace` and a
        /// high one at `highPlace`.
        @inline(__always)
        func points(lowPlace: Int, highPlace: Int) -> (a: Int, b: Int, c: Int, d: Int) {
            let lowOnLow = lowSlot &* lowPlace, lowOnHigh = highSlot &* lowPlace
            let highOnLow = lowSlot &* highPlace, highOnHigh = highSlot &* highPlace
            return (lowOnHigh &+ highOnLow, lowOnHigh &+ highOnHigh, lowOnLow &+ highOnLow, lowOnLow &+ highOnHigh)
        }
        /// The shape part of one term's correction: A − B − C + D from `base`.
        @inline(__always)
        func shapeChange(_ base: Int, _ at: (a: Int, b: Int, c: Int, d: Int)) -> Int64 {
            Int64(shape[unchecked: base &+ at.a]) &- Int64(shape[unchecked: base &+ at.b])
                &- Int64(shape[unchecked: base &+ at.c]) &+ Int64(shape[unchecked: base &+ at.d])
        }
        /// Σ count · (shape change + SFS part) over part `part`, whose low symbol is at the position of place value
        /// `lowPlace`, its high one at `highPlace`, its other one (if any) at `otherPlace`.
        @inline(__always)
        func sum(_ part: Int, lowPlace: Int, highPlace: Int, otherPlace: Int, skipRows: Span<Int64>, withSkip: Bool) -> Int64 {
            let at = points(lowPlace: lowPlace, highPlace: highPlace)
            var total: Int64 = 0
            for slot in range(first &+ part, starts) {
                let word = words[unchecked: slot]
                let other = Int(word & 0xFFFF)
                var change = shapeChange(Int(slotOfOrdinal[unchecked: other]) &* otherPlace, at)
                if withSkip {
                    let key = Int(keyOfOrdinal[unchecked: other])
                    change &+= skipRows[unchecked: lowRow &+ key] &+ skipRows[unchecked: highRow &+ key]
                }
                total &+= Int64(word >> 32) &* change
            }
            return total
        }
        var total: Int64 = 0
        // The pair alone: any two of the positions may hold either symbol, so each term reads its own masks.
        for slot in range(first, starts) {
            let word = words[unchecked: slot]
            // A symbol's place value: the sum over the positions in its mask (bit i for position i) of S^(2−i).
            func placeValue(_ mask: UInt64) -> Int { Int(mask & 1) &* square &+ Int((mask >> 1) & 1) &* slots &+ Int(mask >> 2) }
            let at = points(lowPlace: placeValue((word >> 24) & 7), highPlace: placeValue((word >> 16) & 7))
            total &+= Int64(word >> 32) &* shapeChange(0, at)
        }
        total &+= sum(1, lowPlace: place.1, highPlace: place.2, otherPlace: place.0, skipRows: byLast, withSkip: true)
        total &+= sum(2, lowPlace: place.2, highPlace: place.1, otherPlace: place.0, skipRows: byLast, withSkip: true)
        total &+= sum(3, lowPlace: place.0, highPlace: place.2, otherPlace: place.1, skipRows: skip, withSkip: false)
        total &+= sum(4, lowPlace: place.2, highPlace: place.0, otherPlace: place.1, skipRows: skip, withSkip: false)
        total &+= sum(5, lowPlace: place.0, highPlace: place.1, otherPlace: place.2, skipRows: skip, withSkip: true)
        total &+= sum(6, lowPlace: place.1, highPlace: place.0, otherPlace: place.2, skipRows: skip, withSkip: true)
        return total
    }
}
