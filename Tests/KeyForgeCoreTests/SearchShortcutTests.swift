import Testing
@testable import KeyForgeCore

/// The annealer's two shortcuts decide exactly as the slow computations they stand in for.
@Suite("Search shortcuts")
struct SearchShortcutTests {
    @Test("isBelowExp answers u < exp(x) for every u and x, taking each of its three ways")
    func acceptance() {
        var rng = SplitMix64(seed: 3)
        var fastAccept = 0, fastReject = 0, slow = 0
        // x from 0 down to -40 (and a few beyond -700), u uniform, plus u at exp(x) itself and its neighbours.
        for round in 0..<400_000 {
            let x = round % 1000 == 0 ? -800 : -40 * DeterministicMath.unitInterval(rng.next()) * DeterministicMath.unitInterval(rng.next())
            let e = DeterministicMath.exp(x)
            let uniform = DeterministicMath.unitInterval(rng.next())
            for u in [uniform, e, e.nextDown, e.nextUp, min(uniform, e * 1.0001)] where u >= 0 && u < 1 {
                let expected = u < e
                #expect(DeterministicMath.isBelowExp(u, x) == expected)
                // Which way it went, from the bounds it uses (y = -x).
                let y = -x
                let lower = 1 - y + y * y / 2 - y * y * y / 6 + y * y * y * y / 24 - y * y * y * y * y / 120
                let sum = 1 + y + y * y / 2 + y * y * y / 6 + y * y * y * y / 24 + y * y * y * y * y / 120
                if x < -700 { continue }
                if u < lower - 1e-11 { fastAccept += 1 } else if u * sum > 1 + 1e-11 { fastReject += 1 } else { slow += 1 }
            }
        }
        #expect(fastAccept > 1000 && fastReject > 1000 && slow > 1000)
        #expect(DeterministicMath.isBelowExp(0.5, 0) && !DeterministicMath.isBelowExp(0.5, -1000))
    }

    @Test("ScoreBound rules out only totals that are not below the bound, and rules out most that are above")
    func bound() throws {
        // Rubric() has a hand-balance weight, so the imbalance term is part of what is bounded.
        let exact = try ExactScorer(keyboard: PropertyTests.mirrorBoard(), rubric: Rubric(), corpus: PropertyTests.corpus())
        #expect(exact.balance.weight > 0)
        let scorer = OptimizedScorer(exact: exact)
        var state = try scorer.state(SearchTests.start)
        let bound = ScoreBound(scorer: scorer)
        var rng = SplitMix64(seed: 8)
        var ruledOut = 0
        for _ in 0..<3_000 {
            let a = rng.next(below: scorer.keyCount), b = rng.next(below: scorer.keyCount)
            let raw = state.raw + scorer.swapDelta(state, a, b)
            let total = scorer.normalized(raw).total
            for offset in -3...3 as ClosedRange<Int64> {
                let limit = total + offset
                let cannot = bound.cannotBeBelow(raw, limit)
                // Sound: when it says "cannot be below", the exact total is not below.
                if cannot { #expect(total >= limit) }
                // Useful: a total above the bound (by at least 1) is ruled out.
                if offset < 0 {
                    #expect(cannot)
                    if cannot { ruledOut += 1 }
                }
                if offset > 0 { #expect(!cannot) }
            }
            scorer.applySwap(&state, a, b)
        }
        #expect(ruledOut == 9_000)
    }
}
