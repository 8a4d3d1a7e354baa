/// The optimized tier (docs/PHYSICS.md section 4.2, docs/adr/0016-scoring-tiers.md): the exact tier's score, fast, with delta scoring.
///
/// Built once per (keyboard, rubric, corpus) from an `ExactScorer`, whose cost model and pruned corpus
/// it reuses. Scores are the exact tier's integers bit for bit: the tables are copies of `CostModel`'s
/// (`CostTables`), sums are Int64, and the typist is optimal the same way (the cheapest key
/// combination for every n-gram; for monograms the cheapest key, ties to the first in key order,
/// decides the hand).
///
/// A symbol on one key takes the fast path: when it moves, its bigrams are re-priced from its packed
/// entries (`SymbolNGramIndex`, `FastPathIndex`) with one row of B each, its trigrams from weights
/// by partner slots that the state keeps current (`FastPositions`, with T decomposed by slot in
/// `CostTables`), and a swap of two such symbols corrects the n-grams they share (`OverlapIndex`;
/// see `OptimizedScorer+Delta`).
/// Symbols on several keys take the general path (`GeneralNGramIndex`, `OptimizedScorer+General`):
/// their n-grams are re-priced as a minimum over key combinations. Sums wrap instead of trapping:
/// every true sum and difference fits Int64 (see `RawScore`'s arithmetic), so arithmetic modulo 2^64
/// gives it exactly.
public struct OptimizedScorer: Sendable {
    /// The exact tier this scorer agrees with.
    public let exact: ExactScorer
    /// The cost tables.
    let tables: CostTables
    /// The corpus indexed by symbol.
    let index: SymbolNGramIndex

    /// Builds the tables and indexes for `exact`'s board, rubric and pruned corpus.
    public init(exact: ExactScorer) {
        self.init(exact: exact, denseKeyLimit: CostTables.maxDenseKeys)
    }

    /// Builds the scorer with the dense trigram table only for boards of at most `denseKeyLimit` keys
    /// (tests pass 0 to run everything on the general path).
    init(exact: ExactScorer, denseKeyLimit: Int) {
        self.exact = exact
        tables = CostTables(model: exact.model, denseKeyLimit: denseKeyLimit)
        index = SymbolNGramIndex(corpus: exact.corpus)
    }

    /// The number of keys of the board.
    public var keyCount: Int { tables.keyCount }
    /// The corpus symbols, in corpus order.
    public var symbols: [String] { exact.corpus.corpus.symbols }
    /// The number of kept trigrams scored.
    public var trigramCount: Int { index.trigrams.count }
    /// The number of bigrams scored.
    public var bigramCount: Int { index.bigrams.count }

    /// The state of `layout`, ready for delta scoring.
    public func state(_ layout: Layout) throws(ValidationError) -> LayoutState {
        try LayoutState(layout: layout, scorer: self)
    }

    /// The raw sums of `state`'s layout, evaluated in full (not from `state.raw`).
    public func rawScore(_ state: LayoutState) -> RawScore {
        precondition(isScorer(of: state), "rawScore: the state was made by another scorer")
        var raw = RawScore()
        let stride = tables.stride
        let keyOf = state.fastKey.span
        let keyCost = tables.keyCost.span, massSide = tables.massSide.span
        let unigramCount = index.unigramCount.span
        let starts = state.keySlotStarts.span
        for symbol in 0..<index.symbolCount {
            let count = unigramCount[unchecked: symbol]
            // A symbol on no key (its key range is empty) is priced by `unplaced_cost` when normalized.
            if starts[unchecked: symbol] == starts[unchecked: symbol + 1] { raw.unplacedMass &+= count }
            let key = Int(keyOf[unchecked: symbol])
            raw.mono &+= count &* keyCost[unchecked: key]
            let side = massSide[unchecked: key]
            raw.leftMass &+= side == 0 ? count : 0
            raw.rightMass &+= side == 1 ? count : 0
        }
        let pair = tables.pairByFirst.span
        var bi: Int64 = 0
        let bigrams = index.bigrams.span
        for position in 0..<bigrams.count {
            let entry = bigrams[unchecked: position]
            let cell = Int(keyOf[unchecked: Int(entry.a)]) &* stride &+ Int(keyOf[unchecked: Int(entry.b)])
            bi &+= Int64(entry.count) &* pair[unchecked: cell]
        }
        raw.bi = bi
        if tables.hasDenseTrigrams {
            let trigram = tables.trigram.span, middleClass = tables.middleClass.span
            let classCount = tables.classCount
            var tri: Int64 = 0
            let trigrams = index.trigrams.span
            for position in 0..<trigrams.count {
                let entry = trigrams[unchecked: position]
                let middle = Int(middleClass[unchecked: Int(keyOf[unchecked: Int(entry.b)])])
                let cell = (Int(keyOf[unchecked: Int(entry.a)]) &* classCount &+ middle) &* stride
                    &+ Int(keyOf[unchecked: Int(entry.c)])
                tri &+= Int64(entry.count) &* Int64(trigram[unchecked: cell])
            }
            raw.tri = tri
        }
        if state.general.isActive { raw += generalTotal(state) }
        if state.extras != nil { raw += extrasTotal(state) }
        return raw
    }

    /// True when `state` has this scorer's shape (key and symbol counts), which keeps every table
    /// read of the fast loops in bounds.
    @inline(__always)
    func isScorer(of state: LayoutState) -> Bool {
        state.keyCount == tables.keyCount && state.symbolNames.count == index.symbolCount
    }

    /// The score of `state`'s layout, evaluated in full.
    public func score(_ state: LayoutState) -> ScoreParts {
        normalized(rawScore(state))
    }

    /// `raw` normalized exactly as the exact tier does (`RawScore.normalized`).
    public func normalized(_ raw: RawScore) -> ScoreParts {
        raw.normalized(totalUnigrams: exact.corpus.totalUnigrams, balance: exact.balance, unplacedCost: exact.model.unplacedCost)
    }

    /// Computes the delta of swapping keys `a` and `b` in `state`, applies it, and returns it.
    @discardableResult
    public func applySwap(_ state: inout LayoutState, _ a: Int, _ b: Int) -> RawScore {
        let delta = swapDelta(state, a, b)
        state.applySwap(a, b, delta: delta)
        return delta
    }
}
