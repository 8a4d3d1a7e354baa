import Testing
@testable import KeyForgeCore

/// Replica exchange (Core/Search/Annealer+Tempering.swift, docs/PHYSICS.md section 5).
@Suite("Search by tempering")
struct SearchTemperingTests {
    static let movable = Array(0..<30)

    static func run(_ scorer: OptimizedScorer, steps: Int64, seed: UInt64, start: Layout = SearchTests.start,
                    trace: ((RoundReport) -> Void)? = nil) throws -> ReplicaResult {
        var parameters = SearchParameters(stepsPerReplica: steps, seed: seed, movableKeys: movable)
        parameters.method = .tempering
        return try Annealer(scorer: scorer, parameters: parameters).run(replica: 0, start: start, onRound: trace) { _ in true }
    }

    @Test("the result is never worse than the start, its score is the exact tier's, and it beats a poor start")
    func exactAndBetter() throws {
        let scorer = try SearchTests.scorer()
        let startTotal = scorer.exact.score(SearchTests.start).total
        for seed in [1, 2] as [UInt64] {
            let result = try Self.run(scorer, steps: 60_000, seed: seed)
            #expect(scorer.exact.score(result.layout) == result.score)
            #expect(result.score.total < startTotal)
            #expect(result.steps == 60_000)
        }
    }

    @Test("the same seed gives the same result, and a longer budget first makes the shorter one's steps and ends no worse")
    func deterministicAndLongerNeverWorse() throws {
        let scorer = try SearchTests.scorer()
        var shortTrace: [RoundReport] = [], longTrace: [RoundReport] = [], againTrace: [RoundReport] = []
        let short = try Self.run(scorer, steps: 40_000, seed: 7) { shortTrace.append($0) }
        let again = try Self.run(scorer, steps: 40_000, seed: 7) { againTrace.append($0) }
        let long = try Self.run(scorer, steps: 120_000, seed: 7) { longTrace.append($0) }
        #expect(short.layout == again.layout && short.score == again.score && shortTrace == againTrace)
        #expect(!shortTrace.isEmpty)
        // Every new best of the short run is, step for step, a new best of the long one.
        #expect(Array(longTrace.prefix(shortTrace.count)) == shortTrace)
        #expect(long.score.total <= short.score.total)
        #expect(longTrace.last?.best == long.score.total)
    }

    @Test("from a polished optimum the start comes back no worse")
    func fromOptimum() throws {
        let scorer = try SearchTests.scorer()
        let polished = try SearchTests.search(scorer, movable: Self.movable, seed: 9, steps: 30_000)
        let again = try Self.run(scorer, steps: 20_000, seed: 4, start: polished.layout)
        #expect(again.score.total <= polished.score.total)
    }
}
