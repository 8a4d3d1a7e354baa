import Testing
@testable import KeyForgeCore

/// A four-key board and the text "bad cab", where every number is worked out by hand below.
///
/// Keys (centres): k0 left middle (0.5, 1.5) home; k1 left index (1.5, 1.5) home; k2 left index
/// top row (1.5, 0.5); k3 right index (3.5, 1.5) home. Layout a b c d. Rubric: the defaults with
/// effort 1 for every finger, travel weights 1 and 1, sfb_base 100, alternation_bonus 2,
/// imbalance_weight 1000, imbalance_allowance 0.1, trigram_coverage 1.
///
/// Counts of "bad cab": b 2, a 2, d 1, SPACE 1 (unplaced), c 1, so N1 = 7; bigrams ba ad d_ _c ca ab
/// (1 each); trigrams bad ad_ d_c _ca cab (1 each).
///
/// K: k0 = k1 = k3 = 10 (effort 1 x 10, at the origin); k2 = 10 + travel(k1, k2) = 11.
/// mono raw = b 2x10 + a 2x10 + d 1x10 + c 1x11 = 61 -> 61 x 100000 / 7 = 871428.571.
/// B: ba = index -> middle, away from the thumb: roll out -8; ad = hand change: -2;
///    ca = index (row 0) -> middle (row 1): the shorter finger goes up: half scissor +15, roll out -8 = 7;
///    ab = middle -> index: roll in -15. bi raw = -8 - 2 + 7 - 15 = -18 -> -257142.857.
/// T: bad = L L R with a roll between b and a: trigram roll (bonus 0) = 0; cab = k2 k0 k1: index,
///    middle, index on different keys: SFS 80 + 10 x travel(k2, k1) = 90. tri raw = 90 -> 1285714.286.
/// H: left mass 5 (b, a, c), right 1: |5/6 - 0.5| - 0.1 = 0.2333 x 1000 = 233.333.
/// score = 871428.571 - 257142.857 + 1285714.286 + 233.333 = 1900233.333.
@Suite("A four-key board worked out by hand")
struct HandWorkedTests {
    static func fixture() throws -> (ExactScorer, Layout) {
        let keys = [
            Key(hand: 0, finger: 2, row: 1, col: 0, x: 0, y: 1, isHome: true),
            Key(hand: 0, finger: 1, row: 1, col: 1, x: 1, y: 1, isHome: true),
            Key(hand: 0, finger: 1, row: 0, col: 1, x: 1, y: 0),
            Key(hand: 1, finger: 1, row: 1, col: 3, x: 3, y: 1, isHome: true),
        ]
        let keyboard = Keyboard(name: "four", keys: keys)
        try keyboard.validate()
        let rubric = try Rubric(overrides: ["travel_lateral": 1, "sfb_base": 100, "alternation_bonus": 2,
                                            "imbalance_weight": 1000, "imbalance_allowance": 0.1, "trigram_coverage": 1],
                                effort: [1, 1, 1, 1, 1])
        var counter = CorpusCounter()
        counter.feed(Array("bad cab".utf8))
        counter.endDocument()
        let corpus = try NGramCorpus(id: "test/tiny", records: counter.records())
        let scorer = try ExactScorer(keyboard: keyboard, rubric: rubric, corpus: corpus)
        return (scorer, Layout(symbols: ["a", "b", "c", "d"]))
    }

    @Test("the corpus counts of \"bad cab\" are the ones worked out by hand")
    func counts() throws {
        let (scorer, _) = try Self.fixture()
        let records = scorer.corpus.corpus.records
        #expect(records.unigrams == ["b": 2, "a": 2, "d": 1, "SPACE": 1, "c": 1])
        #expect(records.bigrams.count == 6 && records.bigrams.values.allSatisfy { $0 == 1 })
        #expect(records.bigrams[SymbolPair("d", "SPACE")] == 1)
        #expect(records.trigrams.count == 5 && records.trigrams[SymbolTriple("SPACE", "c", "a")] == 1)
        #expect(records.words == ["bad": 1, "cab": 1])
    }

    @Test("the score and its parts are the hand-computed values")
    func score() throws {
        let (scorer, layout) = try Self.fixture()
        let parts = scorer.score(layout)
        #expect(parts.mono == 871_428_571)
        #expect(parts.bi == -257_142_857)
        #expect(parts.tri == 1_285_714_286)
        #expect(parts.imbalance == 233_333)
        #expect(parts.total == 1_900_233_333)
    }

    @Test("every metric is the hand-computed value")
    func metrics() throws {
        let (scorer, layout) = try Self.fixture()
        let report = scorer.analyze(layout)
        let m = report.metrics
        #expect(m.sfb == 0 && m.sfr == 0 && m.lsb == 0 && m.scissorsFull == 0)
        #expect(m.scissorsHalf == 25)        // ca, of ba ad ca ab
        #expect(m.rollIn == 25)              // ab
        #expect(m.rollOut == 50)             // ba, ca
        #expect(m.sfs == 50)                 // cab, of bad cab
        #expect(m.alternation == 0 && m.onehand == 0 && m.redirect == 0 && m.badRedirect == 0)
        #expect(abs(m.leftHand - 500.0 / 6) < 1e-9)
        #expect(abs(m.unplaced - 100.0 / 7) < 1e-9)
        #expect(m.distance == 0)             // every finger starts from its origin key
        #expect(abs(m.fingerUsage[3] - 50) < 1e-9 && abs(m.fingerUsage[2] - 100.0 / 3) < 1e-9
                && abs(m.fingerUsage[6] - 100.0 / 6) < 1e-9)
        #expect(report.worstScissors.map(\.symbols) == [["c", "a"]])
        #expect(report.keyUsage.map(\.cost) == [10, 10, 11, 10])
    }
}
