import Testing
@testable import KeyForgeCore

/// A four-key board and the text "bad cab", where every number is worked out by hand below.
///
/// Keys (centres): k0 left middle (0.5, 1.5) home; k1 left index (1.5, 1.5) home; k2 left index
/// top row (1.5, 0.5); k3 right index (3.5, 1.5) home. Layout a b c d. Rubric: the defaults with
/// effort 1 for every finger, travel weights 1 and 1, sfb_base 100, alternation_bonus 2,
/// imbalance_weight 1000, imbalance_allowance 0.1, trigram_coverage 1, and unplaced_cost 0 unless a
/// test says otherwise (SPACE is unplaced here; the tests of `unplaced_cost` are at the end).
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
    static func fixture(unplacedCost: Double = 0) throws -> (ExactScorer, Layout) {
        let keys = [
            Key(hand: 0, finger: 2, row: 1, col: 0, x: 0, y: 1, isHome: true),
            Key(hand: 0, finger: 1, row: 1, col: 1, x: 1, y: 1, isHome: true),
            Key(hand: 0, finger: 1, row: 0, col: 1, x: 1, y: 0),
            Key(hand: 1, finger: 1, row: 1, col: 3, x: 3, y: 1, isHome: true),
        ]
        let keyboard = Keyboard(name: "four", keys: keys)
        try keyboard.validate()
        let rubric = try Rubric(overrides: ["travel_lateral": 1, "sfb_base": 100, "alternation_bonus": 2,
                                            "imbalance_weight": 1000, "imbalance_allowance": 0.1, "trigram_coverage": 1,
                                            "unplaced_cost": unplacedCost],
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
        #expect(m.unplaced == 0)              // letters scope: SPACE is not a character
        #expect(abs(report.typingMetrics.unplaced - 100.0 / 7) < 1e-9)
        #expect(m.distance == 0)             // every finger starts from its origin key
        #expect(abs(m.fingerUsage[3] - 50) < 1e-9 && abs(m.fingerUsage[2] - 100.0 / 3) < 1e-9
                && abs(m.fingerUsage[6] - 100.0 / 6) < 1e-9)
        #expect(report.worstScissors.map(\.symbols) == [["c", "a"]])
        #expect(report.keyUsage.map(\.cost) == [10, 10, 11, 10])
    }

    /// The one SPACE keystroke is unplaced; everything else is as above. In fixed point (thousandths)
    /// the raw sums are mono 61 000, bi −18 000, tri 90 000, so (mono + bi + tri) · 100 000 / 7 is
    /// exactly 1 900 000 000, and H is exactly 233 333 + 1/3.
    /// With unplaced_cost 0.006 (6 fixed-point units): the unplaced part is 6 · 100 000 / 7 = 85 714.2857,
    /// displayed as 85 714; the exact sum is 1 900 000 000 + 85 714.2857 + 233 333.3333 = 1 900 319 047.619,
    /// rounded once to 1 900 319 048, where the sum of the rounded parts would be 1 900 319 047.
    @Test("the score is rounded once from the exact sum, not summed from the rounded parts")
    func roundedOnce() throws {
        let (scorer, layout) = try Self.fixture(unplacedCost: 0.006)
        let parts = scorer.score(layout)
        #expect(parts.mono == 871_428_571 && parts.bi == -257_142_857 && parts.tri == 1_285_714_286 && parts.imbalance == 233_333)
        #expect(parts.unplaced == 85_714)
        #expect(parts.total == 1_900_319_048)
        #expect(parts.mono + parts.bi + parts.tri + parts.unplaced + parts.imbalance == 1_900_319_047)
    }

    /// With the default unplaced_cost 1 000: the unplaced part is 1 000 000 · 100 000 / 7 = 14 285 714 285.714
    /// (14 285 714.286 cost units per 100 000 keystrokes: one keystroke in seven is on no key), and the
    /// score 1 900 000 000 + 14 285 714 285.714 + 233 333.333 = 16 185 947 619.048 -> 16 185 947 619.
    @Test("each keystroke of an unplaced symbol costs unplaced_cost; its bigrams and trigrams nothing")
    func unplacedCost() throws {
        let (scorer, layout) = try Self.fixture(unplacedCost: Rubric.defaultUnplacedCost)
        let parts = scorer.score(layout)
        #expect(Rubric.defaultUnplacedCost == 1_000)
        #expect(parts.bi == -257_142_857 && parts.tri == 1_285_714_286)   // d␣, ␣c, ad␣, d␣c, ␣ca still add nothing
        #expect(parts.unplaced == 14_285_714_286)
        #expect(parts.total == 16_185_947_619)
        let report = scorer.analyze(layout)
        #expect(report.score == parts)
        #expect(report.unplacedSymbols.map(\.symbol) == ["SPACE"] && abs(report.unplacedSymbols[0].percent - 100.0 / 7) < 1e-9)
    }

    /// The letters scope leaves out every n-gram with SPACE: bigrams ba ad ca ab stay (all placed), and
    /// trigrams bad cab (ad␣ d␣c ␣ca go). So nothing changes for the bigram shares here; monograms: the
    /// letters scope's unplaced share is 0 (SPACE is not a character), typing's is 1/7.
    @Test("the letters scope leaves named keys out of numerator and denominator")
    func lettersScope() throws {
        let (scorer, layout) = try Self.fixture()
        let report = scorer.analyze(layout)
        #expect(report.metrics.unplaced == 0)
        #expect(abs(report.typingMetrics.unplaced - 100.0 / 7) < 1e-9)
        #expect(report.metrics.sfs == 50 && report.typingMetrics.sfs == 50)
        #expect(!MetricScope.isCharacter("SPACE") && !MetricScope.isCharacter("BACKSPACE") && MetricScope.isCharacter("é")
                && MetricScope.isCharacter(";"))
    }
}
