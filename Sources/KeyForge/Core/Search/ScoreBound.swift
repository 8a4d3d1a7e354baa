/// A cheap test that rules out most candidate layouts before their exact score is computed.
///
/// The exact score rounds x = (mono + bi + tri + unplaced) · 100 000 / N1 + H to an integer (half away from
/// zero, `RawScore.normalized`), with five 128-bit divisions for the parts. Search loops mostly ask one
/// question: is a candidate's total below a given total B? round(x) < B needs x ≤ B − 0.5, so a candidate
/// whose x, estimated in floating point, is above B − 0.5 by more than the estimate's error cannot be
/// below B. The estimate's error is a few roundings of its terms (under 1e-15 of their magnitudes: the
/// conversions to Double, the unplaced product, the sum, the scaling, the hand-balance term); the margin
/// allows 1e-12 of them, so the test never rules out a candidate the exact score would keep, and the
/// search makes the same decisions as with the exact score alone. (Totals reach about 4e9 units, so the
/// margin stays near 0.005 of a unit and only candidates within it of B are scored exactly.)
struct ScoreBound: Sendable {
    /// 100 000 / N1 (0 with an empty corpus, where every total is 0).
    private let unigramScale: Double
    /// The rubric's unplaced cost in fixed point.
    private let unplacedCost: Double
    /// The imbalance allowance as a fraction, and the imbalance weight in fixed point.
    private let allowance: Double
    private let imbalanceWeight: Double

    init(scorer: OptimizedScorer) {
        let total = scorer.exact.corpus.totalUnigrams
        unigramScale = total > 0 ? 100_000 / Double(total) : 0
        unplacedCost = Double(scorer.exact.model.unplacedCost)
        allowance = Double(scorer.exact.balance.allowancePPM) / 1_000_000
        imbalanceWeight = Double(scorer.exact.balance.weight)
    }

    /// True when the total of `raw` cannot be below `total` (so the exact score need not be computed);
    /// false when it may be.
    @inline(__always)
    func cannotBeBelow(_ raw: RawScore, _ total: Int64) -> Bool {
        cannotBeBelow(raw, total, imbalance: imbalance(raw))
    }

    /// The hand-balance term of `raw` in floating point (the same for every layout with the same hand masses).
    @inline(__always)
    func imbalance(_ raw: RawScore) -> Double {
        let left = Double(raw.leftMass), mass = left + Double(raw.rightMass)
        var imbalance = 0.0
        if mass > 0 {
            let excess = abs(left / mass - 0.5) - allowance
            if excess > 0 { imbalance = excess * imbalanceWeight }
        }
        return imbalance
    }

    /// `cannotBeBelow(raw, total)` with the hand-balance term given (`imbalance(raw)`).
    @inline(__always)
    func cannotBeBelow(_ raw: RawScore, _ total: Int64, imbalance: Double) -> Bool {
        let sums = Double(raw.mono &+ raw.bi &+ raw.tri), unplaced = Double(raw.unplacedMass) * unplacedCost
        let estimate = (sums + unplaced) * unigramScale + imbalance
        let margin = 1e-12 * ((abs(sums) + abs(unplaced)) * unigramScale + imbalanceWeight + 1)
        return estimate - margin > Double(total) - 0.5
    }
}
