/// A score and its parts, in fixed point per 100 000 typed characters (docs/PHYSICS.md section 2.2).
///
/// Each part is normalized and rounded on its own (`raw * 100 000 / N1`, half away from zero), and
/// the score is defined as the sum of the rounded parts, so the parts always add up exactly.
public struct ScoreParts: Equatable, Sendable, Comparable {
    /// The monogram part: Σ n1 · K.
    public var mono: Int64
    /// The bigram part: Σ n2 · B.
    public var bi: Int64
    /// The trigram part: Σ n3 · T.
    public var tri: Int64
    /// The hand-balance penalty H.
    public var imbalance: Int64

    /// Creates parts.
    public init(mono: Int64, bi: Int64, tri: Int64, imbalance: Int64) {
        self.mono = mono
        self.bi = bi
        self.tri = tri
        self.imbalance = imbalance
    }

    /// The score: the sum of the parts. Lower is better.
    public var total: Int64 { mono + bi + tri + imbalance }

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

    /// Zero sums.
    public init() {}

    /// The normalized parts: each sum scaled to 100 000 characters of N1, plus H from the hand masses.
    public func normalized(totalUnigrams: Int64, balance: HandBalance) -> ScoreParts {
        guard totalUnigrams > 0 else { return ScoreParts(mono: 0, bi: 0, tri: 0, imbalance: 0) }
        return ScoreParts(mono: FixedPoint.mulDivRound(mono, 100_000, totalUnigrams),
                          bi: FixedPoint.mulDivRound(bi, 100_000, totalUnigrams),
                          tri: FixedPoint.mulDivRound(tri, 100_000, totalUnigrams),
                          imbalance: balance.penalty(left: leftMass, right: rightMass))
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

    /// H for these left and right masses (0 when neither hand types anything).
    public func penalty(left: Int64, right: Int64) -> Int64 {
        let total = Int128(left) + Int128(right)
        guard total > 0 else { return 0 }
        let gap = Int128(left) * 2 - total
        let numerator = (gap < 0 ? -gap : gap) * 1_000_000 - Int128(allowancePPM) * 2 * total
        guard numerator > 0 else { return 0 }
        let denominator = 2 * total * 1_000_000
        return Int64((Int128(weight) * numerator + denominator / 2) / denominator)
    }
}
