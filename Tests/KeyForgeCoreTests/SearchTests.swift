import Testing
@testable import KeyForgeCore

@Suite("Annealing search")
struct SearchTests {
    static func scorer() throws -> OptimizedScorer {
        let exact = try ExactScorer(keyboard: PropertyTests.mirrorBoard(), rubric: Rubric(), corpus: PropertyTests.corpus())
        return OptimizedScorer(exact: exact)
    }

    static let start = Layout(symbols: PropertyTests.letters + ["SPACE", "BACKSPACE"])

    static func search(_ scorer: OptimizedScorer, movable: [Int], seed: UInt64 = 5, steps: Int64 = 20_000) throws -> ReplicaResult {
        let parameters = SearchParameters(stepsPerReplica: steps, seed: seed, movableKeys: movable, restarts: 2)
        return try Annealer(scorer: scorer, parameters: parameters).run(replica: 0, start: start) { _ in true }
    }

    @Test("pinned keys never move")
    func pins() throws {
        let scorer = try Self.scorer()
        let pinned: Set<Int> = [0, 11, 12, 13, 29]
        let movable = (0..<30).filter { !pinned.contains($0) }
        let result = try Self.search(scorer, movable: movable)
        for key in pinned.union([30, 31]) { #expect(result.layout.symbols[key] == Self.start.symbols[key]) }
        #expect(result.layout.symbols != Self.start.symbols)
        #expect(Set(result.layout.symbols.compactMap { $0 }) == Set(Self.start.symbols.compactMap { $0 }))
    }

    @Test("with every key pinned the search returns its start layout")
    func allPinned() throws {
        let result = try Self.search(try Self.scorer(), movable: [])
        #expect(result.layout == Self.start)
        #expect(result.steps == 0)
    }

    @Test("the search never returns a layout worse than its start, and its score is the exact tier's")
    func neverWorse() throws {
        let scorer = try Self.scorer()
        for seed in [1, 2, 3] as [UInt64] {
            let result = try Self.search(scorer, movable: Array(0..<30), seed: seed, steps: 5_000)
            #expect(result.score.total <= scorer.exact.score(Self.start).total)
            #expect(scorer.exact.score(result.layout) == result.score)
        }
        // Even from a polished optimum, where every swap is worse, the start comes back unchanged in score.
        let polished = try Self.search(scorer, movable: Array(0..<30), seed: 9, steps: 30_000)
        let again = try Annealer(scorer: scorer, parameters: SearchParameters(stepsPerReplica: 2_000, seed: 4, movableKeys: Array(0..<30), restarts: 1))
            .run(replica: 0, start: polished.layout) { _ in true }
        #expect(again.score.total <= polished.score.total)
    }

    @Test("the same seed gives the same layout and score; another seed is free to differ")
    func determinism() throws {
        let scorer = try Self.scorer()
        let first = try Self.search(scorer, movable: Array(0..<30), seed: 11)
        let second = try Self.search(scorer, movable: Array(0..<30), seed: 11)
        #expect(first.layout == second.layout && first.score == second.score && first.steps == second.steps)
    }

    @Test("a stop request ends the replica early with its best so far")
    func stop() throws {
        let scorer = try Self.scorer()
        var calls = 0
        let parameters = SearchParameters(stepsPerReplica: 10_000_000, seed: 3, movableKeys: Array(0..<30), restarts: 1, checkInterval: 1_000)
        let result = try Annealer(scorer: scorer, parameters: parameters).run(replica: 0, start: Self.start) { _ in
            calls += 1
            return calls < 5
        }
        #expect(result.wasStopped && result.steps < 100_000)  // 5 checks of 1 000 steps, then the final polish
        #expect(result.score.total <= scorer.exact.score(Self.start).total)
    }

    /// A time budget run with a stand-in clock: the share of time used is the number of checks so far over
    /// `checks`, so "time" passes at the same steps on every run and the test is deterministic.
    static func timed(_ scorer: OptimizedScorer, checks: Int, seed: UInt64 = 7) throws -> ReplicaResult {
        var calls = 0
        let parameters = SearchParameters(stepsPerReplica: Int64.max / 4, seed: seed, movableKeys: Array(0..<30),
                                          checkInterval: 500, roundSteps: 4_000)
        return try Annealer(scorer: scorer, parameters: parameters).run(replica: 0, start: start, fraction: {
            calls += 1
            return Double(calls) / Double(checks)
        }) { _ in true }
    }

    @Test("with a time budget a longer run repeats the shorter one's rounds and never ends worse")
    func longerNeverWorse() throws {
        let scorer = try Self.scorer()
        for seed in [7, 8] as [UInt64] {
            var previous: ReplicaResult? = nil
            // 10 checks of 500 steps end inside the first round (4 000 steps); 150 checks make many rounds.
            for checks in [10, 30, 70, 150] {
                let result = try Self.timed(scorer, checks: checks, seed: seed)
                #expect(!result.wasStopped)  // the time running out is not a stop request
                #expect(scorer.exact.score(result.layout) == result.score)
                if let previous {
                    #expect(result.steps > previous.steps)
                    #expect(result.score.total <= previous.score.total)
                }
                previous = result
            }
            // The same with step budgets and a fixed round length: deterministic, and a prefix of the longer run.
            var previousSteps: ReplicaResult? = nil
            for steps in [3_000, 9_000, 25_000, 60_000] as [Int64] {
                let parameters = SearchParameters(stepsPerReplica: steps, seed: seed, movableKeys: Array(0..<30), roundSteps: 4_000)
                let result = try Annealer(scorer: scorer, parameters: parameters).run(replica: 0, start: Self.start) { _ in true }
                if let previousSteps { #expect(result.score.total <= previousSteps.score.total) }
                previousSteps = result
            }
            let again = try Self.timed(scorer, checks: 70, seed: seed)
            let first = try Self.timed(scorer, checks: 70, seed: seed)
            #expect(again.layout == first.layout && again.steps == first.steps)
        }
    }

    @Test("deterministic exp and log agree with known values")
    func math() {
        #expect(abs(DeterministicMath.exp(-1) - 0.367_879_441_171_442_3) < 1e-15)
        #expect(abs(DeterministicMath.exp(-20.5) - 1.250_152_866_386_743e-9) < 1e-22)
        #expect(DeterministicMath.exp(0) == 1 && DeterministicMath.exp(-800) == 0)
        #expect(abs(DeterministicMath.log(0.002) - (-6.214_608_098_422_191)) < 1e-13)
        #expect(abs(DeterministicMath.log(10) - 2.302_585_092_994_046) < 1e-14)
    }
}
