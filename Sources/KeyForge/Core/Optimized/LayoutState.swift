/// A layout under search, kept in the form the optimized tier scores fast, with its current raw score.
///
/// Each key holds a token: a corpus symbol's index, a symbol that is not in the corpus (it moves but
/// costs nothing), or nothing. Each placed corpus symbol has its set of keys. A symbol on exactly one
/// key is "fast": its key is also in `fastKey` and in `positions` (`FastPositions`, with the trigram
/// weights of every fast symbol that is not pinned, see `init`), which the delta loops read and `applySwap` keeps current (a swap
/// rewrites the weights of the symbols that share a trigram with a moved one). A swap exchanges two keys' tokens and never changes how
/// many keys a symbol has, so the fast-path, general-path and overlap indexes are fixed for the
/// state's life and shared by its copies. States are values: copying one (to keep the best layout)
/// shares every array until one of the copies swaps. A state must be used with the scorer that made it.
public struct LayoutState: Sendable {
    /// The raw sums of the current layout, kept up to date by `applySwap`.
    public internal(set) var raw: RawScore
    /// The number of keys.
    public let keyCount: Int
    /// Each key's token: a corpus symbol (below `symbolNames.count`), `symbolNames.count + i` for
    /// `extraSymbols[i]`, or -1 for an empty key.
    private(set) var tokens: [Int32]
    /// The corpus symbols (shared with the scorer).
    let symbolNames: [String]
    /// Symbols on the layout that the corpus does not have.
    let extraSymbols: [String]
    /// Each corpus symbol's key when it is on exactly one key and priced by the fast path, else `nowhere`.
    private(set) var fastKey: [Int32]
    /// The keys of every placed corpus symbol, symbol after symbol (in no particular order).
    private(set) var keySlots: [Int32]
    /// Where each symbol's keys start in `keySlots`, plus the end.
    let keySlotStarts: [Int32]
    /// The n-grams priced by the general path.
    let general: GeneralNGramIndex
    /// The fast path's packed n-gram entries.
    private(set) var fast: FastPathIndex
    /// Where the fast symbols are, as the fast path reads it.
    private(set) var positions: FastPositions
    /// The n-grams of each pair of fast symbols.
    let overlaps: OverlapIndex
    /// The scorer's cost tables (shared), for the slots `positions.move` reads.
    let tables: CostTables
    /// Layers, shift, REPEAT and MAGIC: the correction part (`ExtrasState`), nil for a single-layer layout.
    private(set) var extras: ExtrasState?

    /// The state of `layout` under `scorer`, with its raw score computed in full.
    /// `ruleCandidates` are the magic rules a search may give the layout (`OptimizedScorer.ruleChangeDelta`).
    /// With `movableKeys` (a search's), the fast symbols on other keys are pinned (`FastPathIndex`): swaps
    /// of movable keys then keep less current; a swap or delta that moves a pinned symbol is still exact
    /// (the state drops the pinning first, or prices it from an unpinned copy), only slower.
    public init(layout: Layout, scorer: OptimizedScorer, ruleCandidates: [MagicRule] = [],
                movableKeys: [Int]? = nil) throws(ValidationError) {
        let keyCount = scorer.keyCount
        guard layout.symbols.count == keyCount else {
            throw ValidationError(field: "layout", "has \(layout.symbols.count) entries for \(keyCount) keys")
        }
        if layout.hasExtras { try layout.validateExtras(keyCount: keyCount) }
        let names = scorer.symbols
        var corpusIndex: [String: Int] = [:]
        for (position, name) in names.enumerated() { corpusIndex[name] = position }
        var extraIndex: [String: Int] = [:]
        var extraSymbols: [String] = []
        var keysOf = [[Int32]](repeating: [], count: names.count)
        var tokens = [Int32](repeating: -1, count: keyCount)
        for (key, symbol) in layout.symbols.enumerated() {
            guard let symbol else { continue }
            if let position = corpusIndex[symbol] {
                tokens[key] = Int32(position)
                keysOf[position].append(Int32(key))
            } else {
                let extra = extraIndex[symbol] ?? extraSymbols.count
                if extra == extraSymbols.count {
                    extraIndex[symbol] = extra
                    extraSymbols.append(symbol)
                }
                tokens[key] = Int32(names.count + extra)
            }
        }
        let nowhere = Int32(scorer.tables.nowhere)
        let isPlaced = keysOf.map { !$0.isEmpty }
        let isGeneral = keysOf.map { $0.count > 1 || (!$0.isEmpty && !scorer.tables.hasDenseTrigrams) }
        var starts: [Int32] = [0]
        for keys in keysOf { starts.append(starts[starts.count - 1] + Int32(keys.count)) }

        let isFast = keysOf.indices.map { isPlaced[$0] && !isGeneral[$0] }
        let fastKey = keysOf.indices.map { isFast[$0] ? keysOf[$0][0] : nowhere }
        self.keyCount = keyCount
        self.tokens = tokens
        self.symbolNames = names
        self.extraSymbols = extraSymbols
        self.fastKey = fastKey
        self.keySlots = keysOf.flatMap { $0 }
        self.keySlotStarts = starts
        self.general = GeneralNGramIndex(index: scorer.index, isPlaced: isPlaced, isGeneral: isGeneral)
        var isPinned: [Bool]? = nil
        if let movableKeys {
            var isMovable = [Bool](repeating: false, count: keyCount)
            for key in movableKeys where key >= 0 && key < keyCount { isMovable[key] = true }
            isPinned = keysOf.map { $0.count == 1 && !isMovable[Int($0[0])] }
        }
        let fast = FastPathIndex(index: scorer.index, isFast: isFast, isPinned: isPinned)
        self.fast = fast
        self.positions = FastPositions(keyOfOrdinal: keysOf.indices.filter { isFast[$0] }.map { keysOf[$0][0] },
                                       fast: fast, tables: scorer.tables)
        self.tables = scorer.tables
        self.overlaps = OverlapIndex(index: scorer.index, fast: fast)
        self.extras = layout.hasExtras
            ? ExtrasState(layout: layout, symbols: names, corpusIndex: corpusIndex, ngrams: scorer.index,
                          ruleCandidates: ruleCandidates.compactMap { rule in
                              guard let after = corpusIndex[rule.after], let output = corpusIndex[rule.output] else { return nil }
                              return (Int32(after), Int32(output))
                          }) : nil
        self.raw = RawScore()
        self.raw = scorer.rawScore(self)
    }

