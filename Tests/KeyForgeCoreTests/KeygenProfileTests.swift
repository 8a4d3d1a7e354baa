import KeyForgeCore
import Testing

/// The keygen profile's model (docs/PROFILES.md, "Profile keygen"), worked by hand on short texts.
@Suite("Compatibility profile keygen")
struct KeygenProfileTests {
    static let qwerty = Keygen.referenceLayout(named: "qwerty")!

    static func penalty(_ text: String, _ layout: Keygen.Layout = qwerty) -> Keygen.Penalty {
        Keygen.penalty(layout, text: Keygen.Text(utf8: Array(text.utf8)))
    }

    static func part(_ penalty: Keygen.Penalty, _ name: String) -> Double {
        penalty.parts[Keygen.partNames.firstIndex(of: name)!]
    }

    @Test("a roll inwards: base of both keys and the roll-in award")
    func rollIn() {
        // "ab" on qwerty: a = key 11 (left pinky, home, base 0.5), b = key 26 (left index, bottom, centre column,
        // base 2.5). Pinky then index on one hand is a roll inwards (-0.125); no other rule applies.
        // total = 0.5 + 2.5 - 0.125 = 2.875 over 2 bytes.
        let p = Self.penalty("ab")
        #expect(p.total == 2.875)
        #expect(p.scaled == 1.4375)
        #expect(Self.part(p, "roll in") == -0.125)
    }

    @Test("same finger top to bottom, the shifted layer types on the same key")
    func longJump() {
        // "Qz": Q = shifted key 0 (left pinky, top, base 3), z = key 22 (left pinky, bottom, base 2).
        // Same finger on different keys 5, long jump hand 1, long jump 10: total 3 + 2 + 5 + 1 + 10 = 21.
        let p = Self.penalty("Qz")
        #expect(p.total == 21)
        #expect(p.scaled == 10.5)
        #expect(Self.part(p, "same finger") == 5 && Self.part(p, "long jump hand") == 1 && Self.part(p, "long jump") == 10)
    }

    @Test("four strokes on one hand")
    func sameHand() {
        // "asdf": bases 0.5 + 0.5 + 0 + 0; three rolls inwards (a->s, s->d, d->f) -0.375; the window "asdf" is four
        // strokes of the left hand: +0.5. total = 1.125 over 4 bytes.
        let p = Self.penalty("asdf")
        #expect(p.total == 1.125)
        #expect(p.scaled == 0.28125)
        #expect(Self.part(p, "same hand") == 0.5)
    }

    @Test("characters outside keygen's alphabet break runs; characters missing from the layout end the look-back")
    func runs() {
        // "a1s": 1 is not on keygen's start layout, so "a" and "s" are separate runs: 0.5 + 0.5 over 3 bytes.
        #expect(Self.penalty("a1s").total == 1)
        #expect(Self.penalty("a1s").scaled == 1.0 / 3)
        // "a=s": = is in the alphabet but not on qwerty: the window "a=" scores nothing, "a=s" only s's base.
        #expect(Self.penalty("a=s").total == 1)
        // Non-ASCII breaks a run too and counts its UTF-8 bytes in the length (keygen divides by bytes).
        #expect(Self.penalty("aés").total == 1)
        #expect(Self.penalty("aés").scaled == 0.25)
    }

    @Test("the look-up evaluator equals the rule-by-rule penalty on every reference layout")
    func evaluator() {
        let text = Keygen.Text(utf8: Array("The quick brown fox -- \"jumps\" over; the lazy dog's back? Yes: 100% <true>_+=".utf8))
        let evaluator = Keygen.Evaluator(text: text)
        for (name, layout) in Keygen.referenceLayouts {
            #expect(evaluator.scaled(layout) == Keygen.penalty(layout, text: text).scaled, "\(name)")
        }
    }

    @Test("search never ends worse than its start, and is repeatable from its seed")
    func search() {
        let text = Keygen.Text(utf8: Array("the rain in spain stays mainly in the plain, said the professor; again and again.".utf8))
        let evaluator = Keygen.Evaluator(text: text)
        let start = Keygen.referenceLayout(named: "qwerty")!
        let run = { Keygen.search(start: start, evaluator: evaluator, seed: 7, stepsPerAnneal: 2000, maxAnneals: 2) { _ in false } }
        let (first, second) = (run(), run())
        #expect(first.bestScaled < evaluator.scaled(start))
        #expect(first.bestScaled == evaluator.scaled(first.best))
        #expect(first.best == second.best)
        // Key 10 never moves, and both layers move together.
        #expect(first.best.lower[10] == start.lower[10])
        #expect(Set(first.best.lower) == Set(start.lower))
        for key in 0..<Keygen.keyCount {
            let from = start.lower.firstIndex(of: first.best.lower[key])!
            #expect(first.best.upper[key] == start.upper[from])
        }
    }
}
