/// The exact tier (docs/PHYSICS.md section 4.1, docs/adr/0016-scoring-tiers.md): the oracle every other tier must agree with.
///
/// Plain code straight from docs/PHYSICS.md sections 2 and 3: for every n-gram the optimal typist
/// (docs/adr/0009-optimal-typist.md) takes the cheapest combination of keys carrying its symbols, ties going to the first
/// combination in key order; a monogram of an unplaced symbol adds its count to `unplacedMass` (priced at
/// `unplaced_cost` per keystroke when normalized), and bigrams and trigrams with an unplaced symbol add nothing. All sums are
/// integers, so the result is the same on every machine.
public struct ExactScorer: Sendable {
    /// The board.
    public let keyboard: Keyboard
    /// The cost tables.
    public let model: CostModel
    /// The corpus with its trigrams pruned.
    public let corpus: ScoringCorpus
    /// The hand-balance penalty.
    public let balance: HandBalance

    /// Builds the cost tables for `keyboard` and `rubric` and prunes `corpus`.
    public init(keyboard: Keyboard, rubric: Rubric, corpus: NGramCorpus) throws(ValidationError) {
        self.keyboard = keyboard
        self.model = try CostModel(keyboard: keyboard, rubric: rubric)
        self.corpus = ScoringCorpus(corpus: corpus, rubric: rubric)
        self.balance = HandBalance(rubric: rubric)
    }

    /// The keys carrying each corpus symbol, in key order (empty when unplaced).
    public func keysBySymbol(_ layout: Layout) -> [[Int]] {
        var keysOf: [String: [Int]] = [:]
        for (key, symbol) in layout.symbols.enumerated() {
            if let symbol { keysOf[symbol, default: []].append(key) }
        }
        return corpus.corpus.symbols.map { keysOf[$0] ?? [] }
    }

    /// The raw sums for `layout`.
    public func rawScore(_ layout: Layout) -> RawScore {
        var ignore = IgnoringObserver()
        return evaluate(layout, observer: &ignore)
    }

    /// The score of `layout`.
    public func score(_ layout: Layout) -> ScoreParts {
        rawScore(layout).normalized(totalUnigrams: corpus.totalUnigrams, balance: balance, unplacedCost: model.unplacedCost)
    }

    /// The full report of `layout`: score, metrics, worst n-grams and per-key use.
    public func analyze(_ layout: Layout) -> AnalysisReport {
        var tally = AnalysisTally(model: model, symbols: corpus.corpus.symbols)
        let raw = evaluate(layout, observer: &tally)
        return tally.report(raw: raw, scorer: self, layout: layout)
    }

    /// One pass over the corpus; `observer` (when given) sees every placed n-gram and its choice.
    func evaluate<Observer: ScoreObserver>(_ layout: Layout, observer: inout Observer) -> RawScore {
        if layout.hasExtras { return evaluateWays(layout, observer: &observer) }
        let keysOf = keysBySymbol(layout)
        let n = model.keyCount
        var raw = RawScore()
        for entry in corpus.corpus.unigrams {
            let keys = keysOf[Int(entry.a)]
            guard var best = keys.first else {
                raw.unplacedMass += entry.count
                observer.unplaced(entry)
                continue
            }
            for p in keys.dropFirst() where model.keyCost[p] < model.keyCost[best] { best = p }
            raw.mono += entry.count * model.keyCost[best]
            if model.finger[best] != 0 {
                if model.hand[best] == 0 { raw.leftMass += entry.count } else { raw.rightMass += entry.count }
            }
            observer.unigram(entry, key: best)
        }
        for entry in corpus.corpus.bigrams {
            let keysA = keysOf[Int(entry.a)], keysB = keysOf[Int(entry.b)]
            guard !keysA.isEmpty && !keysB.isEmpty else { continue }
            var best = (p: keysA[0], q: keysB[0]), bestCost = model.pairCost[keysA[0] * n + keysB[0]]
            for p in keysA {
                for q in keysB where model.pairCost[p * n + q] < bestCost {
                    best = (p, q)
                    bestCost = model.pairCost[p * n + q]
                }
            }
            raw.bi += entry.count * bestCost
            observer.bigram(entry, p: best.p, q: best.q, cost: bestCost)
        }
        for entry in corpus.trigrams {
            let keysA = keysOf[Int(entry.a)], keysB = keysOf[Int(entry.b)], keysC = keysOf[Int(entry.c)]
            guard !keysA.isEmpty && !keysB.isEmpty && !keysC.isEmpty else { continue }
            var best = (p: keysA[0], q: keysB[0], r: keysC[0])
            var bestShape = model.trigram(best.p, best.q, best.r)
            for p in keysA {
                for q in keysB {
                    for r in keysC {
                        let shape = model.trigram(p, q, r)
                        if shape.cost < bestShape.cost {
                            best = (p, q, r)
                            bestShape = shape
                        }
                    }
                }
            }
            raw.tri += entry.count * bestShape.cost
            observer.trigram(entry, p: best.p, q: best.q, r: best.r, shape: bestShape)
        }
        return raw
    }
}

/// Sees each placed n-gram and the keys the optimal typist chose for it.
protocol ScoreObserver {
    /// A monogram with no key on the layout.
    mutating func unplaced(_ entry: UnigramCount)
    /// A placed monogram typed on `key`.
    mutating func unigram(_ entry: UnigramCount, key: Int)
    /// A placed bigram typed on (p, q) at `cost`.
    mutating func bigram(_ entry: BigramCount, p: Int, q: Int, cost: Int64)
    /// A placed kept trigram typed on (p, q, r).
    mutating func trigram(_ entry: TrigramCount, p: Int, q: Int, r: Int, shape: (cost: Int64, kind: TrigramClass))
    /// The way a placed monogram is typed (layouts with extras only): `layer` 0 is the base layer; `prefix`
    /// is the layer key pressed first, or -1.
    mutating func way(_ entry: UnigramCount, prefix: Int, layer: Int)
    /// `count` presses of `symbol` that follow a symbol typed by REPEAT or MAGIC key `to` instead of on
    /// `from`, the key its monogram chose (layouts with extras only).
    mutating func contextPress(symbol: Int32, count: Int64, from: Int, to: Int, isRepeat: Bool)
}

/// The observer of a plain score: does nothing, and compiles away.
struct IgnoringObserver: ScoreObserver {
    @inline(__always) mutating func unplaced(_ entry: UnigramCount) {}
    @inline(__always) mutating func unigram(_ entry: UnigramCount, key: Int) {}
    @inline(__always) mutating func bigram(_ entry: BigramCount, p: Int, q: Int, cost: Int64) {}
    @inline(__always) mutating func trigram(_ entry: TrigramCount, p: Int, q: Int, r: Int, shape: (cost: Int64, kind: TrigramClass)) {}
    @inline(__always) mutating func way(_ entry: UnigramCount, prefix: Int, layer: Int) {}
    @inline(__always) mutating func contextPress(symbol: Int32, count: Int64, from: Int, to: Int, isRepeat: Bool) {}
}
