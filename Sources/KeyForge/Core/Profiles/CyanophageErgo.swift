/// The compatibility profile `cyanophage-ergo` (docs/PROFILES.md): the metrics of cyanophage's keyboard
/// layout playground on its "ergo" board, computed exactly as docs/PROFILES.md defines them, so our numbers
/// can stand next to its published tables. An alternative metric set; the score is not involved.
///
/// Where docs/PROFILES.md leaves a reading open, this is the one taken:
/// - a trigram is counted at position i > 1 when the character before (i - 1) is on the layout and
///   two keys were processed before it in the word; it is formed over those last two processed keys;
/// - `sfs` looks at the character two back in the word (i - 2), which must be on the layout;
/// - `pinky_scissors` asks only what docs/PROFILES.md says (adjacent columns, rows at least 1 apart, a pinky
///   among the two fingers), so a pinky's own column pair (0, 1) counts as well;
/// - a trigram on one hand that is neither a strict monotone run nor a redirect (a finger repeated
///   next to itself, or first and third fingers equal) is in no reported class.
public enum CyanophageErgo {
    /// The profile's name (`--profile cyanophage-ergo`).
    public static let name = "cyanophage-ergo"
    /// The board the profile is defined on (`--keyboard cyanophage-ergo`).
    public static let keyboardName = "cyanophage-ergo"
    /// The reported metrics, in report order.
    public static let metricNames = ["sfb", "lsb", "scissors", "pinky_scissors", "sfs", "roll_in", "roll_out", "redirect",
                                     "alternation", "pinky_off", "pinky_usage"]

    /// Which thumb key character 33 of a layout string goes to.
    public enum Thumb: String, Sendable, CaseIterable {
        case left, right
    }

    /// A key of the profile's board.
    public struct Position: Hashable, Sendable {
        /// 0 ... 2 (3: the thumb row).
        public var row: Int
        /// 0 ... 11.
        public var col: Int
        /// Creates a position.
        public init(row: Int, col: Int) { self.row = row; self.col = col }

        /// The profile's finger number, 1 (left pinky) ... 10 (right pinky).
        public var finger: Int {
            if row == 3 { return col <= 4 ? 5 : 6 }
            switch col {
            case 0, 1: return 1
            case 2: return 2
            case 3: return 3
            case 4, 5: return 4
            case 6, 7: return 7
            case 8: return 8
            case 9: return 9
            default: return 10
            }
        }

        /// 0 for the left hand (fingers 1-5), 1 for the right.
        public var hand: Int { finger <= 5 ? 0 : 1 }
    }

    /// The board's keys in key order: rows 0-2 columns 0-11, then the thumb row's columns 4-7.
    public static let positions: [Position] =
        (0..<3).flatMap { row in (0..<12).map { Position(row: row, col: $0) } } + (4...7).map { Position(row: 3, col: $0) }

    /// The positions the 34 characters of a layout string go to.
    public static func stringPositions(thumb: Thumb) -> [Position] {
        (1...11).map { Position(row: 0, col: $0) } + (1...11).map { Position(row: 1, col: $0) }
            + (1...10).map { Position(row: 2, col: $0) } + [Position(row: 2, col: 0), Position(row: 3, col: thumb == .left ? 4 : 7)]
    }

    /// True for a layout string's shape: exactly 34 characters.
    public static func isLayoutString(_ text: String) -> Bool { text.count == 34 && !text.contains(" ") }

    /// The board's 40 layout tokens for a 34-character layout string: `^` on the thumb is SHIFT (no letter),
    /// every other character, `=` included, is the symbol typed on its key (the profile's word lists contain
    /// `=`, and layouts put it on a key, often the top-right pinky key); keys the string does not reach are empty.
    public static func tokens(fromLayoutString text: String, thumb: Thumb) throws(ValidationError) -> [String] {
        let characters = Array(text)
        guard characters.count == 34 else {
            throw ValidationError(field: "layout", "a \(name) layout string has 34 characters (got \(characters.count))")
        }
        var tokens = [String](repeating: "NONE", count: positions.count)
        for (index, position) in stringPositions(thumb: thumb).enumerated() {
            let character = characters[index]
            guard let key = positions.firstIndex(of: position) else { continue }
            switch character {
            case "^" where index == 33: tokens[key] = "SHIFT"
            default:
                guard !character.isWhitespace else {
                    throw ValidationError(field: "layout[\(index)]", "whitespace is not a key")
                }
                tokens[key] = String(character)
            }
        }
        return tokens
    }

    /// The profile's metrics (percentages, see docs/PROFILES.md section 5) of `layout` on a board whose keys carry the
    /// profile's rows and columns, over `words` (word, weight). Only single-character symbols type.
    public static func metrics(keyboard: Keyboard, layout: Layout, words: [(word: String, weight: Double)]) -> [(name: String, value: Double)] {
        var keyOf: [Unicode.Scalar: Position] = [:]
        for (index, symbol) in layout.symbols.enumerated() {
            guard let symbol, symbol.unicodeScalars.count == 1, let scalar = symbol.unicodeScalars.first, index < keyboard.keys.count else { continue }
            let key = keyboard.keys[index]
            if keyOf[scalar] == nil { keyOf[scalar] = Position(row: key.row, col: key.col) }
        }
        var totals = Totals()
        for (word, weight) in words where weight > 0 {
            totals.add(word: Array(word.unicodeScalars), weight: weight, keyOf: keyOf)
        }
        return totals.report()
    }

