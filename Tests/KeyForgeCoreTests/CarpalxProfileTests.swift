import KeyForgeCore
import Testing

/// The carpalx profile's model (docs/PROFILES.md, "Profile carpalx"), worked by hand.
@Suite("Compatibility profile carpalx")
struct CarpalxProfileTests {
    static let qwerty = Carpalx.referenceLayout(named: "qwerty")!

    @Test("text preparation: whitespace and non-letters go, case folds, triads stay within a line, rare ones drop")
    func triads() {
        // "The  t-h-e!" becomes "thethe": triads the, het, eth, the. With the minimum at 1, the = 2, het = eth = 1.
        let text = Carpalx.Triads(utf8: Array("The  t-h-e!\nab\n".utf8), minimumCount: 1)
        #expect(text.total == 4)
        #expect(text.triads.count == 3)
        // One letter three times is skipped; "aaab" keeps only aab.
        #expect(Carpalx.Triads(utf8: Array("aaab".utf8), minimumCount: 1).total == 1)
        // The default minimum (10) drops every triad of a short text.
        #expect(Carpalx.Triads(utf8: Array("The the the".utf8)).total == 0)
    }

    @Test("one triad worked by hand: 'the' on qwerty")
    func theOnQwerty() {
        // Ten lines "the" give the triad t-h-e ten times (nothing else). On qwerty:
        //   t: top row col 4, left index (finger 3): base 2.5, penalty 1.3088 * 0.5 (top row) = 0.6544
        //   h: home row col 5, right index (finger 6): base 2, penalty 0
        //   e: top row col 2, left middle (finger 2): base 2, penalty 0.6544
        // base    = 0.3555 * 2.5 * (1 + 0.367 * 2 * (1 + 0.235 * 2))          = 1.847693475
        // penalty = 0.6423 * 0.6544 * (1 + 0.367 * 0 * ...)                    = 0.42032112
        // path: hands L R L -> 1; rows 1 2 1 turn with no gap above 1 -> 3; fingers 3 6 2 not monotone, 2 not
        //       between 3 and 6 -> 3; flag 133 costs 2.8, times ks 0.4268      = 1.19504
        let triads = Carpalx.Triads(utf8: Array(String(repeating: "the\n", count: 10).utf8))
        #expect(triads.total == 10 && triads.triads.count == 1)
        let effort = Carpalx.effort(Self.qwerty, triads: triads)
        #expect(abs(effort.base - 1.847693475) < 1e-12)
        #expect(abs(effort.penalty - 0.42032112) < 1e-12)
        #expect(abs(effort.path - 1.19504) < 1e-12)
        #expect(abs(effort.effort - (1.847693475 + 0.42032112 + 1.19504)) < 1e-12)
        #expect(abs(Carpalx.Evaluator(triads: triads).effort(Self.qwerty) - effort.effort) < 1e-12)
    }

    @Test("search never ends worse than its start, moves only the mask's keys, and repeats from its seed")
    func search() {
        let line = "the quick brown fox jumps over the lazy dog while the other fox sleeps\n"
        let triads = Carpalx.Triads(utf8: Array(String(repeating: line, count: 12).utf8))
        let evaluator = Carpalx.Evaluator(triads: triads)
        let run = { Carpalx.search(start: Self.qwerty, evaluator: evaluator, seed: 11, stepsPerAnneal: 2000, maxAnneals: 2) { _ in false } }
        let (first, second) = (run(), run())
        #expect(first.bestEffort < evaluator.effort(Self.qwerty))
        #expect(first.best == second.best)
        let movable = Set(Carpalx.movableKeys)
        for key in 0..<Carpalx.keyCount where !movable.contains(key) {
            #expect(first.best.characters[key] == Self.qwerty.characters[key])
        }
    }
}
