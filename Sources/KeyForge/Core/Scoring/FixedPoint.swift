/// Fixed-point arithmetic for scores (docs/PHYSICS.md section 2.1, docs/adr/0017-fixed-point-scores.md).
///
/// Costs are integers in thousandths of a cost unit. Tables are computed once in Double and
/// rounded with `FixedPoint.round`, so every machine with IEEE-754 doubles (sqrt is correctly
/// rounded) gets the same integers, and every sum after that is exact integer arithmetic.
public enum FixedPoint {
    /// Fixed-point units per cost unit.
    public static let scale: Int64 = 1000

    /// `value` in fixed-point units, rounded half away from zero.
    @inline(__always)
    public static func round(_ value: Double) -> Int64 {
        Int64((value * Double(scale)).rounded(.toNearestOrAwayFromZero))
    }

    /// A fixed-point value as a Double in cost units, for display.
    @inline(__always)
    public static func toDouble(_ value: Int64) -> Double { Double(value) / Double(scale) }

    /// `a * b / c` rounded half away from zero, computed in 128 bits so it never overflows for
    /// Int64 inputs whose result fits; `c` must be positive.
    @inline(__always)
    public static func mulDivRound(_ a: Int64, _ b: Int64, _ c: Int64) -> Int64 {
        precondition(c > 0, "mulDivRound needs a positive divisor")
        let product = Int128(a) * Int128(b)
        let divisor = Int128(c)
        let half = divisor / 2
        let quotient = product >= 0 ? (product + half) / divisor : (product - half) / divisor
        return Int64(quotient)
    }
}

extension FixedPoint {
    /// `a / b + c / d` rounded once, half away from zero; `b` and `d` positive, `c` not negative.
    ///
    /// Exact in 128 bits for the score's magnitudes (|a| < 2^100, b ≤ 2^31, c < 2^90, d < 2^60): each
    /// fraction is split into an integer quotient and a remainder, and only the remainders are put on a
    /// common denominator (r_a · d + r_c · b < 2^92).
    public static func roundSum(_ a: Int128, over b: Int128, plus c: Int128, over d: Int128) -> Int64 {
        precondition(b > 0 && d > 0 && c >= 0, "roundSum needs positive divisors and a non-negative second term")
        var qa = a / b, ra = a % b
        if ra < 0 { qa -= 1; ra += b }            // floor division: 0 ≤ ra < b
        let qc = c / d, rc = c % d
        var whole = qa + qc
        let denominator = b * d
        var fraction = ra * d + rc * b            // 0 ≤ fraction < 2 · denominator
        if fraction >= denominator { whole += 1; fraction -= denominator }
        // value = whole + fraction / denominator, 0 ≤ fraction < denominator
        let up = whole >= 0 ? 2 * fraction >= denominator : 2 * fraction > denominator
        return Int64(whole + (up ? 1 : 0))
    }
}
