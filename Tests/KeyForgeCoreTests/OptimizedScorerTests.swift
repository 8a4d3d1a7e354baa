import Testing
@testable import KeyForgeCore

/// The optimized tier against the exact tier: full evaluation, delta scoring and duplicate keys.
@Suite("Optimized scorer")
struct OptimizedScorerTests {
    /// One differential case: a board and its start layout.
    struct Case: CustomStringConvertible {
        let name: String
        let keyboard: Keyboard
        let layout: Layout
        var description: String { name }
    }

    static let cases = [
        Case(name: "ortho 30", keyboard: OptimizedFixtures.ortho30(), layout: OptimizedFixtures.orthoLayout),
        Case(name: "split 42 with thumbs", keyboard: OptimizedFixtures.split42(), layout: OptimizedFixtures.splitLayout),
        Case(name: "duplicate SPACE and e keys", keyboard: OptimizedFixtures.orthoWithThumbs(),
             layout: OptimizedFixtures.duplicateLayout),
    ]

    @Test("after each of 10 000 seeded random swaps the delta-updated score equals the full optimized and exact scores",
          arguments: cases)
    func differential(_ testCase: Case) throws {
        let exact = try OptimizedFixtures.exact(testCase.keyboard)
        let scorer = OptimizedScorer(exact: exact)
        var state = try scorer.state(testCase.layout)
        #expect(state.raw == exact.rawScore(testCase.layout))
        var random = SplitMix64(seed: 2024)
        let keyCount = testCase.keyboard.keys.count
        for step in 0..<10_000 {
            let a = random.next(below: keyCount), b = random.next(below: keyCount)
            scorer.applySwap(&state, a, b)
            let full = scorer.rawScore(state)
            guard state.raw == full else {
                Issue.record("step \(step), swap \(a) \(b): delta-updated \(state.raw), full optimized \(full)")
                return
            }
            // The exact tier is slow in debug builds: compare with it after each of the first 300
            // swaps, then after every 25th (688 exact evaluations in all).
            guard step < 300 || step % 25 == 0 else { continue }
            let oracle = exact.rawScore(state.layout)
            let parts = oracle.normalized(totalUnigrams: exact.corpus.totalUnigrams, balance: exact.balance, unplacedCost: exact.model.unplacedCost)
            guard state.raw == oracle, scorer.normalized(state.raw) == parts else {
                Issue.record("step \(step), swap \(a) \(b): optimized \(state.raw), exact \(oracle)")
                return
            }
        }
    }

    @Test("with nonzero alternate and roll trigram bonuses, 10 000 seeded swaps keep the delta-updated score equal to the full one")
    func differentialWithTrigramBonuses() throws {
        let rubric = try Rubric(overrides: ["trigram_alternate_bonus": 7, "trigram_roll_bonus": 3, "sfs_distance": 17])
        let exact = try ExactScorer(keyboard: OptimizedFixtures.split42(), rubric: rubric, corpus: OptimizedFixtures.corpus())
        let scorer = OptimizedScorer(exact: exact)
        #expect(scorer.tables.hasDenseTrigrams)
        var state = try scorer.state(OptimizedFixtures.splitLayout)
        var random = SplitMix64(seed: 99)
        for step in 0..<10_000 {
            let a = random.next(below: exact.model.keyCount), b = random.next(below: exact.model.keyCount)
            scorer.applySwap(&state, a, b)
            let full = scorer.rawScore(state)
            guard state.raw == full else {
                Issue.record("step \(step), swap \(a) \(b): delta-updated \(state.raw), full optimized \(full)")
                return
            }
        }
        #expect(state.raw == exact.rawScore(state.layout))
    }

