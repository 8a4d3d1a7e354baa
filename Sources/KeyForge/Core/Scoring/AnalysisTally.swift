/// Accumulates the metrics of one exact evaluation (docs/PHYSICS.md section 3) and turns them into a report.
///
/// The distance metric is a choice made here: for each placed bigram (p, q) the finger of q travels
/// from p when p is on the same finger of the same hand, else from its origin; plain Euclidean
/// distance between key centres, per 100 000 placed bigrams.
struct AnalysisTally: ScoreObserver {
    private let model: CostModel
    private var unplacedMass: Int64 = 0
    private var placedUnigramMass: Int64 = 0
    private var keyMass: [Int64]
    /// Six times each key's attributed cost (6 = 2 · 3, so halves and thirds stay integers).
    private var keyShareSixfold: [Int64]
    private var placedBigramMass: Int64 = 0
    private var bigramMass: [UInt16: Int64] = [:]
    private var distanceSum = 0.0
    private var placedTrigramMass: Int64 = 0
    private var trigramMass: [UInt16: Int64] = [:]
    private var sameFinger: [NGramChoice] = []
    private var scissors: [NGramChoice] = []
    private var redirects: [NGramChoice] = []

    /// An n-gram and the keys chosen for it.
    private struct NGramChoice {
        var symbols: [Int32]
        var keys: [Int]
        var count: Int64
        var cost: Int64
    }

    init(model: CostModel) {
        self.model = model
        keyMass = [Int64](repeating: 0, count: model.keyCount)
        keyShareSixfold = [Int64](repeating: 0, count: model.keyCount)
    }

    mutating func unplaced(_ count: Int64) { unplacedMass += count }

    mutating func unigram(_ entry: UnigramCount, key: Int) {
        placedUnigramMass += entry.count
        keyMass[key] += entry.count
        keyShareSixfold[key] += 6 * entry.count * model.keyCost[key]
    }

    mutating func bigram(_ entry: BigramCount, p: Int, q: Int, cost: Int64) {
        let n = model.keyCount
        let kind = model.pairClass[p * n + q]
        placedBigramMass += entry.count
        keyShareSixfold[p] += 3 * entry.count * cost
        keyShareSixfold[q] += 3 * entry.count * cost
        for flag in AnalysisTally.bigramFlags where kind.contains(flag) { bigramMass[flag.rawValue, default: 0] += entry.count }
        let from = kind.contains(.sameFinger) || kind.contains(.sameKey) ? p : model.origin[q]
        distanceSum += Double(entry.count) * model.distance[from * n + q]
        let choice = NGramChoice(symbols: [entry.a, entry.b], keys: [p, q], count: entry.count, cost: cost)
        if kind.contains(.sameFinger) { sameFinger.append(choice) }
        if !kind.isDisjoint(with: [.fullScissor, .halfScissor]) { scissors.append(choice) }
    }

    mutating func trigram(_ entry: TrigramCount, p: Int, q: Int, r: Int, shape: (cost: Int64, kind: TrigramClass)) {
        placedTrigramMass += entry.count
        let third = 2 * entry.count * shape.cost
        keyShareSixfold[p] += third
        keyShareSixfold[q] += third
        keyShareSixfold[r] += third
        for flag in AnalysisTally.trigramFlags where shape.kind.contains(flag) { trigramMass[flag.rawValue, default: 0] += entry.count }
        if shape.kind.contains(.redirect) {
            redirects.append(NGramChoice(symbols: [entry.a, entry.b, entry.c], keys: [p, q, r], count: entry.count, cost: shape.cost))
        }
    }

    private static let bigramFlags: [BigramClass] = [.sameKey, .sameFinger, .fullScissor, .halfScissor, .lateralStretch, .rollIn, .rollOut]
    private static let trigramFlags: [TrigramClass] = [.onehand, .redirect, .badRedirect, .sameFingerSkip, .alternate]

