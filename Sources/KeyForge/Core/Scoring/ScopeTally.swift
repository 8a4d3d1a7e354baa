/// The masses of one metric scope (docs/PHYSICS.md section 3), accumulated over the n-grams the scope
/// admits. `AnalysisTally` feeds two of these: `typing` sees every n-gram, `letters` only n-grams
/// whose symbols are all characters.
struct ScopeTally {
    /// Monogram mass of the scope, placed or not.
    var unigramMass: Int64 = 0
    /// Monogram mass of the scope whose symbol is on no key.
    var unplacedMass: Int64 = 0
    /// Monogram mass of the scope on each key (the chosen key).
    var keyMass: [Int64]
    var placedBigramMass: Int64 = 0
    var bigramMass: [UInt16: Int64] = [:]
    /// Σ n2 · (key units the finger of the second key travels), see `AnalysisTally`.
    var distanceSum = 0.0
    var placedTrigramMass: Int64 = 0
    var trigramMass: [UInt16: Int64] = [:]
    var sameFinger: [NGramChoice] = []
    var scissors: [NGramChoice] = []
    var redirects: [NGramChoice] = []

    /// An n-gram and the keys chosen for it.
    struct NGramChoice {
        var symbols: [Int32]
        var keys: [Int]
        var count: Int64
        var cost: Int64
    }

    init(keyCount: Int) {
        keyMass = [Int64](repeating: 0, count: keyCount)
    }

    static let bigramFlags: [BigramClass] = [.sameKey, .sameFinger, .fullScissor, .halfScissor, .lateralStretch, .rollIn, .rollOut]
    static let trigramFlags: [TrigramClass] = [.onehand, .redirect, .badRedirect, .sameFingerSkip, .alternate]

    mutating func bigram(_ entry: BigramCount, p: Int, q: Int, cost: Int64, kind: BigramClass, travel: Double) {
        placedBigramMass += entry.count
        for flag in ScopeTally.bigramFlags where kind.contains(flag) { bigramMass[flag.rawValue, default: 0] += entry.count }
        distanceSum += Double(entry.count) * travel
        let choice = NGramChoice(symbols: [entry.a, entry.b], keys: [p, q], count: entry.count, cost: cost)
        if kind.contains(.sameFinger) { sameFinger.append(choice) }
        if !kind.isDisjoint(with: [.fullScissor, .halfScissor]) { scissors.append(choice) }
    }

    mutating func trigram(_ entry: TrigramCount, p: Int, q: Int, r: Int, shape: (cost: Int64, kind: TrigramClass)) {
        placedTrigramMass += entry.count
        for flag in ScopeTally.trigramFlags where shape.kind.contains(flag) { trigramMass[flag.rawValue, default: 0] += entry.count }
        if shape.kind.contains(.redirect) {
            redirects.append(NGramChoice(symbols: [entry.a, entry.b, entry.c], keys: [p, q, r], count: entry.count, cost: shape.cost))
        }
    }

    static func percent(_ mass: Int64, of total: Int64) -> Double {
        total > 0 ? Double(mass) / Double(total) * 100 : 0
    }

    /// The scope's metrics and worst lists.
    func report(keys: [Key], symbols: [String]) -> ScopeReport {
        var metrics = Metrics()
        func bigramShare(_ flag: BigramClass) -> Double { ScopeTally.percent(bigramMass[flag.rawValue] ?? 0, of: placedBigramMass) }
        func trigramShare(_ flag: TrigramClass) -> Double { ScopeTally.percent(trigramMass[flag.rawValue] ?? 0, of: placedTrigramMass) }
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
        metrics.unplaced = ScopeTally.percent(unplacedMass, of: unigramMass)
        metrics.distance = placedBigramMass > 0 ? distanceSum / Double(placedBigramMass) * 100_000 : 0

        let placed = keyMass.reduce(0, +)
        var fingerMass = [Int64](repeating: 0, count: 10)
        let maxRow = keys.map(\.row).max() ?? 0
        var rowMass = [Int64](repeating: 0, count: maxRow + 1)
        var left: Int64 = 0, right: Int64 = 0
        for (index, mass) in keyMass.enumerated() {
            fingerMass[keys[index].fingerSlot] += mass
            rowMass[keys[index].row] += mass
            if keys[index].finger != 0 {
                if keys[index].hand == 0 { left += mass } else { right += mass }
            }
        }
        metrics.leftHand = ScopeTally.percent(left, of: left + right)
        metrics.fingerUsage = fingerMass.map { ScopeTally.percent($0, of: placed) }
        metrics.rowUsage = rowMass.map { ScopeTally.percent($0, of: placed) }

        func worst(_ list: [NGramChoice], of mass: Int64) -> [NGramEntry] {
            list.sorted { $0.count != $1.count ? $0.count > $1.count : $0.symbols.lexicographicallyPrecedes($1.symbols) }
                .prefix(AnalysisReport.worstListLength)
                .map { NGramEntry(symbols: $0.symbols.map { symbols[Int($0)] }, keys: $0.keys,
                                  percent: ScopeTally.percent($0.count, of: mass), cost: FixedPoint.toDouble($0.cost)) }
        }
        return ScopeReport(metrics: metrics,
                           worstSameFinger: worst(sameFinger, of: placedBigramMass),
                           worstScissors: worst(scissors, of: placedBigramMass),
                           worstRedirects: worst(redirects, of: placedTrigramMass))
    }
}
