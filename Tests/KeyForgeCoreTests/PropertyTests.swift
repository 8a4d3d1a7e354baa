import Testing
@testable import KeyForgeCore

/// Properties every layout on every board must have, checked on small boards with a counted corpus.
@Suite("Scoring properties")
struct PropertyTests {
    static let text = """
    the quick brown fox jumps over the lazy dog. she sells sea shells by the sea shore!
    how vexingly quick daft zebras jump? a wizard's job is to vex chumps quickly in fog.
    we typed the text again and again, until every key had been pressed many times.
    """

    static func corpus(id: String = "test/props_std") throws -> NGramCorpus {
        var counter = CorpusCounter()
        counter.feed(Array(text.utf8))
        counter.endDocument()
        return try SyntheticKeys.inject(into: NGramCorpus(id: id, records: counter.records()))
    }

    /// A mirror-symmetric split board: 3 x 10 plus one thumb key per hand.
    static func mirrorBoard() -> Keyboard {
        var keys: [Key] = []
        let fingers = [4, 3, 2, 1, 1, 1, 1, 2, 3, 4]
        let stagger = [0.3, 0.1, 0, 0.1, 0.2, 0.2, 0.1, 0, 0.1, 0.3]
        for row in 0..<3 {
            for col in 0..<10 {
                keys.append(Key(hand: col < 5 ? 0 : 1, finger: fingers[col], row: row, col: col, x: Double(col), y: Double(row) + stagger[col],
                                isStretch: col == 4 || col == 5, isHome: row == 1 && col != 4 && col != 5))
            }
        }
        keys.append(Key(hand: 0, finger: 0, row: 3, col: 4, x: 4, y: 3.2, isHome: true))
        keys.append(Key(hand: 1, finger: 0, row: 3, col: 5, x: 5, y: 3.2, isHome: true))
        return Keyboard(name: "mirror", keys: keys)
    }

    static let letters: [String?] = "qwfpbjluy;arstgmneiozxcdvkh,./".map { String($0) }

    static func mirrored(_ layout: Layout) -> Layout {
        var symbols = layout.symbols
        for row in 0..<3 { for col in 0..<10 { symbols[row * 10 + col] = layout.symbols[row * 10 + 9 - col] } }
        symbols[30] = layout.symbols[31]
        symbols[31] = layout.symbols[30]
        return Layout(symbols: symbols)
    }

    @Test("on a mirror-symmetric board a layout and its mirror score the same")
    func mirror() throws {
        let scorer = try ExactScorer(keyboard: Self.mirrorBoard(), rubric: Rubric(), corpus: Self.corpus())
        let layout = Layout(symbols: Self.letters + ["SPACE", "BACKSPACE"])
        #expect(scorer.score(layout) == scorer.score(Self.mirrored(layout)))
        #expect(scorer.analyze(layout).metrics.sfb == scorer.analyze(Self.mirrored(layout)).metrics.sfb)
    }

    @Test("swapping two keys twice gives back the same score")
    func swapTwice() throws {
        let scorer = try ExactScorer(keyboard: Self.mirrorBoard(), rubric: Rubric(), corpus: Self.corpus())
        let layout = Layout(symbols: Self.letters + ["SPACE", "ENTER"])
        let base = scorer.score(layout)
        for (a, b) in [(0, 29), (11, 12), (3, 30), (7, 31)] {
            let swapped = layout.swapping(a, b)
            #expect(swapped != layout)
            #expect(scorer.score(swapped.swapping(a, b)) == base)
        }
    }

    @Test("adding a duplicate of a symbol on an empty key never raises the score")
    func duplicateNeverHurts() throws {
        let scorer = try ExactScorer(keyboard: Self.mirrorBoard(), rubric: Rubric(), corpus: Self.corpus())
        var symbols = Self.letters + ["SPACE", nil]
        let base = scorer.score(Layout(symbols: symbols))
        for duplicate in ["SPACE", "e", "t", "a", "q"] {
            symbols[31] = duplicate
            let withDuplicate = scorer.score(Layout(symbols: symbols))
            // The hand balance may move either way, so compare the n-gram parts, which can only fall.
            #expect(withDuplicate.mono <= base.mono && withDuplicate.bi <= base.bi && withDuplicate.tri <= base.tri)
            #expect(withDuplicate.mono + withDuplicate.bi + withDuplicate.tri <= base.mono + base.bi + base.tri)
        }
    }

    @Test("empty keys change nothing: a board with extra empty keys scores the same")
    func emptyKeys() throws {
        let corpus = try Self.corpus()
        let board = Self.mirrorBoard()
        var bigger = board
        bigger.keys.append(Key(hand: 0, finger: 4, row: 0, col: 11, x: -1, y: 0))
        bigger.keys.append(Key(hand: 1, finger: 4, row: 1, col: 12, x: 11, y: 1))
        bigger.baseLayout = Array(repeating: Keyboard.alphaMarker, count: bigger.keys.count)
        let layout = Layout(symbols: Self.letters + ["SPACE", "ENTER"])
        let padded = Layout(symbols: layout.symbols + [nil, nil])
        let small = try ExactScorer(keyboard: board, rubric: Rubric(), corpus: corpus)
        let large = try ExactScorer(keyboard: bigger, rubric: Rubric(), corpus: corpus)
        #expect(small.score(layout) == large.score(padded))
        #expect(small.analyze(layout).metrics == large.analyze(padded).metrics)
    }

    @Test("the same inputs give bit-identical scores on every evaluation")
    func deterministic() throws {
        let scorer = try ExactScorer(keyboard: Self.mirrorBoard(), rubric: Rubric(), corpus: Self.corpus())
        let layout = Layout(symbols: Self.letters + ["SPACE", "ENTER"])
        let first = scorer.analyze(layout)
        #expect(scorer.analyze(layout) == first)
        let again = try ExactScorer(keyboard: Self.mirrorBoard(), rubric: Rubric(), corpus: Self.corpus())
        #expect(again.analyze(layout) == first)
    }
}
