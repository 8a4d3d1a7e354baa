/// Delta scoring on the fast path: re-pricing the n-grams of a symbol on one key when it moves.
///
/// A swap of keys a and b moving symbols x (on a) and y (on b) is priced in two steps that add up
/// exactly (the sums telescope): first x moves from a to b while y still reads key b, then y moves
/// from b to a while x already reads key b. An n-gram with both symbols is re-priced in each step,
/// and the two differences sum to its true change, new cost minus old; every other n-gram is
/// re-priced in exactly one step. The intermediate position (x and y on one key) is only a point
/// the tables are read at, never a layout. Symbols on several keys are priced by the general path
/// (`OptimizedScorer+General`); here they read the zero-cost key `nowhere`, so they add nothing.
extension OptimizedScorer {
    /// The change in every raw sum (mono, bi, tri and both hand masses) if keys `a` and `b`
    /// exchanged their symbols in `state`: only the n-grams containing a moved symbol are re-priced.
    ///
    /// Empty keys and symbols the corpus does not have move too but cost nothing; a swap of two keys
    /// carrying the same symbol changes nothing. `a` and `b` must be keys of the board.
    public func swapDelta(_ state: LayoutState, _ a: Int, _ b: Int) -> RawScore {
        precondition(a >= 0 && a < keyCount && b >= 0 && b < keyCount, "swapDelta: key index out of range")
        let tokenA = state.tokens[a], tokenB = state.tokens[b]
        guard a != b && tokenA != tokenB else { return RawScore() }
        let x = state.isCorpusSymbol(tokenA) ? Int(tokenA) : -1
        let y = state.isCorpusSymbol(tokenB) ? Int(tokenB) : -1
        guard x >= 0 || y >= 0 else { return RawScore() }
        let nowhere = Int32(tables.nowhere)
        let xIsFast = x >= 0 && state.fastKey[x] != nowhere
        let yIsFast = y >= 0 && state.fastKey[y] != nowhere
        var delta = RawScore()
        if xIsFast { delta += fastMove(x, from: a, to: b, keyOf: state.fastKey.span) }
        if yIsFast {
            if xIsFast {
                withUnsafeTemporaryAllocation(of: Int32.self, capacity: state.fastKey.count) { scratch in
                    _ = scratch.initialize(fromContentsOf: state.fastKey)
                    scratch[x] = Int32(b)
                    delta += fastMove(y, from: b, to: a, keyOf: UnsafeBufferPointer(scratch).span)
                }
            } else {
                delta += fastMove(y, from: b, to: a, keyOf: state.fastKey.span)
            }
        }
        if state.general.isActive { delta += generalMove(state, x, y, a, b) }
        return delta
    }

    /// The change when fast symbol `symbol` moves from key `from` to key `to`, every other symbol
    /// reading its key from `keyOf`.
    @inline(__always)
    func fastMove(_ symbol: Int, from: Int, to: Int, keyOf: Span<Int32>) -> RawScore {
        let keyCost = tables.keyCost.span, massSide = tables.massSide.span
        var delta = RawScore()
        let count = index.unigramCount[symbol]
        delta.mono = count &* (keyCost[to] &- keyCost[from])
        let sideFrom = massSide[from], sideTo = massSide[to]
        delta.leftMass = (sideTo == 0 ? count : 0) &- (sideFrom == 0 ? count : 0)
        delta.rightMass = (sideTo == 1 ? count : 0) &- (sideFrom == 1 ? count : 0)

        let m = tables.stride
        let byFirst = tables.pairByFirst.span
        let bigramStarts = index.bigramPartners.starts.span, bigramPartners = index.bigramPartners.elements.span
        delta.bi = Self.bigramShift(Self.range(symbol &* 2, bigramStarts), bigramPartners, byFirst,
                                    from: from &* m, to: to &* m, keyOf: keyOf)
            &+ Self.bigramShift(Self.range(symbol &* 2 &+ 1, bigramStarts), bigramPartners, tables.pairBySecond.span,
                                from: from &* m, to: to &* m, keyOf: keyOf)
            &+ index.bigramRepeatCount[symbol] &* (byFirst[to &* m &+ to] &- byFirst[from &* m &+ from])

        let trigram = tables.trigram.span
        guard !trigram.isEmpty else { return delta }
        let plane = m &* m, cube = m &* m &* m
        let trigramStarts = index.trigramPartners.starts.span, trigramPartners = index.trigramPartners.elements.span
        var tri: Int64 = 0
        for position in 0..<3 {
            tri &+= Self.trigramShift(Self.range(symbol &* 3 &+ position, trigramStarts), trigramPartners, trigram, m,
                                      from: position &* cube &+ from &* plane, to: position &* cube &+ to &* plane, keyOf: keyOf)
        }
        let repeats = index.trigramRepeats.elements.span
        for slot in Self.range(symbol, index.trigramRepeats.starts.span) {
            let entry = repeats[unchecked: slot]
            let a = Int(entry.a), b = Int(entry.b), c = Int(entry.c)
            let keyA = Int(keyOf[unchecked: a]), keyB = Int(keyOf[unchecked: b]), keyC = Int(keyOf[unchecked: c])
            let old = ((a == symbol ? from : keyA) &* m &+ (b == symbol ? from : keyB)) &* m &+ (c == symbol ? from : keyC)
            let new = ((a == symbol ? to : keyA) &* m &+ (b == symbol ? to : keyB)) &* m &+ (c == symbol ? to : keyC)
            tri &+= Int64(entry.count) &* (Int64(trigram[unchecked: new]) &- Int64(trigram[unchecked: old]))
        }
        delta.tri = tri
        return delta
    }

    /// The elements of group `group` of a `GroupedList` whose starts are `starts`.
    @inline(__always)
    private static func range(_ group: Int, _ starts: Span<Int32>) -> Range<Int> {
        Int(starts[unchecked: group]) ..< Int(starts[unchecked: group &+ 1])
    }

    /// Σ count · (table[to + key(other)] − table[from + key(other)]) over the bigram partners in `slots`.
    @inline(__always)
    private static func bigramShift(_ slots: Range<Int>, _ partners: Span<BigramPartner>, _ table: Span<Int64>,
                                    from: Int, to: Int, keyOf: Span<Int32>) -> Int64 {
        var sum: Int64 = 0
        for slot in slots {
            let entry = partners[unchecked: slot]
            let key = Int(keyOf[unchecked: Int(entry.other)])
            sum &+= Int64(entry.count) &* (table[unchecked: to &+ key] &- table[unchecked: from &+ key])
        }
        return sum
    }

    /// Σ count · (table[to + cell] − table[from + cell]) over the trigram partners in `slots`, where
    /// cell = key(first) · m + key(second) indexes a plane of one orientation of the dense table.
    @inline(__always)
    private static func trigramShift(_ slots: Range<Int>, _ partners: Span<TrigramPartners>, _ table: Span<Int32>, _ m: Int,
                                     from: Int, to: Int, keyOf: Span<Int32>) -> Int64 {
        var sum: Int64 = 0
        for slot in slots {
            let entry = partners[unchecked: slot]
            let cell = Int(keyOf[unchecked: Int(entry.first)]) &* m &+ Int(keyOf[unchecked: Int(entry.second)])
            sum &+= Int64(entry.count) &* (Int64(table[unchecked: to &+ cell]) &- Int64(table[unchecked: from &+ cell]))
        }
        return sum
    }
}
