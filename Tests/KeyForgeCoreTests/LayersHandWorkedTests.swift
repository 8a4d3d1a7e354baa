import Testing
@testable import KeyForgeCore

/// Layers, shift, REPEAT and MAGIC (docs/PHYSICS.md section 2.7) on tiny boards, every number worked out by hand.
///
/// The rubric keeps only what each case needs: effort 1 on every finger (K = 10 plus travel from the
/// finger's origin key), travel weights 1 and 1, `sfb_base` 100, `sfb_distance` 40, `weak_finger_sfb` 1.5,
/// `same_key_repeat` 5, and every other bigram and trigram weight 0 (rolls, scissors, lateral stretch,
/// redirects, SFS, alternation), unless a case says otherwise; no hand-balance penalty; every trigram kept.
/// Parts are normalized: raw thousandths × 100 000 / N1.
@Suite("Layers, shift, REPEAT and MAGIC worked out by hand")
struct LayersHandWorkedTests {
    static func rubric(_ extra: [String: Double] = [:]) throws -> Rubric {
        var overrides: [String: Double] = [
            "travel_lateral": 1, "travel_vertical": 1, "sfb_base": 100, "sfb_distance": 40, "weak_finger_sfb": 1.5,
            "same_key_repeat": 5, "roll_in_bonus": 0, "roll_out_bonus": 0, "alternation_bonus": 0,
            "full_scissor": 0, "half_scissor": 0, "lsb": 0, "onehand_bonus": 0, "redirect": 0, "bad_redirect": 0,
            "sfs_base": 0, "sfs_distance": 0, "trigram_alternate_bonus": 0, "trigram_roll_bonus": 0,
            "imbalance_weight": 0, "trigram_coverage": 1, "unplaced_cost": 0,
        ]
        for (name, value) in extra { overrides[name] = value }
        return try Rubric(overrides: overrides, effort: [1, 1, 1, 1, 1])
    }

    static func scorer(_ keys: [Key], text: String, rubric: Rubric) throws -> ExactScorer {
        let keyboard = Keyboard(name: "tiny", keys: keys)
        try keyboard.validate()
        var counter = CorpusCounter()
        counter.feed(Array(text.utf8))
        counter.endDocument()
        return try ExactScorer(keyboard: keyboard, rubric: rubric, corpus: NGramCorpus(id: "test/tiny", records: counter.records()))
    }

    /// k0 left index home, k1 left middle home, k2 right index home, k3 right thumb (its finger's only key).
    /// K is 10 on every key. Text "eell": e 2, l 2 (N1 4); bigrams ee, el, ll.
    /// Without REPEAT: ee and ll are same-key repeats (5 each), el is a roll (0): bi raw 10 -> 10 000 × 100 000 / 4.
    /// With REPEAT on k3: ee may be (k0, REPEAT): B(k0, k3) = 0 (hand change) + K(k3) 10 - own(e) 10 = 0 < 5, and
    /// ll likewise, so bi is 0 and no same-key repeat is left; REPEAT is pressed 2 times in 4.
    @Test("REPEAT removes exactly the ee and ll same-key repeats")
    func repeatKey() throws {
        let keys = [
            Key(hand: 0, finger: 1, row: 1, col: 1, x: 1, y: 1, isHome: true),
            Key(hand: 0, finger: 2, row: 1, col: 0, x: 0, y: 1, isHome: true),
            Key(hand: 1, finger: 1, row: 1, col: 3, x: 3, y: 1, isHome: true),
            Key(hand: 1, finger: 0, row: 2, col: 3, x: 3, y: 2, isHome: true),
        ]
        let scorer = try Self.scorer(keys, text: "eell", rubric: Self.rubric())
        let plain = Layout(symbols: ["e", "l", "k", nil])
        let withRepeat = Layout(symbols: ["e", "l", "k", "REPEAT"])
        #expect(scorer.score(plain).bi == 250_000_000)
        #expect(abs(scorer.analyze(plain).metrics.sfr - 200.0 / 3) < 1e-9)
        let parts = scorer.score(withRepeat)
        #expect(parts.bi == 0)
        #expect(parts.mono == scorer.score(plain).mono)
        let report = scorer.analyze(withRepeat)
        #expect(report.metrics.sfr == 0)
        #expect(report.repeatPresses == 50 && report.magicPresses == 0)
        #expect(report.keyUsage[3].usage == 50 && report.keyUsage[0].usage == 25 && report.keyUsage[1].usage == 25)
    }

