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
