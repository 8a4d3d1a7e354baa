import Testing
@testable import KeyForgeCore

/// `FixedPoint.roundSum`, the one rounding of the score (docs/PHYSICS.md section 2.2).
@Suite("Fixed point: the score's single rounding")
struct FixedPointTests {
    /// The plain definition for small operands: (a·d + c·b) / (b·d) on one denominator, rounded half
    /// away from zero.
    static func reference(_ a: Int128, _ b: Int128, _ c: Int128, _ d: Int128) -> Int64 {
        let numerator = a * d + c * b, denominator = b * d
        var quotient = (numerator < 0 ? -numerator : numerator) / denominator
        let remainder = (numerator < 0 ? -numerator : numerator) % denominator
        if 2 * remainder >= denominator { quotient += 1 }
        return Int64(numerator < 0 ? -quotient : quotient)
    }

    @Test("roundSum equals the one-denominator definition on 100 000 seeded small cases, negatives and ties included")
    func matchesDefinition() {
        var random = SplitMix64(seed: 21)
        for _ in 0..<100_000 {
            let a = Int128(Int64(random.next(below: 2001)) - 1000)
            let b = Int128(random.next(below: 12) + 1)
            let c = Int128(random.next(below: 50))
            let d = Int128(random.next(below: 12) + 1)
            #expect(FixedPoint.roundSum(a, over: b, plus: c, over: d) == Self.reference(a, b, c, d), "\(a)/\(b) + \(c)/\(d)")
        }
    }

    @Test("with no second term roundSum is mulDivRound, and exact halves go away from zero")
    func halves() {
        #expect(FixedPoint.roundSum(5, over: 2, plus: 0, over: 1) == 3)
        #expect(FixedPoint.roundSum(-5, over: 2, plus: 0, over: 1) == -3)
        #expect(FixedPoint.roundSum(-3, over: 2, plus: 1, over: 1) == -1)     // -1.5 + 1 = -0.5, away from zero: -1
        #expect(FixedPoint.roundSum(1, over: 3, plus: 1, over: 6) == 1)       // 1/3 + 1/6 = 1/2 -> 1
        #expect(FixedPoint.roundSum(1, over: 3, plus: 1, over: 7) == 0)       // 0.476 -> 0
        for value: Int64 in [-7_777, -1, 0, 1, 123_456_789] {
            #expect(FixedPoint.roundSum(Int128(value) * 100_000, over: 7, plus: 0, over: 1) == FixedPoint.mulDivRound(value, 100_000, 7))
        }
    }
}