    private func percent(_ mass: Int64, of total: Int64) -> Double {
        total > 0 ? Double(mass) / Double(total) * 100 : 0
    }

    /// The report for the evaluation this tally watched.
    func report(raw: RawScore, scorer: ExactScorer) -> AnalysisReport {
        let keys = scorer.keyboard.keys
        let total = scorer.corpus.totalUnigrams
        var metrics = Metrics()
        func bigramShare(_ flag: BigramClass) -> Double { percent(bigramMass[flag.rawValue] ?? 0, of: placedBigramMass) }
        func trigramShare(_ flag: TrigramClass) -> Double { percent(trigramMass[flag.rawValue] ?? 0, of: placedTrigramMass) }
        metrics.sfb = bigramShare(.sameFinger)
        metrics.sfr = bigramShare(.sameKey)
        metrics.lsb = bigramShare(.lateralStretch)
        metrics.scissorsFull = bigramShare(.fullScissor)
        metrics.scissorsHalf = bigramShare(.halfScissor)
        metrics.rollIn = bigramShare(.rollIn)
        metrics.rollOut = bigramShare(.rollOut)
        metrics.sfs = trigramShare(.sameFingerSkip)
        metrics.alternation = trigramShare(.alternate)
        metrics.onehand = trigramShare(.onehand)
        metrics.redirect = trigramShare(.redirect)
        metrics.badRedirect = trigramShare(.badRedirect)
        metrics.leftHand = percent(raw.leftMass, of: raw.leftMass + raw.rightMass)
        metrics.unplaced = percent(unplacedMass, of: total)
        metrics.distance = placedBigramMass > 0 ? distanceSum / Double(placedBigramMass) * 100_000 : 0

        var fingerMass = [Int64](repeating: 0, count: 10)
        let maxRow = keys.map(\.row).max() ?? 0
        var rowMass = [Int64](repeating: 0, count: maxRow + 1)
        for (index, mass) in keyMass.enumerated() {
            fingerMass[keys[index].fingerSlot] += mass
            rowMass[keys[index].row] += mass
        }
        metrics.fingerUsage = fingerMass.map { percent($0, of: placedUnigramMass) }
        metrics.rowUsage = rowMass.map { percent($0, of: placedUnigramMass) }

        let keyUsage = keyMass.indices.map { key in
            KeyUsage(key: key, cost: FixedPoint.toDouble(model.keyCost[key]), usage: percent(keyMass[key], of: placedUnigramMass),
                     load: total > 0 ? FixedPoint.toDouble(FixedPoint.mulDivRound(keyMass[key] * model.keyCost[key], 100_000, total)) : 0,
                     attributed: total > 0 ? FixedPoint.toDouble(FixedPoint.mulDivRound(keyShareSixfold[key], 100_000, total * 6)) : 0)
        }
        let symbols = scorer.corpus.corpus.symbols
        func worst(_ list: [NGramChoice], of mass: Int64) -> [NGramEntry] {
            list.sorted { $0.count != $1.count ? $0.count > $1.count : $0.symbols.lexicographicallyPrecedes($1.symbols) }
                .prefix(AnalysisReport.worstListLength)
                .map { NGramEntry(symbols: $0.symbols.map { symbols[Int($0)] }, keys: $0.keys,
                                  percent: percent($0.count, of: mass), cost: FixedPoint.toDouble($0.cost)) }
        }
        return AnalysisReport(
            score: raw.normalized(totalUnigrams: total, balance: scorer.balance),
            metrics: metrics,
            worstSameFinger: worst(sameFinger, of: placedBigramMass),
            worstScissors: worst(scissors, of: placedBigramMass),
            worstRedirects: worst(redirects, of: placedTrigramMass),
            keyUsage: keyUsage,
            ngramCounts: (scorer.corpus.corpus.unigrams.count, scorer.corpus.corpus.bigrams.count, scorer.corpus.trigrams.count))
    }
}