    @Test("delta scoring stays exact when every symbol takes the general path")
    func generalPathOnly() throws {
        let keyboard = OptimizedFixtures.split42()
        let exact = try OptimizedFixtures.exact(keyboard)
        let general = OptimizedScorer(exact: exact, denseKeyLimit: 0)
        let dense = OptimizedScorer(exact: exact)
        #expect(!general.tables.hasDenseTrigrams && dense.tables.hasDenseTrigrams)
        var generalState = try general.state(OptimizedFixtures.splitLayout)
        var denseState = try dense.state(OptimizedFixtures.splitLayout)
        var random = SplitMix64(seed: 7)
        for step in 0..<2_000 {
            let a = random.next(below: keyboard.keys.count), b = random.next(below: keyboard.keys.count)
            general.applySwap(&generalState, a, b)
            dense.applySwap(&denseState, a, b)
            // The dense path is checked against the exact tier above; here it is the cheaper oracle.
            let checksExact = step % 20 == 0
            guard generalState.raw == denseState.raw, !checksExact || generalState.raw == exact.rawScore(generalState.layout) else {
                Issue.record("step \(step), swap \(a) \(b): general \(generalState.raw), dense \(denseState.raw)")
                return
            }
        }
    }

    @Test("a symbol on three keys and another on every remaining key stay exact under swaps")
    func manyCopies() throws {
        let keyboard = OptimizedFixtures.orthoWithThumbs()
        let exact = try OptimizedFixtures.exact(keyboard)
        let scorer = OptimizedScorer(exact: exact)
        var symbols: [String?] = Array(repeating: "t", count: keyboard.keys.count)
        for (key, symbol) in [(0, "e"), (9, "e"), (15, "e"), (3, "SPACE"), (20, "a"), (21, nil), (22, "€")] {
            symbols[key] = symbol
        }
        var state = try scorer.state(Layout(symbols: symbols))
        var random = SplitMix64(seed: 99)
        for step in 0..<300 {
            let a = random.next(below: keyboard.keys.count), b = random.next(below: keyboard.keys.count)
            scorer.applySwap(&state, a, b)
            guard state.raw == exact.rawScore(state.layout) else {
                Issue.record("step \(step), swap \(a) \(b): optimized \(state.raw), exact \(exact.rawScore(state.layout))")
                return
            }
        }
    }

    @Test("the full optimized score equals the exact score for several layouts")
    func fullEvaluation() throws {
        var random = SplitMix64(seed: 1)
        for testCase in Self.cases {
            let exact = try OptimizedFixtures.exact(testCase.keyboard)
            let scorer = OptimizedScorer(exact: exact)
            let keyCount = testCase.keyboard.keys.count
            var layouts = [testCase.layout, Layout(symbols: Array(repeating: nil, count: keyCount)),
                           Layout(symbols: Array(repeating: "€", count: keyCount))]
            for _ in 0..<5 {
                var shuffled = testCase.layout.symbols
                shuffled.shuffle(using: &random)
                layouts.append(Layout(symbols: shuffled))
            }
            for layout in layouts {
                let state = try scorer.state(layout)
                #expect(state.raw == exact.rawScore(layout), "\(testCase.name): \(layout.tokenString)")
                #expect(scorer.score(state) == exact.score(layout), "\(testCase.name): \(layout.tokenString)")
            }
        }
    }

    @Test("a swap applied twice returns to the original raw score and layout")
    func swapTwice() throws {
        let testCase = Self.cases[2]
        let scorer = try OptimizedScorer(exact: OptimizedFixtures.exact(testCase.keyboard))
        let start = try scorer.state(testCase.layout)
        var random = SplitMix64(seed: 5)
        var state = start
        for _ in 0..<500 {
            let a = random.next(below: testCase.keyboard.keys.count), b = random.next(below: testCase.keyboard.keys.count)
            let there = scorer.applySwap(&state, a, b)
            let back = scorer.applySwap(&state, a, b)
            #expect((there + back).isZero)
            #expect(state.raw == start.raw)
        }
        #expect(state.layout == start.layout)
    }