    private struct Totals {
        var input = 0.0, presses = 0.0, trigrams = 0.0
        var sfb = 0.0, lsb = 0.0, scissors = 0.0, pinkyScissors = 0.0, sfs = 0.0
        var rollIn = 0.0, rollOut = 0.0, redirect = 0.0, alternation = 0.0, pinkyOff = 0.0, pinkyPresses = 0.0

        static let pinkyOffKeys: Set<Position> = [Position(row: 0, col: 1), Position(row: 2, col: 1), Position(row: 0, col: 10),
                                                  Position(row: 2, col: 10), Position(row: 0, col: 11), Position(row: 1, col: 11)]
        static let lsbColumns: Set<[Int]> = [[3, 5], [5, 3], [8, 6], [6, 8]]

        mutating func add(word: [Unicode.Scalar], weight w: Double, keyOf: [Unicode.Scalar: Position]) {
            input += w * Double(word.count + 1)
            var processed: [(scalar: Unicode.Scalar, key: Position)] = []
            for (i, scalar) in word.enumerated() {
                guard let key = keyOf[scalar] else { continue }
                presses += w
                if key.finger == 1 || key.finger == 10 { pinkyPresses += w }
                if Self.pinkyOffKeys.contains(key) { pinkyOff += w }
                let previousOnLayout = i > 0 && keyOf[word[i - 1]] != nil
                if previousOnLayout, let previous = processed.last {
                    bigram(previous.scalar, previous.key, scalar, key, w)
                    if i > 1, processed.count >= 2 {
                        trigram(processed[processed.count - 2], previous, (scalar, key), w)
                    }
                }
                if i > 1, let twoBack = keyOf[word[i - 2]], twoBack.finger == key.finger, word[i - 2] != scalar { sfs += w }
                processed.append((scalar, key))
            }
        }

        mutating func bigram(_ a: Unicode.Scalar, _ p: Position, _ b: Unicode.Scalar, _ q: Position, _ w: Double) {
            if p.finger == q.finger && a != b { sfb += w }
            if Self.lsbColumns.contains([p.col, q.col]) { lsb += w }
            let adjacent = abs(p.col - q.col) == 1
            let rows = abs(p.row - q.row)
            if adjacent && rows >= 2 && p.hand == q.hand && p.finger != q.finger && p.row < 3 && q.row < 3 { scissors += w }
            if adjacent && rows >= 1 && ([1, 10].contains(p.finger) || [1, 10].contains(q.finger)) {
                pinkyScissors += w
            }
        }

        mutating func trigram(_ a: (scalar: Unicode.Scalar, key: Position), _ b: (scalar: Unicode.Scalar, key: Position),
                              _ c: (scalar: Unicode.Scalar, key: Position), _ w: Double) {
            trigrams += w
            let (fa, fb, fc) = (a.key.finger, b.key.finger, c.key.finger)
            let (ha, hb, hc) = (a.key.hand, b.key.hand, c.key.hand)
            if ha != hb && hb != hc {
                // Alternation (overrides the one-hand classes); an alternation-sfs is left out.
                if !(fa == fc && a.scalar != c.scalar) { alternation += w }
                return
            }
            if ha == hb && hb == hc {
                let first = inward(fa, fb, hand: ha), second = inward(fb, fc, hand: ha)
                if let first, let second, first == second {
                    if first { rollIn += w } else { rollOut += w }
                } else if let first, let second, first != second, fa != fc {
                    let usesIndex = [fa, fb, fc].contains(4) || [fa, fb, fc].contains(7)
                    if usesIndex { redirect += w }
                }
                return
            }
            // Two on one hand, one on the other: a bigram roll, by the direction of the same-hand pair.
            let pair = ha == hb ? (fa, fb, ha) : (fb, fc, hb)
            if let direction = inward(pair.0, pair.1, hand: pair.2) {
                if direction { rollIn += w } else { rollOut += w }
            }
        }

        /// True when moving from finger `x` to `y` goes towards the thumb side; nil for the same finger.
        func inward(_ x: Int, _ y: Int, hand: Int) -> Bool? {
            if x == y { return nil }
            return hand == 0 ? y > x : y < x
        }

        func report() -> [(name: String, value: Double)] {
            func percent(_ value: Double, of total: Double) -> Double { total > 0 ? 100 * value / total : 0 }
            return [("sfb", percent(sfb, of: input)), ("lsb", percent(lsb, of: input)), ("scissors", percent(scissors, of: input)),
                    ("pinky_scissors", percent(pinkyScissors, of: input)), ("sfs", percent(sfs, of: input)),
                    ("roll_in", percent(rollIn, of: trigrams)), ("roll_out", percent(rollOut, of: trigrams)),
                    ("redirect", percent(redirect, of: trigrams)), ("alternation", percent(alternation, of: input)),
                    ("pinky_off", percent(pinkyOff, of: input)), ("pinky_usage", percent(pinkyPresses, of: presses))]
        }
    }
}
