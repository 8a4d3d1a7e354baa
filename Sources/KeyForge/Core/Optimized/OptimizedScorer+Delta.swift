/// Delta scoring on the fast path: re-pricing the n-grams of symbols on one key when they move.
///
/// A swap of keys a and b carrying symbols x and y is priced as two moves read from the current
/// layout: x from a to b while y stays on b, and y from b to a while x stays on a. Each n-gram with
/// only one of the two symbols is re-priced once, by its symbol's move, exactly. An n-gram C with
/// both is re-priced by both moves, which give C(x@b, y@b) − C(x@a, y@b) and C(x@a, y@a) − C(x@a, y@b);
/// its true change is C(x@b, y@a) − C(x@a, y@b), so the overlap correction adds
/// C(x@b, y@a) − C(x@b, y@b) − C(x@a, y@a) + C(x@a, y@b) for each of them (`OverlapIndex` finds them).
/// The points where x and y share a key are only places the tables are read at, never layouts.
/// Symbols on several keys are priced by the general path (`OptimizedScorer+General`); here they
/// sit at the zero-cost key `nowhere`, so they add nothing.
///
/// A move re-prices bigrams entry by entry at the new key (their cost at the old key is kept summed,
/// `FastPositions.bigramSums`), but trigrams from the moving symbol's weights
/// (`FastPositions`): with T = shape(slots) + SFS (`CostTables`), a move changes the shape part by
/// Σ weight · shape change over the few pairs of partner slots whose shape changes, and the SFS
/// part through the keys of the old and new slot. The two moves of a swap read the same shape
/// changes with opposite signs, so `slotShift` prices both at once.
extension OptimizedScorer {
    /// The change in every raw sum (mono, bi, tri and both hand masses) if keys `a` and `b`
    /// exchanged their symbols in `state`: only the n-grams containing a moved symbol are re-priced.
    ///
    /// Empty keys and symbols the corpus does not have move too but cost nothing; a swap of two keys
    /// carrying the same symbol changes nothing. `a` and `b` must be keys of the board.
    func baseSwapDelta(_ state: LayoutState, _ a: Int, _ b: Int) -> RawScore {
        precondition(a >= 0 && a < keyCount && b >= 0 && b < keyCount, "swapDelta: key index out of range")
        precondition(isScorer(of: state), "swapDelta: the state was made by another scorer")
        let tokenA = state.tokens[a], tokenB = state.tokens[b]
        guard a != b && tokenA != tokenB else { return RawScore() }
        let x = state.isCorpusSymbol(tokenA) ? Int(tokenA) : -1
        let y = state.isCorpusSymbol(tokenB) ? Int(tokenB) : -1
        guard x >= 0 || y >= 0 else { return RawScore() }
        if state.fast.hasPinned && (state.movesPinned(tokenA) || state.movesPinned(tokenB)) {
            // A pinned symbol's weights are not current: price the swap on a copy that keeps them all.
            var unpinned = state
            unpinned.unpin()
            return baseSwapDelta(unpinned, a, b)
        }
        let nowhere = Int32(tables.nowhere)
        let xIsFast = x >= 0 && state.fastKey[x] != nowhere
        let yIsFast = y >= 0 && state.fastKey[y] != nowhere
        var delta = RawScore()
        if xIsFast { delta += fastMove(x, from: a, to: b, state) }
        if yIsFast { delta += fastMove(y, from: b, to: a, state) }
        if (xIsFast || yIsFast) && tables.hasDenseTrigrams {
            let none = state.fast.fastCount
            delta.tri &+= Self.slotShift(xIsFast ? Int(state.fast.ordinal[x]) : none, yIsFast ? Int(state.fast.ordinal[y]) : none,
                                         a, b, state.positions, tables)
        }
        if xIsFast && yIsFast { delta += overlapCorrection(x, y, a, b, state) }
        if state.general.isActive { delta += generalMove(state, x, y, a, b) }
        return delta
    }