    /// The layout as symbols per key.
    public var layout: Layout {
        Layout(symbols: tokens.map { symbol(token: $0) }, layers: extras?.layers ?? [], magicRules: extras?.magicRules ?? [])
    }

    /// The symbol on `key`, or nil when it is empty.
    public func symbol(onKey key: Int) -> String? { symbol(token: tokens[key]) }

    /// Exchanges the symbols of keys `a` and `b` and adds `delta` (from `OptimizedScorer.swapDelta`
    /// for this state and these keys) to the raw score.
    public mutating func applySwap(_ a: Int, _ b: Int, delta: RawScore) {
        raw += delta
        let tokenA = tokens[a], tokenB = tokens[b]
        if fast.hasPinned && (movesPinned(tokenA) || movesPinned(tokenB)) { unpin() }
        extras?.applySwap(a, b, tokenA: tokenA, tokenB: tokenB, symbolCount: symbolNames.count)
        guard a != b && tokenA != tokenB else { return }
        tokens.swapAt(a, b)
        move(token: tokenA, from: a, to: b)
        move(token: tokenB, from: b, to: a)
    }

    /// The layout's magic rules, in order.
    public var magicRules: [MagicRule] { extras?.magicRules ?? [] }

    /// Each magic rule's after and output as corpus symbols (-1 when the corpus lacks one).
    public var ruleSymbols: [(after: Int32, output: Int32)] { extras?.ruleSymbols ?? [] }

    /// Replaces magic rule `slot` by `after` -> `output` (corpus symbols) and adds `delta` (from
    /// `OptimizedScorer.ruleChangeDelta` for this state and this change) to the raw score.
    public mutating func applyRuleChange(slot: Int, after: Int, output: Int, delta: RawScore) {
        guard extras != nil else { return }
        raw += delta
        extras?.changeRule(slot, to: MagicRule(after: symbolNames[after], output: symbolNames[output]),
                           after: Int32(after), output: Int32(output))
    }

    /// True when `token` is a pinned fast symbol (`FastPathIndex`), whose trigram weights are not current.
    @inline(__always)
    func movesPinned(_ token: Int32) -> Bool { isCorpusSymbol(token) && fast.isPinned[Int(token)] }

    /// Drops the pinning: every fast symbol's weights rebuilt at the current keys and kept current from now on.
    mutating func unpin() {
        guard fast.hasPinned else { return }
        fast = fast.unpinned()
        positions = FastPositions(keyOfOrdinal: positions.keyOfOrdinal, fast: fast, tables: tables)
    }

    /// True when `token` is a corpus symbol.
    @inline(__always)
    func isCorpusSymbol(_ token: Int32) -> Bool { token >= 0 && Int(token) < symbolNames.count }

    /// The keys of corpus symbol `symbol` in `keySlots`.
    @inline(__always)
    func keyRange(_ symbol: Int) -> Range<Int> { Int(keySlotStarts[symbol]) ..< Int(keySlotStarts[symbol + 1]) }

    private mutating func move(token: Int32, from: Int, to: Int) {
        guard isCorpusSymbol(token) else { return }
        let symbol = Int(token)
        if fastKey[symbol] == Int32(from) {
            fastKey[symbol] = Int32(to)
            positions.move(symbol, ordinal: Int(fast.ordinal[symbol]), from: from, to: to, fast: fast, tables: tables)
        }
        for slot in keyRange(symbol) where keySlots[slot] == Int32(from) {
            keySlots[slot] = Int32(to)
            return
        }
    }

    private func symbol(token: Int32) -> String? {
        guard token >= 0 else { return nil }
        let position = Int(token)
        return position < symbolNames.count ? symbolNames[position] : extraSymbols[position - symbolNames.count]
    }
}
