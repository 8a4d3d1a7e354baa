import Testing
@testable import KeyForgeCore

/// How a replica's rounds begin (Core/Search/Annealer+Rounds.swift, docs/PHYSICS.md section 5).
@Suite("Search rounds")
struct SearchRoundTests {
    static let movable = Array(0..<30)

    static func annealer(_ scorer: OptimizedScorer, pattern: [RoundStart] = [.fresh]) -> Annealer {
        Annealer(scorer: scorer, parameters: SearchParameters(stepsPerReplica: 150_000, seed: 3, movableKeys: movable,
                                                             roundSteps: 5_000, roundPattern: pattern))
    }

    @Test("a cross start keeps the keys where the best and the other elite agree and permutes the rest among themselves")
    func crossKeepsAgreement() throws {
        let scorer = try SearchTests.scorer()
        let best = try LayoutState(layout: SearchTests.start, scorer: scorer)
        // The other elite: the best with keys 0<->5, 7<->20 and 12<->13 swapped, so it disagrees on six keys.
        var other = best
        for (a, b) in [(0, 5), (7, 20), (12, 13)] { _ = scorer.applySwap(&other, a, b) }
        var elites = Elites(capacity: 4)
        elites.offer(best, total: scorer.normalized(best.raw).total)
        elites.offer(other, total: scorer.normalized(other.raw).total)
        #expect(elites.members.count == 2)
        let differing: Set<Int> = [0, 5, 7, 20, 12, 13]
        var changedSomewhere = false
        for seed in 1...6 as ClosedRange<UInt64> {
            var rng = SplitMix64(seed: seed)
            var state = best
            let phase = Self.annealer(scorer).begin(.cross, state: &state, best: best, line: best, elites: elites, movable: Self.movable, rng: &rng)
            #expect(phase == 0.5)
            for key in Self.movable where !differing.contains(key) { #expect(state.tokens[key] == best.tokens[key]) }
            #expect(differing.map { state.tokens[$0] }.sorted() == differing.map { best.tokens[$0] }.sorted())
            if differing.contains(where: { state.tokens[$0] != best.tokens[$0] }) { changedSomewhere = true }
        }
        #expect(changedSomewhere)
    }

    @Test("a B round kicks the current line's best, not the replica's best")
    func bKicksTheLine() throws {
        let scorer = try SearchTests.scorer()
        let best = try LayoutState(layout: SearchTests.start, scorer: scorer)
        var rng = SplitMix64(seed: 4)
        var line = best
        Self.annealer(scorer).shuffle(&line, keys: Self.movable, rng: &rng)
        var state = best
        let phase = Self.annealer(scorer).begin(.best, state: &state, best: best, line: line, elites: Elites(capacity: 4),
                                                movable: Self.movable, rng: &rng)
        #expect(phase == 0.5)
        // The kick is 30 / 8 = 3 swaps, so at most 6 keys differ from the line (and the line differs from the best much more).
        #expect(Self.movable.filter { state.tokens[$0] != line.tokens[$0] }.count <= 6)
        #expect(Self.movable.filter { line.tokens[$0] != best.tokens[$0] }.count > 12)
    }

    @Test("with no other elite a cross start is a fresh shuffle from T0")
    func crossWithoutOther() throws {
        let scorer = try SearchTests.scorer()
        let best = try LayoutState(layout: SearchTests.start, scorer: scorer)
        var elites = Elites(capacity: 4)
        elites.offer(best, total: scorer.normalized(best.raw).total)
        var rng = SplitMix64(seed: 9)
        var state = best
        #expect(Self.annealer(scorer).begin(.cross, state: &state, best: best, line: best, elites: elites, movable: Self.movable, rng: &rng) == 0)
        #expect(state.tokens != best.tokens)
    }

    @Test("elites keep the best distinct scores, best first, up to their capacity")
    func elites() throws {
        let scorer = try SearchTests.scorer()
        let state = try LayoutState(layout: SearchTests.start, scorer: scorer)
        var elites = Elites(capacity: 3)
        for total in [50, 20, 50, 40, 10, 30] as [Int64] { elites.offer(state, total: total) }
        // 50 and 20 enter, the second 50 is a duplicate, 40 enters, 10 pushes 50 out, 30 pushes 40 out.
        #expect(elites.members.map(\.total) == [10, 20, 30])
    }

    @Test("rounds start as the pattern says, in turn, and the reported best never rises")
    func roundsFollowPattern() throws {
        let scorer = try SearchTests.scorer()
        var reports: [RoundReport] = []
        let result = try Self.annealer(scorer, pattern: [.fresh, .best, .cross])
            .run(replica: 0, start: SearchTests.start, onRound: { reports.append($0) }) { _ in true }
        // 150 000 steps in rounds of 5 000; a round's first polish after so short an anneal can take several
        // thousand evaluations beyond it (about 13 000 steps a round here), so at least 7 rounds.
        #expect(reports.count >= 7)
        let expected: [RoundStart] = [.given] + Array(repeating: [RoundStart.fresh, .best, .cross], count: 20).joined()
        #expect(reports.map(\.start) == Array(expected.prefix(reports.count)))
        for (previous, next) in zip(reports, reports.dropFirst()) {
            #expect(next.steps > previous.steps && next.best <= previous.best && next.best <= next.score)
        }
        #expect(reports.last?.best == result.score.total)
    }
}