    @Test("swapping a key with itself, two keys with the same symbol, or two symbols the corpus lacks changes nothing")
    func neutralSwaps() throws {
        let testCase = Self.cases[2]
        let scorer = try OptimizedScorer(exact: OptimizedFixtures.exact(testCase.keyboard))
        let state = try scorer.state(testCase.layout)
        #expect(scorer.swapDelta(state, 4, 4).isZero)
        #expect(scorer.swapDelta(state, 2, 7).isZero, "the two e keys")
        #expect(scorer.swapDelta(state, 30, 33).isZero, "the two SPACE keys")
        let emptyAndForeign = try scorer.state(Layout(symbols: [nil, "€", "t"] + Array(repeating: nil, count: 31)))
        #expect(scorer.swapDelta(emptyAndForeign, 0, 1).isZero)
        #expect(!scorer.swapDelta(emptyAndForeign, 0, 2).isZero, "moving t off a key to an empty one changes the score")
    }

    @Test("the state's layout round-trips, symbols the corpus lacks included")
    func layoutRoundTrip() throws {
        for testCase in Self.cases {
            let scorer = try OptimizedScorer(exact: OptimizedFixtures.exact(testCase.keyboard))
            var state = try scorer.state(testCase.layout)
            #expect(state.layout == testCase.layout)
            scorer.applySwap(&state, 0, 1)
            #expect(state.layout == testCase.layout.swapping(0, 1))
            #expect(state.symbol(onKey: 1) == testCase.layout.symbols[0])
        }
    }

    @Test("a layout with the wrong number of keys is rejected")
    func wrongKeyCount() throws {
        let scorer = try OptimizedScorer(exact: OptimizedFixtures.exact(OptimizedFixtures.ortho30()))
        #expect(throws: ValidationError.self) { try scorer.state(OptimizedFixtures.splitLayout) }
    }

    @Test("the trigram table and its slot decomposition hold T for every key triple; the middle classes are the fingers")
    func denseTable() throws {
        let model = try CostModel(keyboard: OptimizedFixtures.split42(), rubric: Rubric())
        let tables = CostTables(model: model)
        let n = model.keyCount, m = tables.stride, classes = tables.classCount
        let slots = tables.slotCount, square = slots * slots
        // Ten fingers, plus `nowhere` for the middle classes: T reads the middle key only through its hand and finger.
        #expect(classes == 11 && slots == 10)
        for p in 0..<n {
            for q in 0..<n {
                let c = Int(tables.middleClass[q])
                for r in 0..<n {
                    let cost = model.trigram(p, q, r).cost
                    let (sp, sq, sr) = (Int(tables.slotOfKey[p]), Int(tables.slotOfKey[q]), Int(tables.slotOfKey[r]))
                    let skip = sq != sp ? tables.sameSlotSkip[p * m + r] : 0
                    guard Int64(tables.trigram[(p * classes + c) * m + r]) == cost,
                          Int64(tables.trigram[tables.trigramIndex(p, q, r)]) == cost,
                          Int64(tables.slotShape[sp * square + sq * slots + sr]) + skip == cost,
                          Int64(tables.slotShape[(slots + sq) * square + sp * slots + sr]) + skip == cost,
                          Int64(tables.slotShape[(2 * slots + sr) * square + sp * slots + sq]) + skip == cost else {
                        Issue.record("T(\(p), \(q), \(r)) differs")
                        return
                    }
                }
            }
        }
        for q in 0..<n {
            let sameFinger = (0..<n).first { model.hand[$0] == model.hand[q] && model.finger[$0] == model.finger[q] }!
            #expect(tables.middleClass[q] == tables.middleClass[sameFinger] && tables.slotOfKey[q] == tables.slotOfKey[sameFinger])
        }
    }

    @Test("SplitMix64 gives the reference sequence and unbiased bounded draws")
    func splitMix() {
        var random = SplitMix64(seed: 0)
        #expect(random.next() == 0xE220_A839_7B1D_CDAF)
        #expect(random.next() == 0x6E78_9E6A_A1B9_65F4)
        var bounded = SplitMix64(seed: 42)
        var seen = Set<Int>()
        for _ in 0..<1_000 {
            let value = bounded.next(below: 7)
            #expect((0..<7).contains(value))
            seen.insert(value)
        }
        #expect(seen.count == 7)
        var single = SplitMix64(seed: 3)
        #expect(single.next(below: 1) == 0)
    }
}
