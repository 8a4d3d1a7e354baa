/// The part of a `LayoutState` for a layout with extras (layers, shift, REPEAT, MAGIC): what the
/// single-layer fast and general paths do not see, kept as a correction (docs/PHYSICS.md section 4.2).
///
/// The single-layer paths price every n-gram by the base layer alone (a symbol with no base key is
/// unplaced there). The **affected** n-grams are those whose price over ways (`ExactScorer+Ways`) may
/// differ from that: every n-gram with a symbol that some layer carries, every bigram (a, b) that a
/// context key may finish (a = b with a REPEAT key, b = rule(a) with a MAGIC key), and every trigram
/// holding such a bigram. Each contributes its correction, price over ways minus single-layer price;
/// the set is fixed while only keys swap (a swap permutes base and shift symbols and never changes
/// which symbols a layer has, nor the rules), so it is indexed once per state.
///
/// The ways are kept as candidates per corpus symbol in the current key coordinates: base keys,
/// and (layer key, key) pairs of every layer, including the pairs whose layer key is the key itself
/// (no way now, but one after the layer key moves); the pricing filters those out.
struct ExtrasState: Sendable {
    /// One candidate way: the `TypingWays.Way` fields plus whether its key moves with the base
    /// (base and shift layer) or stays (an extra layer's symbol stays when keys swap).
    struct Candidate: Sendable {
        var prefix: Int32
        var key: Int32
        var layer: Int32
        var keyMoves: Bool
    }

    /// The fixed index of affected n-grams (shared by copies of the state).
    final class Index: Sendable {
        /// Symbols whose monogram is affected (they are on some layer).
        let unigrams: [Int32]
        /// Positions of affected bigrams in `SymbolNGramIndex.bigrams`.
        let bigrams: [Int32]
        /// Positions of affected trigrams in `SymbolNGramIndex.trigrams`.
        let trigrams: [Int32]
        /// Affected bigrams (positions) by symbol; a bigram with a symbol twice is listed once for it.
        let bigramsBySymbol: GroupedList<Int32>
        /// Affected trigrams (positions) by symbol, each once per symbol.
        let trigramsBySymbol: GroupedList<Int32>
        /// Which symbols have an affected monogram.
        let hasUnigram: [Bool]

        init(unigrams: [Int32], bigrams: [Int32], trigrams: [Int32], symbolCount: Int, index: SymbolNGramIndex) {
            self.unigrams = unigrams
            self.bigrams = bigrams
            self.trigrams = trigrams
            var hasUnigram = [Bool](repeating: false, count: symbolCount)
            for symbol in unigrams { hasUnigram[Int(symbol)] = true }
            self.hasUnigram = hasUnigram
            var bigramItems: [(group: Int, element: Int32)] = []
            for position in bigrams {
                let entry = index.bigrams[Int(position)]
                bigramItems.append((Int(entry.a), position))
                if entry.b != entry.a { bigramItems.append((Int(entry.b), position)) }
            }
            bigramsBySymbol = GroupedList(groupCount: symbolCount, items: bigramItems)
            var trigramItems: [(group: Int, element: Int32)] = []
            for position in trigrams {
                let entry = index.trigrams[Int(position)]
                trigramItems.append((Int(entry.a), position))
                if entry.b != entry.a { trigramItems.append((Int(entry.b), position)) }
                if entry.c != entry.a && entry.c != entry.b { trigramItems.append((Int(entry.c), position)) }
            }
            trigramsBySymbol = GroupedList(groupCount: symbolCount, items: trigramItems)
        }
    }

    /// The candidate ways of each corpus symbol (empty: the symbol is on no layer and no base key).
    private(set) var ways: [[Candidate]]
    /// The keys carrying REPEAT, and MAGIC (unordered; order does not change a price).
    private(set) var repeatKeys: [Int32]
    private(set) var magicKeys: [Int32]
    /// For each corpus symbol, the corpus symbol MAGIC types after it, or -1.
    private(set) var magicOutput: [Int32]
    /// Each key's role on the base layer: 0 none, -1 REPEAT or MAGIC, i + 1 a layer key of `layers[i]`.
    private(set) var keyRole: [Int32]
    /// The corpus symbol of each key on the shift layer, or -1.
    private(set) var shiftSymbol: [Int32]
    /// The layout's layers; the shift layer's symbols are kept current (they move with the base).
    private(set) var layers: [LayoutLayer]
    /// The index of the shift layer in `layers`, or -1.
    let shiftIndex: Int
    /// The layout's magic rules (a search may change them: `changeRule`).
    private(set) var magicRules: [MagicRule]
    /// Each rule's after and output as corpus symbols (-1 when the corpus lacks one).
    private(set) var ruleSymbols: [(after: Int32, output: Int32)]
    /// For each rule pair a search may use (the rules' and the candidates' (after, output), keyed
    /// `after * symbolCount + output`), the affected bigrams and trigrams holding it; empty without MAGIC keys.
    let pairNGrams: [Int: (bigrams: [Int32], trigrams: [Int32])]
    /// The corpus symbols of each layer (1-based like `Candidate.layer`; entry 0 is empty).
    let symbolsOfLayer: [[Int32]]
    /// The affected n-grams.
    let index: Index