    /// k0 left index home (1, 1), k1 left index top row (1, 0), k2 left middle home, k3 right thumb.
    /// Text "ed": e on k1, d on k0: an SFB, 100 + 40 × travel(k1, k0) = 140 (index, no weak-finger factor).
    /// With MAGIC on k3 and the rule e -> d: (k1, MAGIC) costs B 0 (hand change) + K(k3) 10 - own(d) 10 = 0.
    @Test("a magic rule turns a known SFB into a (key, MAGIC) bigram")
    func magicKey() throws {
        let keys = [
            Key(hand: 0, finger: 1, row: 1, col: 1, x: 1, y: 1, isHome: true),
            Key(hand: 0, finger: 1, row: 0, col: 1, x: 1, y: 0),
            Key(hand: 0, finger: 2, row: 1, col: 0, x: 0, y: 1, isHome: true),
            Key(hand: 1, finger: 0, row: 2, col: 3, x: 3, y: 2, isHome: true),
        ]
        let scorer = try Self.scorer(keys, text: "ed", rubric: Self.rubric())
        let plain = Layout(symbols: ["d", "e", "s", "MAGIC"])
        #expect(scorer.score(plain).bi == 7_000_000_000)   // 140 000 × 100 000 / 2
        #expect(scorer.analyze(plain).metrics.sfb == 100)
        let magic = Layout(symbols: ["d", "e", "s", "MAGIC"], magicRules: [MagicRule(after: "e", output: "d")])
        #expect(scorer.score(magic).bi == 0)
        let report = scorer.analyze(magic)
        #expect(report.metrics.sfb == 0)
        #expect(report.magicPresses == 50)
        #expect(report.keyUsage[3].usage == 50 && report.keyUsage[0].usage == 0)
        // A rule for a symbol that is on no key places nothing: "x" after e stays unplaced.
        let nowhere = Layout(symbols: ["d", "e", "s", "MAGIC"], magicRules: [MagicRule(after: "e", output: "x")])
        #expect(scorer.score(nowhere) == scorer.score(plain))
    }

    /// k0 left index home, k1 left middle home, k2 right index home, k3 left thumb with MO(sym).
    /// `alternation_bonus` 2. Text "a;": a 1, ; 1, bigram a; (N1 2). `;` is on layer sym at k2.
    /// own(;) = K(k3) 10 + K(k2) 10 + B(k3, k2) = -2 (hand change) = 18; mono raw = 10 + 18 = 28 -> 1 400 000 000.
    /// Bigram a; = B(k0, k3): left index to left thumb, a roll (0), and T(k0, k3, k2) = 0: bi 0.
    /// On the base at k2 instead, `;` costs 10 (mono 1 000 000 000) and a; is B(k0, k2) = -2 (bi -100 000 000).
    @Test("a symbol on a held layer costs its two keystrokes")
    func heldLayer() throws {
        let keys = [
            Key(hand: 0, finger: 1, row: 1, col: 1, x: 1, y: 1, isHome: true),
            Key(hand: 0, finger: 2, row: 1, col: 0, x: 0, y: 1, isHome: true),
            Key(hand: 1, finger: 1, row: 1, col: 3, x: 3, y: 1, isHome: true),
            Key(hand: 0, finger: 0, row: 2, col: 1, x: 1, y: 2, isHome: true),
        ]
        let scorer = try Self.scorer(keys, text: "a;", rubric: Self.rubric(["alternation_bonus": 2]))
        let layered = Layout(symbols: ["a", "s", "k", "MO(sym)"],
                             layers: [LayoutLayer(name: "sym", symbols: [nil, nil, ";", nil])])
        let parts = scorer.score(layered)
        #expect(parts.mono == 1_400_000_000)
        #expect(parts.bi == 0)
        #expect(parts.unplaced == 0)
        let onBase = scorer.score(Layout(symbols: ["a", "s", ";", "MO(sym)"]))
        #expect(onBase.mono == 1_000_000_000 && onBase.bi == -100_000_000)
        let report = scorer.analyze(layered)
        #expect(report.layers.map(\.name) == ["base", "sym"])
        #expect(report.layers.map(\.percent) == [50, 50])
        #expect(report.layers[1].layerKeyPresses == 50)
        // The layer key's press is a press of the left thumb: a, the thumb and k2 each one in three.
        #expect(abs(report.keyUsage[3].usage - 100.0 / 3) < 1e-9)
    }

