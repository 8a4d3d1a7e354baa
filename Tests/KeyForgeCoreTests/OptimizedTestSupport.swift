@testable import KeyForgeCore

/// Boards, a small corpus and layouts for the optimized-tier tests, all built in code.
enum OptimizedFixtures {
    /// A few hundred words of plain English with sentence punctuation, so a `_std` corpus gets ENTER.
    static let text = """
    The old lighthouse keeper climbed the narrow stairs every evening, long before the sun went down. \
    He carried a small lamp, a flask of tea and a notebook in which he wrote the weather and the ships \
    he saw. Was it lonely? People asked him that all the time, and he always laughed. There was the \
    wind, there were the gulls, and there was the sea, which never said the same thing twice. In the \
    winter of 1987 a storm broke three windows and flooded the kitchen; he spent two days drying books \
    by the stove. His daughter wrote to him each week from the city, where she repaired clocks in a \
    shop that smelled of oil and brass. When the new automatic light was installed, the men from the \
    company told him he could leave whenever he liked. He thanked them, made them coffee, and stayed. \
    Someone has to watch the water, he said. Quick brown foxes jump over lazy dogs; jolly wizards vex \
    the quiet king with puzzling jokes! Could anyone explain why the zebra queued for exactly six hours?
    """

    /// Finger of each column of a 10-column block, left pinky to right pinky.
    static let columnFinger = [4, 3, 2, 1, 1, 1, 1, 2, 3, 4]

    /// A 3x10 ortho grid; the index fingers' inner columns are stretch columns.
    static func ortho30() -> Keyboard {
        var keys: [Key] = []
        for row in 0..<3 {
            for col in 0..<10 {
                keys.append(Key(hand: col < 5 ? 0 : 1, finger: columnFinger[col], row: row, col: col,
                                x: Double(col), y: Double(row), isStretch: col == 4 || col == 5,
                                isHome: row == 1 && col != 4 && col != 5))
            }
        }
        return Keyboard(name: "test_ortho", homeRow: 1, keys: keys)
    }

    /// A split 3x12 board with column stagger and three thumb keys per hand (like a corne).
    static func split42() -> Keyboard {
        let fingers = [4, 4, 3, 2, 1, 1, 1, 1, 2, 3, 4, 4]
        let stagger = [0.375, 0.375, 0.125, 0, 0.125, 0.25, 0.25, 0.125, 0, 0.125, 0.375, 0.375]
        var keys: [Key] = []
        for row in 0..<3 {
            for col in 0..<12 {
                keys.append(Key(hand: col < 6 ? 0 : 1, finger: fingers[col], row: row, col: col,
                                x: Double(col) + (col < 6 ? 0 : 3), y: Double(row) + stagger[col],
                                isStretch: col == 5 || col == 6,
                                isHome: row == 1 && [1, 2, 3, 4, 7, 8, 9, 10].contains(col)))
            }
        }
        let thumbX = [3.5, 4.6, 5.77, 8.23, 9.4, 10.5]
        for (index, x) in thumbX.enumerated() {
            keys.append(Key(hand: index < 3 ? 0 : 1, finger: 0, row: 3, col: index + 3, x: x, y: 3.2,
                            height: index == 2 || index == 3 ? 1.5 : 1, isHome: index == 2 || index == 3))
        }
        return Keyboard(name: "test_split", homeRow: 1, keys: keys)
    }

    /// The ortho grid plus two thumb keys per hand (34 keys), for duplicate-key layouts.
    static func orthoWithThumbs() -> Keyboard {
        var board = ortho30()
        for (index, x) in [3.5, 4.5, 5.5, 6.5].enumerated() {
            board.keys.append(Key(hand: index < 2 ? 0 : 1, finger: 0, row: 3, col: index + 3, x: x, y: 3,
                                  isHome: index == 1 || index == 2))
        }
        board.name = "test_thumbs"
        return board
    }

    /// The corpus counted from `text`, with synthetic ENTER and BACKSPACE.
    static func corpus() throws -> NGramCorpus {
        var counter = CorpusCounter()
        counter.feed(Array(text.utf8))
        counter.endDocument()
        return try SyntheticKeys.inject(into: NGramCorpus(id: "text/test_std", records: counter.records()))
    }

    /// The exact scorer of `keyboard` with the default rubric and the test corpus.
    static func exact(_ keyboard: Keyboard) throws -> ExactScorer {
        try ExactScorer(keyboard: keyboard, rubric: Rubric(), corpus: corpus())
    }

    /// A layout from space-separated tokens, `_` for an empty key.
    static func layout(_ tokens: String) -> Layout {
        Layout(symbols: tokens.split(separator: " ").map { $0 == "_" ? nil : String($0) })
    }

    /// qwerty on the grid, with an empty key, two symbols the corpus lacks, and ENTER.
    static let orthoLayout = layout("_ w e r t y u i o p a s d f g h j k l TAB z x c v b n m , . ENTER")

    /// A split layout: letters, outer keys with ESC and SHIFT (not in the corpus), and thumbs.
    static let splitLayout = layout("""
        TAB q w e r t y u i o p BACKSPACE _ a s d f g h j k l ; ' SHIFT z x c v b n m , . / ESC \
        _ € SPACE ENTER _ _
        """)

    /// Two SPACE keys and two `e` keys (on mirrored keys, whose costs tie), `i` and `q` unplaced.
    static let duplicateLayout = layout("""
        _ w e r t y u e o p a s d f g h j k l ; z x c v b n m , . ? SPACE BACKSPACE ENTER SPACE
        """)
}