    /// The extras of `layout` for corpus `symbols` and the scorer's n-gram index.
    /// `ruleCandidates` are the (after, output) corpus-symbol pairs a search may give a rule: their
    /// n-grams are affected from the start, so a rule change keeps the index.
    init(layout: Layout, symbols: [String], corpusIndex: [String: Int], ngrams: SymbolNGramIndex,
         ruleCandidates: [(after: Int32, output: Int32)] = []) {
        let keyCount = layout.symbols.count
        var ways = [[Candidate]](repeating: [], count: symbols.count)
        for (key, symbol) in layout.symbols.enumerated() {
            if let symbol, let position = corpusIndex[symbol] {
                ways[position].append(Candidate(prefix: -1, key: Int32(key), layer: 0, keyMoves: true))
            }
        }
        var keyRole = [Int32](repeating: 0, count: keyCount)
        var repeatKeys: [Int32] = [], magicKeys: [Int32] = []
        for (key, symbol) in layout.symbols.enumerated() {
            if symbol == Layout.repeatSymbol { repeatKeys.append(Int32(key)); keyRole[key] = -1 }
            if symbol == Layout.magicSymbol { magicKeys.append(Int32(key)); keyRole[key] = -1 }
        }
        var symbolsOfLayer: [[Int32]] = [[]]
        var onLayer = [Bool](repeating: false, count: symbols.count)
        for (layerIndex, layer) in layout.layers.enumerated() {
            let isShift = layer.name == LayoutLayer.shiftName
            let prefixes = layout.keys(reaching: layer)
            for prefix in prefixes { keyRole[prefix] = Int32(layerIndex + 1) }
            var members: [Int32] = []
            for (key, symbol) in layer.symbols.enumerated() {
                guard let symbol, let position = corpusIndex[symbol] else { continue }
                if !onLayer[position] { onLayer[position] = true }
                if !members.contains(Int32(position)) { members.append(Int32(position)) }
                for prefix in prefixes {
                    ways[position].append(Candidate(prefix: Int32(prefix), key: Int32(key), layer: Int32(layerIndex + 1),
                                                    keyMoves: isShift))
                }
            }
            symbolsOfLayer.append(members)
        }
        let shiftIndex = layout.layers.firstIndex { $0.name == LayoutLayer.shiftName } ?? -1
        var shiftSymbol = [Int32](repeating: -1, count: keyCount)
        if shiftIndex >= 0 {
            for (key, symbol) in layout.layers[shiftIndex].symbols.enumerated() {
                if let symbol, let position = corpusIndex[symbol] { shiftSymbol[key] = Int32(position) }
            }
        }
        self.ways = ways
        self.repeatKeys = repeatKeys
        self.magicKeys = magicKeys
        self.magicOutput = TypingWays.magicOutput(layout, corpusIndex: corpusIndex)
        self.ruleSymbols = layout.magicRules.map { rule in
            (Int32(corpusIndex[rule.after] ?? -1), Int32(corpusIndex[rule.output] ?? -1))
        }
        self.keyRole = keyRole
        self.shiftSymbol = shiftSymbol
        self.layers = layout.layers
        self.shiftIndex = shiftIndex
        self.magicRules = layout.magicRules
        self.symbolsOfLayer = symbolsOfLayer
        var rulePairs = Set<Int>()
        if !magicKeys.isEmpty {
            for (after, output) in magicOutput.enumerated() where output >= 0 { rulePairs.insert(after * symbols.count + Int(output)) }
            for candidate in ruleCandidates { rulePairs.insert(Int(candidate.after) * symbols.count + Int(candidate.output)) }
        }
        self.index = Self.affected(onLayer: onLayer, hasRepeat: !repeatKeys.isEmpty, rulePairs: rulePairs, ngrams: ngrams)
        var pairNGrams: [Int: (bigrams: [Int32], trigrams: [Int32])] = [:]
        if !rulePairs.isEmpty {
            let count = symbols.count
            for position in index.bigrams {
                let entry = ngrams.bigrams[Int(position)]
                let pair = Int(entry.a) * count + Int(entry.b)
                if rulePairs.contains(pair) { pairNGrams[pair, default: ([], [])].bigrams.append(position) }
            }
            for position in index.trigrams {
                let entry = ngrams.trigrams[Int(position)]
                let first = Int(entry.a) * count + Int(entry.b), second = Int(entry.b) * count + Int(entry.c)
                if rulePairs.contains(first) { pairNGrams[first, default: ([], [])].trigrams.append(position) }
                if second != first && rulePairs.contains(second) { pairNGrams[second, default: ([], [])].trigrams.append(position) }
            }
        }
        self.pairNGrams = pairNGrams
    }

