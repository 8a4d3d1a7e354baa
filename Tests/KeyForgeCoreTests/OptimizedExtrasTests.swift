import Testing
@testable import KeyForgeCore

/// The optimized tier and delta scoring on layouts with layers, shift, REPEAT and MAGIC, against the
/// exact tier over ways (`ExactScorer+Ways`).
@Suite("Optimized scorer with layers, REPEAT and MAGIC")
struct OptimizedExtrasTests {
    /// A case-keeping corpus of the fixture text: every character is a symbol (capitals and shifted
    /// punctuation stay), a space is SPACE; counts are taken by hand here so nothing is folded.
    static func caseKeepingCorpus() throws -> NGramCorpus {
        let symbols = OptimizedFixtures.text.map { $0 == " " ? "SPACE" : String($0) }
        var records = NGramRecords()
        for (index, symbol) in symbols.enumerated() {
            records.unigrams[symbol, default: 0] += 1
            if index + 1 < symbols.count { records.bigrams[SymbolPair(symbol, symbols[index + 1]), default: 0] += 1 }
            if index + 2 < symbols.count {
                records.trigrams[SymbolTriple(symbol, symbols[index + 1], symbols[index + 2]), default: 0] += 1
            }
        }
        return try NGramCorpus(id: "test/case_keeping", records: records)
    }

    /// The split board's layout with extras: SHIFT on both outer bottom keys, the default shift layer, a
    /// held `sym` layer on a thumb (digits, `!`, `?` only there; `e` and `,` also on the base), REPEAT and
    /// MAGIC on thumbs, and five magic rules.
    static func extrasLayout() -> Layout {
        let base = OptimizedFixtures.layout("""
            TAB q w e r t y u i o p BACKSPACE _ a s d f g h j k l ; ' SHIFT z x c v b n m , . / SHIFT \
            MO(sym) REPEAT SPACE ENTER MAGIC _
            """)
        var sym = [String?](repeating: nil, count: base.symbols.count)
        for (key, symbol) in [(1, "1"), (2, "2"), (3, "3"), (4, "9"), (5, "8"), (6, "7"), (13, "!"), (14, "?"),
                              (15, "e"), (16, ","), (17, "-"), (18, "'"), (36, "SPACE")] {
            sym[key] = symbol
        }
        var layout = base.withDefaultShiftLayer()
        layout.layers.append(LayoutLayer(name: "sym", symbols: sym))
        layout.magicRules = [MagicRule(after: "t", output: "h"), MagicRule(after: "h", output: "e"),
                             MagicRule(after: "SPACE", output: "t"), MagicRule(after: "o", output: "u"),
                             MagicRule(after: "e", output: "d")]
        return layout
    }

    static func exact(denseKeyLimit: Int = CostTables.maxDenseKeys) throws -> (ExactScorer, OptimizedScorer) {
        let rubric = try Rubric(overrides: ["trigram_alternate_bonus": 7, "trigram_roll_bonus": 3, "sfs_distance": 17])
        let exact = try ExactScorer(keyboard: OptimizedFixtures.split42(), rubric: rubric, corpus: caseKeepingCorpus())
        return (exact, OptimizedScorer(exact: exact, denseKeyLimit: denseKeyLimit))
    }

    /// Swaps keys at random (layer keys, SHIFT, REPEAT and MAGIC included); after each the delta-updated
    /// raw score must equal the full optimized one, and regularly the exact tier's.
    static func differential(_ exact: ExactScorer, _ scorer: OptimizedScorer, start: Layout, seed: UInt64,
                             steps: Int, exactEvery: Int) throws {
        var state = try scorer.state(start)
        #expect(state.raw == exact.rawScore(start))
        #expect(state.layout == start)
        var random = SplitMix64(seed: seed)
        var layout = start
        let keyCount = exact.model.keyCount
        for step in 0..<steps {
            let a = random.next(below: keyCount), b = random.next(below: keyCount)
            scorer.applySwap(&state, a, b)
            layout = layout.swapping(a, b)
            let full = scorer.rawScore(state)
            guard state.raw == full else {
                Issue.record("step \(step), swap \(a) \(b): delta-updated \(state.raw), full optimized \(full)")
                return
            }
            guard step < 200 || step % exactEvery == 0 else { continue }
            let oracle = exact.rawScore(layout)
            guard state.layout == layout, state.raw == oracle else {
                Issue.record("step \(step), swap \(a) \(b): optimized \(state.raw), exact \(oracle)")
                return
            }
        }
    }

