import Testing
@testable import KeyForgeCore

/// Magic-rule moves of the search (issue 26) on the split board with the case-keeping corpus.
@Suite("Search with magic-rule moves")
struct SearchRuleMovesTests {
    /// The extras layout of `OptimizedExtrasTests` with its first rule (t -> h) pinned and two free
    /// slots, and the 30 most frequent bigrams of two different symbols as candidates (t -> h left out).
    static func setup() throws -> (ExactScorer, OptimizedScorer, Layout, SearchParameters) {
        let (exact, scorer) = try OptimizedExtrasTests.exact()
        var start = OptimizedExtrasTests.extrasLayout()
        start.magicRules = [MagicRule(after: "t", output: "h"), MagicRule(after: "o", output: "u"), MagicRule(after: "e", output: "d")]
        let symbols = exact.corpus.corpus.symbols
        let candidates = exact.corpus.corpus.bigrams.filter { $0.a != $0.b && symbols[Int($0.a)] != "t" }
            .sorted { $0.count > $1.count }.prefix(30)
            .map { MagicRule(after: symbols[Int($0.a)], output: symbols[Int($0.b)]) }
        var parameters = SearchParameters(stepsPerReplica: 6_000, seed: 9, movableKeys: Array(0..<36), restarts: 2)
        parameters.ruleCandidates = Array(candidates)
        parameters.freeRuleSlots = [1, 2]
        return (exact, scorer, start, parameters)
    }

    @Test("a search keeps the pinned rule, draws the free ones from the candidates, and its score is the exact one; same seed, same result")
    func search() throws {
        let (exact, scorer, start, parameters) = try Self.setup()
        let result = try Annealer(scorer: scorer, parameters: parameters).run(replica: 0, start: start) { _ in true }
        #expect(result.score == exact.score(result.layout))
        #expect(result.layout.magicRules.count == 3)
        #expect(result.layout.magicRules[0] == MagicRule(after: "t", output: "h"))
        for rule in result.layout.magicRules.dropFirst() { #expect(parameters.ruleCandidates.contains(rule)) }
        #expect(Set(result.layout.magicRules.map(\.after)).count == 3)
        #expect(result.score.total < exact.score(start).total)
        let again = try Annealer(scorer: scorer, parameters: parameters).run(replica: 0, start: start) { _ in true }
        #expect(again.layout == result.layout && again.score == result.score)
    }

    @Test("the rule polish with one free slot ends on the best candidate, found by scoring each with the exact tier")
    func polishFindsBestRule() throws {
        let (exact, scorer, start, base) = try Self.setup()
        var parameters = base
        parameters.freeRuleSlots = [2]
        var state = try LayoutState(layout: start, scorer: scorer, ruleCandidates: parameters.ruleCandidates)
        let annealer = Annealer(scorer: scorer, parameters: parameters)
        _ = annealer.polishRules(&state)
        // Brute force: every candidate whose first symbol no other rule has, in slot 2.
        var best = exact.score(start).total
        for rule in parameters.ruleCandidates where rule.after != "t" && rule.after != "o" {
            var layout = start
            layout.magicRules[2] = rule
            best = min(best, exact.score(layout).total)
        }
        #expect(scorer.normalized(state.raw).total == best)
        #expect(exact.score(state.layout).total == best)
    }
}

/// Layer moves of the search (issue 26).
@Suite("Search with layer moves")
struct SearchLayerMovesTests {
    @Test("layer moves keep disallowed symbols on the base, move allowed ones, and the score is the exact one")
    func layerMoves() throws {
        let (exact, scorer) = try OptimizedExtrasTests.exact()
        let start = OptimizedExtrasTests.extrasLayout()
        var parameters = SearchParameters(stepsPerReplica: 6_000, seed: 3, movableKeys: Array(0..<36), restarts: 2)
        parameters.layerMoveSymbols = ["q", "j", "z", "x", "'", ";"]
        let annealer = Annealer(scorer: scorer, parameters: parameters, layers: start.layers)
        #expect(annealer.layerSlots.count == 72)
        let result = try annealer.run(replica: 0, start: start) { _ in true }
        #expect(result.score == exact.score(result.layout))
        // Every symbol of the start is still somewhere (base or a layer), and only allowed ones left the base.
        let startBase = Set(start.symbols.compactMap { $0 }), endBase = Set(result.layout.symbols.compactMap { $0 })
        for symbol in startBase.subtracting(endBase) { #expect(parameters.layerMoveSymbols.contains(symbol), "\(symbol) left the base") }
        func everywhere(_ layout: Layout) -> [String] {
            (layout.symbols + layout.layers.filter { $0.name != "shift" }.flatMap(\.symbols)).compactMap { $0 }.sorted()
        }
        #expect(everywhere(result.layout) == everywhere(start))
        #expect(result.layout.layers[1] != start.layers[1])
    }
}
