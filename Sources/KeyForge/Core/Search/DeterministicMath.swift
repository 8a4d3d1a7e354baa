/// Floating-point helpers built from plain IEEE-754 operations only, so the same inputs give the same
/// bits on every machine (libm's `exp` and `log` differ between C libraries, and Core has no libm).
/// Floats are used only for the annealing acceptance probability and the cooling schedule (docs/adr/0017-fixed-point-scores.md).
public enum DeterministicMath {
    private static let ln2 = 0.693_147_180_559_945_3

    /// e^x for x <= 0 (1 for x >= 0, 0 below -700), to about 1e-15 relative error.
    ///
    /// Range reduction x = k ln 2 + r with |r| <= ln 2 / 2, a degree-12 Taylor polynomial for e^r,
    /// and a multiplication by 2^k built from its bit pattern.
    public static func exp(_ x: Double) -> Double {
        if !(x < 0) { return 1 }
        if x < -700 { return 0 }
        let k = (x / ln2).rounded(.toNearestOrEven)
        let r = x - k * ln2
        var term = 1.0, sum = 1.0
        for n in 1...12 {
            term *= r / Double(n)
            sum += term
        }
        let scale = Double(sign: .plus, exponentBitPattern: UInt(1023 + Int(k)), significandBitPattern: 0)
        return sum * scale
    }

    /// ln(x) for x > 0: x = m 2^e with m in [0.707, 1.414], then the atanh series of (m - 1) / (m + 1).
    public static func log(_ x: Double) -> Double {
        precondition(x > 0 && x.isFinite, "log needs a positive finite argument")
        var exponent = Int(x.exponent)
        var mantissa = x.significand
        if mantissa > 1.414_213_562_373_095 {
            mantissa /= 2
            exponent += 1
        }
        let s = (mantissa - 1) / (mantissa + 1), s2 = s * s
        var term = s, sum = 0.0, n = 1.0
        for _ in 0..<14 {
            sum += term / n
            term *= s2
            n += 2
        }
        return 2 * sum + Double(exponent) * ln2
    }

    /// `u < exp(x)` for u in [0, 1), decided exactly as that comparison with `exp` above would be, but
    /// mostly without evaluating `exp` (the annealer's acceptance test, docs/PHYSICS.md section 5).
    ///
    /// With y = −x ≥ 0, e^−y lies between the alternating partial sum 1 − y + y²/2 − y³/6 + y⁴/24 − y⁵/120
    /// (a lower bound, the series' next term being positive) and 1 / (1 + y + y²/2 + y³/6 + y⁴/24 + y⁵/120)
    /// (an upper bound, since e^y is at least its partial sum). A u clearly below the lower bound is
    /// accepted and a u clearly above the upper bound rejected; the margins (1e-12 absolute below,
    /// 1e-12 relative above) are far wider than the rounding of the bounds and of `exp` (about 1e-15), so
    /// only a u in the narrow band between the bounds pays for `exp` and every answer is the same.
    @inline(__always)
    public static func isBelowExp(_ u: Double, _ x: Double) -> Bool {
        guard x < 0 && x >= -700 else { return u < exp(x) }
        let y = -x, y2 = x * x
        let odd = y * (1 + y2 * (1.0 / 6 + y2 * (1.0 / 120)))
        let even = 1 + y2 * (0.5 + y2 * (1.0 / 24))
        if u < even - odd - 1e-12 { return true }
        // u ≥ upper · (1 + 1e-12), as u · (even + odd) ≥ 1 + 1e-12 (the sum is at least 1, so no division).
        if u * (even + odd) >= 1 + 1e-12 { return false }
        return u < exp(x)
    }

    /// A uniform double in [0, 1) from the top 53 bits of a 64-bit random value.
    @inline(__always)
    public static func unitInterval(_ bits: UInt64) -> Double {
        Double(bits >> 11) * (1.0 / 9_007_199_254_740_992.0)
    }
}
