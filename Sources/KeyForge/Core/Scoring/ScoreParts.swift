/// A score and its parts, in fixed point per 100 000 typed keystrokes (docs/PHYSICS.md section 2.2).
///
/// The score is rounded once, from the exact sum: `total = round((mono + bi + tri + unplaced) · 100 000 / N1 + H)`
/// with every term exact (H as the exact fraction of `HandBalance`), half away from zero. The parts are
/// each normalized and rounded on their own, for display only, so they may add up to `total` ± a few
/// thousandths.
public struct ScoreParts: Equatable, Sendable, Comparable {
    /// The monogram part: Σ n1 · K over placed symbols.
    public var mono: Int64
    /// The bigram part: Σ n2 · B.
    public var bi: Int64
    /// The trigram part: Σ n3 · T.
    public var tri: Int64
    /// The unplaced part: Σ n1 · unplaced_cost over symbols on no key.
    public var unplaced: Int64
    /// The hand-balance penalty H, rounded on its own.
    public var imbalance: Int64
    /// The score, rounded once from the exact sum. Lower is better.
    public var total: Int64

    /// Creates parts; `total` is the score rounded from the exact sum (not necessarily the sum of the parts).
    public init(mono: Int64, bi: Int64, tri: Int64, unplaced: Int64, imbalance: Int64, total: Int64) {
        self.mono = mono
        self.bi = bi
        self.tri = tri
        self.unplaced = unplaced
        self.imbalance = imbalance
        self.total = total
    }

    /// The field-by-field difference (for deltas between two layouts' reports).
    public static func - (lhs: ScoreParts, rhs: ScoreParts) -> ScoreParts {
        ScoreParts(mono: lhs.mono - rhs.mono, bi: lhs.bi - rhs.bi, tri: lhs.tri - rhs.tri, unplaced: lhs.unplaced - rhs.unplaced,
                   imbalance: lhs.imbalance - rhs.imbalance, total: lhs.total - rhs.total)
    }

    /// Orders by total score.
    public static func < (lhs: ScoreParts, rhs: ScoreParts) -> Bool { lhs.total < rhs.total }
}

/// The unnormalized sums a scorer accumulates; every tier produces these and normalizes them the same way.
public struct RawScore: Equatable, Sendable {
    /// Σ n1 · K over placed monograms.
    public var mono: Int64 = 0
    /// Σ n2 · B over placed bigrams.
    public var bi: Int64 = 0
    /// Σ n3 · T over placed kept trigrams.
    public var tri: Int64 = 0
    /// Monogram mass typed by the left hand, thumbs excluded.
    public var leftMass: Int64 = 0
    /// Monogram mass typed by the right hand, thumbs excluded.
    public var rightMass: Int64 = 0
    /// Monogram mass of symbols on no key (priced at `unplaced_cost` each when normalized). A swap never
    /// changes it (it moves symbols between keys, never off the layout), so a swap's delta has 0 here.
    public var unplacedMass: Int64 = 0

    /// Zero sums.
    public init() {}

    /// The normalized parts and the score: each part scaled to 100 000 keystrokes of N1 and rounded on
    /// its own; the total rounded once from the exact sum of every term (see `ScoreParts`).
    /// `unplacedCost` is the rubric's `unplaced_cost` in fixed point.
    public func normalized(totalUnigrams: Int64, balance: HandBalance, unplacedCost: Int64) -> ScoreParts {
        guard totalUnigrams > 0 else { return ScoreParts(mono: 0, bi: 0, tri: 0, unplaced: 0, imbalance: 0, total: 0) }
        let unplacedRaw = unplacedMass * unplacedCost
        let sum = Int128(mono) + Int128(bi) + Int128(tri) + Int128(unplacedRaw)
        let imbalance = balance.fraction(left: leftMass, right: rightMass)
        return ScoreParts(mono: FixedPoint.mulDivRound(mono, 100_000, totalUnigrams),
                          bi: FixedPoint.mulDivRound(bi, 100_000, totalUnigrams),
                          tri: FixedPoint.mulDivRound(tri, 100_000, totalUnigrams),
                          unplaced: FixedPoint.mulDivRound(unplacedRaw, 100_000, totalUnigrams),
                          imbalance: balance.penalty(left: leftMass, right: rightMass),
                          total: FixedPoint.roundSum(sum * 100_000, over: Int128(totalUnigrams),
                                                     plus: imbalance.numerator, over: imbalance.denominator))
    }
}

/// The hand-balance penalty H = weight · max(0, |left − 0.5| − allowance), in fixed point.
///
/// Computed exactly in 128 bits: with T = L + R, |left − 0.5| − a = (|2L − T| · 10^6 − a_ppm · 2T) / (2T · 10^6),
/// where a_ppm is the allowance rounded to parts per million; the result is rounded half away from zero.
public struct HandBalance: Sendable, Equatable {
    /// The weight in fixed point.
    public let weight: Int64
    /// The allowance in parts per million.
    public let allowancePPM: Int64

    /// Reads the two parameters from `rubric`.
    public init(rubric: Rubric) {
        weight = FixedPoint.round(rubric["imbalance_weight"])
        allowancePPM = Int64((rubric["imbalance_allowance"] * 1_000_000).rounded(.toNearestOrAwayFromZero))
    }

    /// H for these masses as an exact fraction of fixed-point units (numerator ≥ 0, denominator > 0).
    public func fraction(left: Int64, right: Int64) -> (numerator: Int128, denominator: Int128) {
        let total = Int128(left) + Int128(right)
        guard total > 0 else { return (0, 1) }
        let gap = Int128(left) * 2 - total
        let numerator = (gap < 0 ? -gap : gap) * 1_000_000 - Int128(allowancePPM) * 2 * total
        guard numerator > 0 else { return (0, 1) }
        return (Int128(weight) * numerator, 2 * total * 1_000_000)
    }

    /// H for these left and right masses (0 when neither hand types anything), rounded half away from zero.
    public func penalty(left: Int64, right: Int64) -> Int64 {
        let (numerator, denominator) = fraction(left: left, right: right)
        return Int64((numerator + denominator / 2) / denominator)
    }
}