    @Test("after each of 3 000 seeded random swaps the delta-updated score equals the full optimized and exact scores")
    func differential() throws {
        let (exact, scorer) = try Self.exact()
        #expect(scorer.tables.hasDenseTrigrams)
        try Self.differential(exact, scorer, start: Self.extrasLayout(), seed: 26, steps: 3_000, exactEvery: 20)
    }

    @Test("the same with every symbol on the general path and a duplicate base key")
    func differentialGeneralPath() throws {
        let (exact, scorer) = try Self.exact(denseKeyLimit: 0)
        var layout = Self.extrasLayout()
        layout.symbols[12] = "e"   // e on two base keys and on the sym layer
        try Self.differential(exact, scorer, start: layout, seed: 7, steps: 1_000, exactEvery: 20)
    }

    @Test("only REPEAT and MAGIC (no layers): delta stays exact, and the capitals are unplaced")
    func contextKeysOnly() throws {
        let (exact, scorer) = try Self.exact()
        var layout = Self.extrasLayout()
        layout.layers = []
        try Self.differential(exact, scorer, start: layout, seed: 3, steps: 1_500, exactEvery: 20)
        #expect(exact.rawScore(layout).unplacedMass > 0)
    }

    @Test("a layer key swapped onto a key its own layer uses drops that way, and gets it back when it leaves")
    func layerKeyOnItsOwnLayer() throws {
        let (exact, scorer) = try Self.exact()
        let layout = Self.extrasLayout()
        var state = try scorer.state(layout)
        // MO(sym) is key 36; `!` is on sym's key 13 only, so with MO(sym) on key 13 `!` is on no key.
        scorer.applySwap(&state, 36, 13)
        let moved = layout.swapping(36, 13)
        #expect(state.raw == exact.rawScore(moved))
        #expect(state.raw.unplacedMass > exact.rawScore(layout).unplacedMass)
        scorer.applySwap(&state, 36, 13)
        #expect(state.raw == exact.rawScore(layout))
    }

    @Test("a layout without extras scores the same over ways as on the single-layer pass")
    func waysPassWithoutExtras() throws {
        let (exact, _) = try Self.exact()
        var random = SplitMix64(seed: 11)
        var symbols = OptimizedFixtures.splitLayout.symbols
        for _ in 0..<4 {
            let layout = Layout(symbols: symbols)
            #expect(!layout.hasExtras)
            var ignore = IgnoringObserver()
            #expect(exact.evaluateWays(layout, observer: &ignore) == exact.rawScore(layout))
            symbols.shuffle(using: &random)
        }
    }

    @Test("magic rule changes mixed with swaps: each delta equals the full optimized and exact scores")
    func ruleChanges() throws {
        let (exact, scorer) = try Self.exact()
        let start = Self.extrasLayout()
        // Candidates: the 40 most frequent bigrams of two different symbols.
        let symbols = exact.corpus.corpus.symbols
        let candidates = exact.corpus.corpus.bigrams.filter { $0.a != $0.b }.sorted { $0.count > $1.count }.prefix(40)
            .map { MagicRule(after: symbols[Int($0.a)], output: symbols[Int($0.b)]) }
        var state = try LayoutState(layout: start, scorer: scorer, ruleCandidates: candidates)
        #expect(state.raw == exact.rawScore(start))
        var random = SplitMix64(seed: 5)
        var changes = 0
        for step in 0..<600 {
            if step % 3 == 0 {
                let slot = random.next(below: state.magicRules.count)
                let rule = candidates[random.next(below: candidates.count)]
                guard !state.magicRules.enumerated().contains(where: { $0.offset != slot && $0.element.after == rule.after }),
                      let after = symbols.firstIndex(of: rule.after), let output = symbols.firstIndex(of: rule.output) else { continue }
                scorer.applyRuleChange(&state, slot: slot, after: after, output: output)
                changes += 1
            } else {
                scorer.applySwap(&state, random.next(below: 42), random.next(below: 42))
            }
            let layout = state.layout
            let full = scorer.rawScore(state)
            guard state.raw == full, state.raw == exact.rawScore(layout) else {
                Issue.record("step \(step): delta-updated \(state.raw), full \(full), exact \(exact.rawScore(layout))")
                return
            }
        }
        #expect(changes > 100)
        #expect(state.magicRules != start.magicRules)
    }
}
