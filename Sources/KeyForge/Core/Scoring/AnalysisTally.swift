/// Accumulates the metrics of one exact evaluation (docs/PHYSICS.md section 3) and turns them into a report.
///
/// Two scopes come from the same pass, so both classify every n-gram on the keys the score chose:
/// `typing` sees every n-gram; `letters` only those whose symbols are all **characters**, a symbol
/// being a character when it is one Unicode scalar (named keys such as SPACE, ENTER, BACKSPACE, TAB,
/// SHIFT are several scalars; see `MetricScope.isCharacter`). An n-gram with a named key is left out
/// of the letters scope's numerators and denominators alike.
///
/// `distance` (defined here, the one definition; docs/METRICS.md): for each placed bigram (p, q) of the
/// scope, the finger that presses q travels from p when p is on the same finger of the same hand (0 for
/// the same key), else from its home key (origin); the plain Euclidean distance between key centres
/// in key units, unweighted (not the rubric's travel). The sum is divided by the scope's placed bigram
/// mass and multiplied by 100 000: key units per 100 000 keystrokes of the scope. `distance_mm` is
/// the same times 19.05 mm.
struct AnalysisTally: ScoreObserver {
    private let model: CostModel
    private let isCharacter: [Bool]
    private var typing: ScopeTally
    private var letters: ScopeTally
    private var unplacedSymbols: [(symbol: Int32, count: Int64)] = []
    /// Six times each key's attributed cost (6 = 2 · 3, so halves and thirds stay integers).
    private var keyShareSixfold: [Int64]
    /// Layouts with extras: placed monogram mass per layer (index = `TypingWays.Way.layer`), and the
    /// presses of REPEAT and MAGIC keys.
    private var layerMass: [Int64] = []
    private var repeatMass: Int64 = 0, magicMass: Int64 = 0
    private var sawWays = false

    init(model: CostModel, symbols: [String]) {
        self.model = model
        isCharacter = symbols.map(MetricScope.isCharacter)
        typing = ScopeTally(keyCount: model.keyCount)
        letters = ScopeTally(keyCount: model.keyCount)
        keyShareSixfold = [Int64](repeating: 0, count: model.keyCount)
    }

    mutating func unplaced(_ entry: UnigramCount) {
        typing.unigramMass += entry.count
        typing.unplacedMass += entry.count
        if isCharacter[Int(entry.a)] {
            letters.unigramMass += entry.count
            letters.unplacedMass += entry.count
        }
        unplacedSymbols.append((entry.a, entry.count))
    }

    mutating func unigram(_ entry: UnigramCount, key: Int) {
        typing.unigramMass += entry.count
        typing.keyMass[key] += entry.count
        if isCharacter[Int(entry.a)] {
            letters.unigramMass += entry.count
            letters.keyMass[key] += entry.count
        }
        keyShareSixfold[key] += 6 * entry.count * model.keyCost[key]
    }

    mutating func way(_ entry: UnigramCount, prefix: Int, layer: Int) {
        sawWays = true
        if layerMass.count <= layer { layerMass += [Int64](repeating: 0, count: layer + 1 - layerMass.count) }
        layerMass[layer] += entry.count
        guard prefix >= 0 else { return }
        // The layer key is a press of its own finger: usage counts it.
        typing.keyMass[prefix] += entry.count
        if isCharacter[Int(entry.a)] { letters.keyMass[prefix] += entry.count }
        keyShareSixfold[prefix] += 6 * entry.count * model.keyCost[prefix]
    }

    mutating func contextPress(symbol: Int32, count: Int64, from: Int, to: Int, isRepeat: Bool) {
        typing.keyMass[from] -= count
        typing.keyMass[to] += count
        if isCharacter[Int(symbol)] {
            letters.keyMass[from] -= count
            letters.keyMass[to] += count
        }
        if isRepeat { repeatMass += count } else { magicMass += count }
    }