    /// True when a context key may type `b` right after `a` now (REPEAT when b = a, MAGIC by the rules).
    @inline(__always)
    func isContext(_ a: Int32, _ b: Int32) -> Bool {
        (a == b && !repeatKeys.isEmpty) || (magicOutput[Int(a)] == b && !magicKeys.isEmpty)
    }

    /// True when the state has MAGIC keys, so rules change prices.
    var hasMagicKeys: Bool { !magicKeys.isEmpty }

    /// Replaces rule `slot` by `rule` (after, output as corpus symbols `after`, `output`): the table's
    /// entry for the old rule's `after` goes, the new one comes.
    mutating func changeRule(_ slot: Int, to rule: MagicRule, after: Int32, output: Int32) {
        if ruleSymbols[slot].after >= 0 { magicOutput[Int(ruleSymbols[slot].after)] = -1 }
        magicRules[slot] = rule
        ruleSymbols[slot] = (after, output)
        if after >= 0 && output >= 0 { magicOutput[Int(after)] = output }
    }

    /// The affected n-grams: see the type's documentation.
    private static func affected(onLayer: [Bool], hasRepeat: Bool, rulePairs: Set<Int>, ngrams: SymbolNGramIndex) -> Index {
        let count = onLayer.count
        func isContext(_ a: Int32, _ b: Int32) -> Bool {
            (hasRepeat && a == b) || (!rulePairs.isEmpty && rulePairs.contains(Int(a) * count + Int(b)))
        }
        let unigrams = onLayer.indices.filter { onLayer[$0] }.map(Int32.init)
        var bigrams: [Int32] = []
        for (position, entry) in ngrams.bigrams.enumerated()
        where onLayer[Int(entry.a)] || onLayer[Int(entry.b)] || isContext(entry.a, entry.b) {
            bigrams.append(Int32(position))
        }
        var trigrams: [Int32] = []
        for (position, entry) in ngrams.trigrams.enumerated()
        where onLayer[Int(entry.a)] || onLayer[Int(entry.b)] || onLayer[Int(entry.c)]
            || isContext(entry.a, entry.b) || isContext(entry.b, entry.c) {
            trigrams.append(Int32(position))
        }
        return Index(unigrams: unigrams, bigrams: bigrams, trigrams: trigrams, symbolCount: onLayer.count, index: ngrams)
    }

    /// The corpus symbols whose candidate ways read key `a` or `b` in a role that moves when they swap
    /// (base key, shift-layer key, layer key), or nil when so many do that every affected n-gram is
    /// re-priced: a layer key or a context key is on `a` or `b`. `tokenA` and `tokenB` are the base
    /// tokens (corpus symbols below `symbolCount`).
    func movedSymbols(_ a: Int, _ b: Int, tokenA: Int32, tokenB: Int32, symbolCount: Int) -> [Int32]? {
        if keyRole[a] != 0 || keyRole[b] != 0 { return nil }
        var moved: [Int32] = []
        for symbol in [tokenA, tokenB, shiftSymbol[a], shiftSymbol[b]]
        where symbol >= 0 && Int(symbol) < symbolCount && !moved.contains(symbol) {
            moved.append(symbol)
        }
        return moved
    }

    /// True when swapping keys `a` and `b` changes something the base tokens do not show (shift symbols).
    func shiftDiffers(_ a: Int, _ b: Int) -> Bool {
        shiftIndex >= 0 && layers[shiftIndex].symbols[a] != layers[shiftIndex].symbols[b]
    }

    /// Exchanges keys `a` and `b` (base tokens `tokenA`, `tokenB` before the swap): every candidate way
    /// reading them in a moving role is mapped through the swap.
    mutating func applySwap(_ a: Int, _ b: Int, tokenA: Int32, tokenB: Int32, symbolCount: Int) {
        guard a != b else { return }
        let symbols: [Int32] = movedSymbols(a, b, tokenA: tokenA, tokenB: tokenB, symbolCount: symbolCount)
            ?? ways.indices.map(Int32.init)
        let a32 = Int32(a), b32 = Int32(b)
        @inline(__always) func mapped(_ key: Int32) -> Int32 { key == a32 ? b32 : key == b32 ? a32 : key }
        for symbol in symbols {
            for slot in ways[Int(symbol)].indices {
                var way = ways[Int(symbol)][slot]
                way.prefix = way.prefix >= 0 ? mapped(way.prefix) : -1
                if way.keyMoves { way.key = mapped(way.key) }
                ways[Int(symbol)][slot] = way
            }
        }
        repeatKeys = repeatKeys.map(mapped)
        magicKeys = magicKeys.map(mapped)
        keyRole.swapAt(a, b)
        shiftSymbol.swapAt(a, b)
        if shiftIndex >= 0 { layers[shiftIndex].symbols.swapAt(a, b) }
    }
}