    /// The change when fast symbol `symbol` moves from key `from` to key `to`, every other symbol
    /// staying where `state` has it.
    @inline(__always)
    private func fastMove(_ symbol: Int, from: Int, to: Int, _ state: LayoutState) -> RawScore {
        let keyCost = tables.keyCost.span, massSide = tables.massSide.span
        var delta = RawScore()
        let count = index.unigramCount[symbol]
        delta.mono = count &* (keyCost[to] &- keyCost[from])
        let sideFrom = massSide[from], sideTo = massSide[to]
        delta.leftMass = (sideTo == 0 ? count : 0) &- (sideFrom == 0 ? count : 0)
        delta.rightMass = (sideTo == 1 ? count : 0) &- (sideFrom == 1 ? count : 0)

        let m = tables.stride
        let byFirst = tables.pairByFirst.span
        let fast = state.fast, positions = state.positions
        let bigramStarts = fast.bigrams.starts.span, bigramEntries = fast.bigrams.elements.span
        let keyOfOrdinal = positions.keyOfOrdinal.span
        let ordinal = Int(fast.ordinal[symbol])
        delta.bi = Self.rowSum(Self.range(symbol &* 2, bigramStarts), bigramEntries, keyOfOrdinal, byFirst, row: to &* m)
            &+ Self.rowSum(Self.range(symbol &* 2 &+ 1, bigramStarts), bigramEntries, keyOfOrdinal, tables.pairBySecond.span,
                           row: to &* m)
            &- positions.bigramSums[ordinal]
            &+ index.bigramRepeatCount[symbol] &* (byFirst[to &* m &+ to] &- byFirst[from &* m &+ from])

        let trigram = tables.trigram.span
        guard !trigram.isEmpty else { return delta }
        var tri = Self.skipShift(ordinal, from: from, to: to, positions, tables)
        // The trigrams where the symbol repeats cost their shape by slots (`CostTables.repeatShape`), so they
        // change only when the symbol changes slot; those whose other symbol is not fast cost 0 here.
        let slotOf = tables.slotOfKey.span
        let oldSlot = Int(slotOf[from]), newSlot = Int(slotOf[to])
        if oldSlot != newSlot {
            let slots = tables.slotCount
            let shape = tables.repeatShape.span, slotOfOrdinal = positions.slotOfOrdinal.span
            let repeats = fast.repeats.elements.span
            precondition(shape.count == 3 &* slots &* slots &+ slots && oldSlot < slots && newSlot < slots)
            // Entry (i·S + t)·S + u = i·S² + u + t·S: the part of the position i (mask 1 << i) and the other
            // symbol's slot u, plus the row of the old or the new slot t.
            let square = slots &* slots, oldRow = oldSlot &* slots, newRow = newSlot &* slots
            for slot in Self.range(symbol &* 2, 2, fast.repeats.starts.span) {
                let word = repeats[unchecked: slot]
                let at = Int((word >> 17) & 0x3) &* square &+ Int(slotOfOrdinal[unchecked: Int(word & 0xFFFF)])
                tri &+= Int64(word >> 32) &* (shape[unchecked: at &+ newRow] &- shape[unchecked: at &+ oldRow])
            }
            let triple = 3 &* slots &* slots
            tri &+= fast.tripleCount[symbol] &* (shape[unchecked: triple &+ newSlot] &- shape[unchecked: triple &+ oldSlot])
        }
        delta.tri = tri
        return delta
    }

    /// The shape part, and the SFS part of orientation 1, of the change of the trigrams that fast
    /// symbols x (ordinal `x`, on key a) and y (ordinal `y`, on key b) hold once, when they swap,
    /// from their weights (`FastPositions`; a symbol that is not fast has the zero ordinal `fastCount`):
    /// Σ (weight of x − weight of y) · (shape at b's slot − shape at a's slot) over the pairs of partner
    /// slots of each orientation whose shape changes, and the summed SFS costs of the two slots
    /// (orientation 1, where only a middle key leaving or joining its outer keys' slot changes anything).
    /// A swap within one slot changes neither.
    @inline(__always)
    private static func slotShift(_ x: Int, _ y: Int, _ a: Int, _ b: Int, _ positions: borrowing FastPositions,
                                  _ tables: borrowing CostTables) -> Int64 {
        let slots = tables.slotCount
        let square = slots &* slots, perOrdinal = 3 &* square
        let slotOf = tables.slotOfKey.span
        let slotA = Int(slotOf[a]), slotB = Int(slotOf[b])
        guard slotA != slotB else { return 0 }
        let weights = positions.slotWeights.span
        let changes = tables.shapeChanges.elements.span, starts = tables.shapeChanges.starts.span
        precondition(weights.count >= (max(x, y) &+ 1) &* perOrdinal)
        var tri: Int64 = 0
        let compact = tables.compactShapeChanges.span
        if compact.count == changes.count {
            for orientation in 0..<3 {
                let xWeights = x &* perOrdinal &+ orientation &* square, yWeights = y &* perOrdinal &+ orientation &* square
                let group = (orientation &* slots &+ slotA) &* slots &+ slotB
                for slot in Int(starts[group])..<Int(starts[group &+ 1]) {
                    let word = compact[unchecked: slot]
                    let pair = Int(word & 0xFF), change = Int64(Int32(bitPattern: word) >> 8)
                    tri &+= (Int64(weights[unchecked: xWeights &+ pair]) &- Int64(weights[unchecked: yWeights &+ pair])) &* change
                }
            }
        } else {
            for orientation in 0..<3 {
                let xWeights = x &* perOrdinal &+ orientation &* square, yWeights = y &* perOrdinal &+ orientation &* square
                let group = (orientation &* slots &+ slotA) &* slots &+ slotB
                for slot in Int(starts[group])..<Int(starts[group &+ 1]) {
                    let change = changes[unchecked: slot]
                    let pair = Int(change.pair)
                    tri &+= (Int64(weights[unchecked: xWeights &+ pair]) &- Int64(weights[unchecked: yWeights &+ pair])) &* change.change
                }
            }
        }
        let sums = positions.skipSums.span
        tri &+= sums[x &* slots &+ slotA] &- sums[x &* slots &+ slotB] &- sums[y &* slots &+ slotA] &+ sums[y &* slots &+ slotB]
        return tri
    }