    mutating func bigram(_ entry: BigramCount, p: Int, q: Int, cost: Int64) {
        let n = model.keyCount
        let kind = model.pairClass[p * n + q]
        keyShareSixfold[p] += 3 * entry.count * cost
        keyShareSixfold[q] += 3 * entry.count * cost
        let from = model.hand[p] == model.hand[q] && model.finger[p] == model.finger[q] ? p : model.origin[q]
        let travel = model.distance[from * n + q]
        typing.bigram(entry, p: p, q: q, cost: cost, kind: kind, travel: travel)
        if isCharacter[Int(entry.a)] && isCharacter[Int(entry.b)] {
            letters.bigram(entry, p: p, q: q, cost: cost, kind: kind, travel: travel)
        }
    }

    mutating func trigram(_ entry: TrigramCount, p: Int, q: Int, r: Int, shape: (cost: Int64, kind: TrigramClass)) {
        let third = 2 * entry.count * shape.cost
        keyShareSixfold[p] += third
        keyShareSixfold[q] += third
        keyShareSixfold[r] += third
        typing.trigram(entry, p: p, q: q, r: r, shape: shape)
        if isCharacter[Int(entry.a)] && isCharacter[Int(entry.b)] && isCharacter[Int(entry.c)] {
            letters.trigram(entry, p: p, q: q, r: r, shape: shape)
        }
    }

    /// The report for the evaluation this tally watched (`layout` names the layers of a layout with extras).
    func report(raw: RawScore, scorer: ExactScorer, layout: Layout? = nil) -> AnalysisReport {
        let keys = scorer.keyboard.keys
        let total = scorer.corpus.totalUnigrams
        let symbols = scorer.corpus.corpus.symbols
        let lettersPlaced = letters.keyMass.reduce(0, +), typingPlaced = typing.keyMass.reduce(0, +)
        let keyUsage = keys.indices.map { key in
            KeyUsage(key: key, cost: FixedPoint.toDouble(model.keyCost[key]),
                     usage: ScopeTally.percent(letters.keyMass[key], of: lettersPlaced),
                     load: total > 0 ? FixedPoint.toDouble(FixedPoint.mulDivRound(typing.keyMass[key] * model.keyCost[key], 100_000, total)) : 0,
                     attributed: total > 0 ? FixedPoint.toDouble(FixedPoint.mulDivRound(keyShareSixfold[key], 100_000, total * 6)) : 0,
                     typingUsage: ScopeTally.percent(typing.keyMass[key], of: typingPlaced))
        }
        let named = unplacedSymbols
            .filter { total > 0 && $0.count * AnalysisReport.unplacedListThresholdDenominator > total }
            .sorted { $0.count != $1.count ? $0.count > $1.count : symbols[Int($0.symbol)] < symbols[Int($1.symbol)] }
            .map { UnplacedSymbol(symbol: symbols[Int($0.symbol)], percent: ScopeTally.percent($0.count, of: total)) }
        var report = AnalysisReport(
            score: raw.normalized(totalUnigrams: total, balance: scorer.balance, unplacedCost: model.unplacedCost),
            letters: letters.report(keys: keys, symbols: symbols),
            typing: typing.report(keys: keys, symbols: symbols),
            keyUsage: keyUsage,
            unplacedSymbols: named,
            ngramCounts: (scorer.corpus.corpus.unigrams.count, scorer.corpus.corpus.bigrams.count, scorer.corpus.trigrams.count))
        if sawWays, let layout {
            let placed = layerMass.reduce(0, +)
            let names = ["base"] + layout.layers.map(\.name)
            report.layers = names.enumerated().map { index, name in
                let mass = index < layerMass.count ? layerMass[index] : 0
                return LayerUsage(name: name, percent: ScopeTally.percent(mass, of: placed),
                                  layerKeyPresses: index == 0 ? 0 : ScopeTally.percent(mass, of: total))
            }
            report.repeatPresses = ScopeTally.percent(repeatMass, of: total)
            report.magicPresses = ScopeTally.percent(magicMass, of: total)
        }
        return report
    }
}