    /// k0 left pinky home (0, 1), k1 left pinky bottom (0, 2) SHIFT, k2 right pinky home (5, 1), k3 right pinky
    /// bottom (5, 2) SHIFT. K(k0) = K(k2) = 10, K(k1) = K(k3) = 11 (one row from the origin). Corpus: the capitals
    /// A and B, once each, as symbols (a case-keeping corpus); the default shift layer gives a -> A, b -> B.
    /// A through the left SHIFT: 11 + 10 + B(k1, k0), a pinky SFB: (100 + 40 × 1) × 1.5 = 210, so 231; through the
    /// right SHIFT: 11 + 10 + 0 (hand change) = 21. Likewise B takes the left SHIFT. mono raw 42 -> 2 100 000 000.
    /// With only the left SHIFT, A pays 231: mono raw 252 -> 12 600 000 000.
    @Test("capitals go through SHIFT on the opposite hand when that is cheaper")
    func capitalsThroughShift() throws {
        let keys = [
            Key(hand: 0, finger: 4, row: 1, col: 0, x: 0, y: 1, isHome: true),
            Key(hand: 0, finger: 4, row: 2, col: 0, x: 0, y: 2),
            Key(hand: 1, finger: 4, row: 1, col: 5, x: 5, y: 1, isHome: true),
            Key(hand: 1, finger: 4, row: 2, col: 5, x: 5, y: 2),
        ]
        let keyboard = Keyboard(name: "shifts", keys: keys)
        try keyboard.validate()
        var records = NGramRecords()
        records.unigrams = ["A": 1, "B": 1]
        let corpus = try NGramCorpus(id: "test/capitals", records: records)
        let scorer = try ExactScorer(keyboard: keyboard, rubric: Self.rubric(), corpus: corpus)
        let layout = Layout(symbols: ["a", "SHIFT", "b", "SHIFT"]).withDefaultShiftLayer()
        #expect(layout.shiftLayer?.symbols == ["A", nil, "B", nil])
        #expect(scorer.score(layout).mono == 2_100_000_000)
        let report = scorer.analyze(layout)
        #expect(report.keyUsage.map(\.typingUsage) == [25, 25, 25, 25])
        #expect(report.layers.map(\.name) == ["base", "shift"] && report.layers[1].percent == 100)
        let oneShift = Layout(symbols: ["a", "SHIFT", "b", nil]).withDefaultShiftLayer()
        #expect(scorer.score(oneShift).mono == 12_600_000_000)
        // Without a shift layer the capitals are on no key.
        #expect(scorer.score(Layout(symbols: ["a", "SHIFT", "b", "SHIFT"])).mono == 0)
    }

    /// A layout with an empty shift layer takes the ways pass and must give the single-layer pass's report.
    @Test("a layout whose extras type nothing scores and reports exactly as without them")
    func emptyExtrasChangeNothing() throws {
        let (scorer, layout) = try HandWorkedTests.fixture(unplacedCost: 1_000)
        var extended = layout
        extended.layers = [LayoutLayer(name: LayoutLayer.shiftName, symbols: [nil, nil, nil, nil])]
        #expect(extended.hasExtras)
        var ignore = IgnoringObserver()
        #expect(scorer.evaluateWays(layout, observer: &ignore) == scorer.rawScore(layout))
        var plainReport = scorer.analyze(layout)
        let extendedReport = scorer.analyze(extended)
        #expect(extendedReport.layers.map(\.name) == ["base", "shift"] && extendedReport.layers[1].percent == 0)
        plainReport.layers = extendedReport.layers
        #expect(extendedReport == plainReport)
    }

    @Test("layers and rules are checked: sizes, names, one rule per symbol")
    func validation() {
        let good = Layout(symbols: ["a", nil], layers: [LayoutLayer(name: "sym", symbols: [";", nil])],
                          magicRules: [MagicRule(after: "a", output: "b")])
        #expect(throws: Never.self) { try good.validateExtras(keyCount: 2) }
        var short = good
        short.layers[0].symbols = [";"]
        #expect(throws: ValidationError.self) { try short.validateExtras(keyCount: 2) }
        var badName = good
        badName.layers[0].name = "Sym Layer"
        #expect(throws: ValidationError.self) { try badName.validateExtras(keyCount: 2) }
        var twice = good
        twice.magicRules.append(MagicRule(after: "a", output: "c"))
        #expect(throws: ValidationError.self) { try twice.validateExtras(keyCount: 2) }
        #expect(LayoutLayer.layerName(ofKey: "MO(sym)") == "sym" && LayoutLayer.layerName(ofKey: "OSL(nav)") == "nav")
        #expect(LayoutLayer.layerName(ofKey: "MO(shift)") == nil && LayoutLayer.layerName(ofKey: "SHIFT") == nil)
    }
}