    /// The SFS part of orientations 0 and 2 of the change of the trigrams that the fast symbol with
    /// ordinal `ordinal` holds once, when it moves from key `from` to key `to`: it reads the weights
    /// of the keys of the old and the new slot (`FastPositions.keyWeights`).
    @inline(__always)
    private static func skipShift(_ ordinal: Int, from: Int, to: Int, _ positions: borrowing FastPositions,
                                  _ tables: borrowing CostTables) -> Int64 {
        let m = tables.stride
        let slotOf = tables.slotOfKey.span
        let oldSlot = Int(slotOf[from]), newSlot = Int(slotOf[to])
        var tri: Int64 = 0
        let keyed = positions.keyWeights.span, skip = tables.sameSlotSkip.span
        let slotKeys = tables.slotKeys.elements.span
        let last = ordinal &* 2 &* m, first = last &+ m
        precondition(keyed.count >= first &+ m && skip.count == m &* m)
        for slot in tables.slotKeys.range(newSlot) {
            let key = Int(slotKeys[unchecked: slot])
            tri &+= Int64(keyed[unchecked: last &+ key]) &* skip[unchecked: to &* m &+ key]
                &+ Int64(keyed[unchecked: first &+ key]) &* skip[unchecked: key &* m &+ to]
        }
        for slot in tables.slotKeys.range(oldSlot) {
            let key = Int(slotKeys[unchecked: slot])
            tri &-= Int64(keyed[unchecked: last &+ key]) &* skip[unchecked: from &* m &+ key]
                &+ Int64(keyed[unchecked: first &+ key]) &* skip[unchecked: key &* m &+ from]
        }
        return tri
    }

    /// The elements of group `group` of a `GroupedList` whose starts are `starts`.
    @inline(__always)
    static func range(_ group: Int, _ starts: Span<Int32>) -> Range<Int> {
        Int(starts[unchecked: group]) ..< Int(starts[unchecked: group &+ 1])
    }

    /// The elements of the `count` adjacent groups from `group` on.
    @inline(__always)
    static func range(_ group: Int, _ count: Int, _ starts: Span<Int32>) -> Range<Int> {
        Int(starts[group]) ..< Int(starts[group &+ count])
    }

    /// Σ count · table[row + cell] over the packed `count << 32 | partner` words in `slots` of `entries`,
    /// where cell = `cells[partner]`: one row of B read at the key the symbol moves to (the row of its
    /// old key is summed in `FastPositions.bigramSums`). `row` must be a row start of `table`.
    @inline(__always)
    private static func rowSum(
        _ slots: Range<Int>, _ entries: Span<UInt64>, _ cells: Span<Int32>, _ table: Span<Int64>, row: Int
    ) -> Int64 {
        var sum: Int64 = 0
        for slot in slots {
            let word = entries[unchecked: slot]
            sum &+= Int64(word >> 32) &* table[unchecked: row &+ Int(cells[unchecked: Int(UInt32(truncatingIfNeeded: word))])]
        }
        return sum
    }
}
