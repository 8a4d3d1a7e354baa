import KeyForgeCore
import Testing

/// The cyanophage-ergo profile (docs/PROFILES.md), worked by hand on a few words.
@Suite("Compatibility profile cyanophage-ergo")
struct ProfileTests {
    /// The profile's board as a Keyboard: only rows and columns matter to the profile.
    static let board = Keyboard(name: CyanophageErgo.keyboardName, keys: CyanophageErgo.positions.map { position in
        Key(hand: position.hand, finger: position.finger <= 5 ? 5 - position.finger : position.finger - 6,
            row: position.row, col: position.col, x: Double(position.col), y: Double(position.row))
    })
    static let qwerty = "qwertyuiop-asdfghjkl;'zxcvbnm,./\\^"

    static func layout(_ text: String, thumb: CyanophageErgo.Thumb = .left) throws -> Layout {
        Layout(symbols: try CyanophageErgo.tokens(fromLayoutString: text, thumb: thumb).map { $0 == "NONE" ? nil : $0 })
    }

    static func metrics(_ text: String, _ words: [(String, Double)]) throws -> [String: Double] {
        var result: [String: Double] = [:]
        for (name, value) in CyanophageErgo.metrics(keyboard: board, layout: try layout(text), words: words.map { ($0.0, $0.1) }) {
            result[name] = value
        }
        return result
    }

    static func expect(_ actual: [String: Double], _ expected: [String: Double]) {
        #expect(Set(actual.keys) == Set(CyanophageErgo.metricNames))
        for name in CyanophageErgo.metricNames {
            #expect(abs((actual[name] ?? .nan) - (expected[name] ?? 0)) < 1e-9, "\(name): \(actual[name] ?? .nan) vs \(expected[name] ?? 0)")
        }
    }

    @Test("the, hello, world, bob's on qwerty: sfb, sfs, alternation (sfs variant left out), pinky presses")
    func alternationCase() throws {
        // Weights the 5, hello 2, world 1.5, bob's 0.5. Input length = 5*4 + 2*6 + 1.5*6 + 0.5*6 = 44.
        // Fingers: t 4, h 7, e 3, l 9, o 9, w 2, r 4, d 3, b 4, ' 10, s 2.
        // sfb: "lo" in hello (l and o both finger 9): 2 -> 2/44.
        // sfs: hello l_o (i = 4, two back is l): 2; world o_l: 1.5 -> 3.5/44.
        // Trigrams, alternation: the (4,7,3) 5; hel (7,3,9) 2; wor (2,9,4) 1.5; orl (9,4,9, o != l) is an
        // alternation-sfs, left out; rld (4,9,3) 1.5; bob (4,9,4, same character: not an sfs) 0.5; ob' 0.5;
        // b's 0.5 -> 11.5/44 (of the input length). ell and llo hold a repeated finger: no class.
        // pinky_off: ' at row 1 column 11, 0.5 -> 0.5/44. pinky_usage: ' (finger 10) 0.5 of 35 presses.
        let metrics = try Self.metrics(Self.qwerty, [("the", 5), ("hello", 2), ("world", 1.5), ("bob's", 0.5)])
        Self.expect(metrics, ["sfb": 200.0 / 44, "sfs": 350.0 / 44, "alternation": 1150.0 / 44, "pinky_off": 50.0 / 44,
                              "pinky_usage": 50.0 / 35])
    }

    @Test("rolls, redirects (weak ones left out), a bigram roll, lsb, scissors and pinky scissors")
    func rollCase() throws {
        // Each weight 1; input length = 4+4+4+4+3+3+3+4 = 29; trigram positions: sdf fds sfd ads sdh = 5.
        // sdf (2,3,4 left, inward) roll-in; fds roll-out; sfd (2,4,3) a redirect with the index; ads (1,3,2)
        // a weak redirect (no index): not reported; sdh (2,3 then the right hand) a bigram roll-in.
        // et: columns 3 -> 5, an lsb. xe: columns 2 -> 3, rows 2 -> 0, fingers 2 and 3: a scissor.
        // qs: columns 1 -> 2, rows 0 -> 1, q on the pinky: a pinky scissor. pinky_off: q (row 0 column 1).
        // pinky_usage: a and q (finger 1) of 29 - 8 = 21 presses.
        let metrics = try Self.metrics(Self.qwerty, [("sdf", 1), ("fds", 1), ("sfd", 1), ("ads", 1), ("et", 1), ("xe", 1),
                                                     ("qs", 1), ("sdh", 1)])
        Self.expect(metrics, ["lsb": 100.0 / 29, "scissors": 100.0 / 29, "pinky_scissors": 100.0 / 29, "roll_in": 40, "roll_out": 20,
                              "redirect": 20, "pinky_off": 100.0 / 29, "pinky_usage": 200.0 / 21])
    }

    @Test("a character off the layout is skipped: no bigram across it; a trigram still spans the last two processed keys")
    func skipped() throws {
        // s1df: '1' is not on the layout. d (i = 2): its previous character is '1', so no bigram. f (i = 3):
        // the previous character d is on the layout and two keys (s, d) came before: the trigram s d f
        // (2,3,4) is a roll-in, and df is a bigram. Input length 5; presses 3; one trigram position.
        // sfs at f: two back is '1', off the layout: none.
        let metrics = try Self.metrics(Self.qwerty, [("s1df", 1)])
        Self.expect(metrics, ["roll_in": 100, "pinky_usage": 0])
    }

    @Test("layout strings: 34 characters, the thumb side, ^ as SHIFT on the thumb, = an ordinary symbol")
    func layoutStrings() throws {
        let left = try CyanophageErgo.tokens(fromLayoutString: Self.qwerty, thumb: .left)
        let right = try CyanophageErgo.tokens(fromLayoutString: Self.qwerty, thumb: .right)
        let thumbLeft = CyanophageErgo.positions.firstIndex(of: .init(row: 3, col: 4))!
        let thumbRight = CyanophageErgo.positions.firstIndex(of: .init(row: 3, col: 7))!
        #expect(left[thumbLeft] == "SHIFT" && left[thumbRight] == "NONE")
        #expect(right[thumbRight] == "SHIFT" && right[thumbLeft] == "NONE")
        #expect(left[CyanophageErgo.positions.firstIndex(of: .init(row: 2, col: 0))!] == "\\")
        #expect(left[CyanophageErgo.positions.firstIndex(of: .init(row: 0, col: 11))!] == "-")
        #expect(left[CyanophageErgo.positions.firstIndex(of: .init(row: 1, col: 11))!] == "'")
        for empty in [CyanophageErgo.Position(row: 0, col: 0), .init(row: 1, col: 0), .init(row: 2, col: 11)] {
            #expect(left[CyanophageErgo.positions.firstIndex(of: empty)!] == "NONE")
        }
        // = is typed on its key like any character (it used to mean an empty key).
        let equals = try CyanophageErgo.tokens(fromLayoutString: "=" + Self.qwerty.dropFirst(), thumb: .left)
        #expect(equals[CyanophageErgo.positions.firstIndex(of: .init(row: 0, col: 1))!] == "=")
        // A letter on the thumb is a letter; ^ elsewhere is a character.
        let thumbE = try CyanophageErgo.tokens(fromLayoutString: "qwrtyuiop^-asdfghjkl;'zxcvbnm,./\\e", thumb: .right)
        #expect(thumbE[thumbRight] == "e" && thumbE[CyanophageErgo.positions.firstIndex(of: .init(row: 0, col: 10))!] == "^")
        #expect(throws: ValidationError.self) { try CyanophageErgo.tokens(fromLayoutString: "qwerty", thumb: .left) }
        #expect(throws: ValidationError.self) { try CyanophageErgo.tokens(fromLayoutString: "qwertyuiop- sdfghjkl;'zxcvbnm,./\\^", thumb: .left) }
        #expect(CyanophageErgo.positions.map(\.finger) == [1, 1, 2, 3, 4, 4, 7, 7, 8, 9, 10, 10, 1, 1, 2, 3, 4, 4, 7, 7, 8, 9, 10, 10,
                                                          1, 1, 2, 3, 4, 4, 7, 7, 8, 9, 10, 10, 5, 6, 6, 6])
    }

    @Test("= on the top-right pinky key is typed like any symbol: its bigrams, trigrams and presses count")
    func equalsSign() throws {
        // qwerty with = in place of - (row 0 column 11, finger 10). Words: "a=b" weight 2, "p=" weight 1.
        // Input length = 2 * 4 + 1 * 3 = 11. Presses: a = b (2 each: 6), p = (1 each: 2): 8.
        // p (row 0 column 10) and = (row 0 column 11) are both finger 10, different characters: an sfb of
        // weight 1; not a pinky scissor (same row). a= (columns 1 and 11): no bigram class; =b neither.
        // Trigram a = b: fingers 1, 10, 4: hands L R L, a and b on different fingers: alternation, 2.
        // pinky_off: = at row 0 column 11, 2 + 1 = 3; p at row 0 column 10, 1: 4 of 11.
        // pinky_usage: a (1) 2, = (10) 3, p (10) 1: 6 of 8 presses.
        let text = "qwertyuiop=asdfghjkl;'zxcvbnm,./\\^"
        let metrics = try Self.metrics(text, [("a=b", 2), ("p=", 1)])
        Self.expect(metrics, ["sfb": 100.0 / 11, "alternation": 200.0 / 11, "pinky_off": 400.0 / 11, "pinky_usage": 600.0 / 8])
    }

    @Test("a layout and its left-right mirror give the same metrics (letters on columns 1-10 of rows 0-2)")
    func mirror() throws {
        let letters = Array("abcdefghijklmnopqrstuvwxyz,.;'")
        let words: [(String, Double)] = [("the", 9), ("of", 5), ("and", 4.5), ("layout", 1), ("quiz", 0.25), ("jinx", 0.5),
                                         ("wavy", 0.75), ("crypt's", 0.2), ("keyboards", 1.5), ("excel", 0.3)]
        var generator = SplitMix64(seed: 7)
        for _ in 0..<20 {
            let shuffled = letters.shuffled(using: &generator)
            // Rows of 10 on columns 1-10; the string's column 11, row 2 column 0 and the thumb hold digits no word types.
            let rows = (0..<3).map { Array(shuffled[$0 * 10..<($0 + 1) * 10]) }
            func string(_ rows: [[Character]]) -> String {
                String(rows[0]) + "1" + String(rows[1]) + "2" + String(rows[2]) + "34"
            }
            let mirrored = rows.map { Array($0.reversed()) }
            let a = try Self.metrics(string(rows), words)
            let b = try Self.metrics(string(mirrored), words)
            for name in CyanophageErgo.metricNames {
                #expect(abs(a[name]! - b[name]!) < 1e-9, "\(name): \(a[name]!) vs \(b[name]!)")
            }
        }
    }

    @Test("a word list as n-grams: each word between spaces, weights scaled to integer counts, repeats summed")
    func wordListRecords() throws {
        let list = try WordList([("Ab", 1), ("c", 0.5), ("ab", 1)])
        #expect(list.entries.map(\.word) == ["ab", "c"] && list.entries.map(\.weight) == [2, 0.5])
        let records = list.records()
        // Characters: 2 * 3 + 0.5 * 2 = 7 per unit; scale 10^9 / 7.
        let ab = Int64((2 * 1e9 / 7).rounded()), c = Int64((0.5 * 1e9 / 7).rounded())
        #expect(records.words == ["ab": ab, "c": c])
        #expect(records.unigrams == ["a": ab, "b": ab, "c": c, "SPACE": ab + c])
        #expect(records.bigrams == [SymbolPair("SPACE", "a"): ab, SymbolPair("a", "b"): ab, SymbolPair("b", "SPACE"): ab,
                                    SymbolPair("SPACE", "c"): c, SymbolPair("c", "SPACE"): c])
        #expect(records.trigrams == [SymbolTriple("SPACE", "a", "b"): ab, SymbolTriple("a", "b", "SPACE"): ab,
                                     SymbolTriple("SPACE", "c", "SPACE"): c])
        #expect(throws: ValidationError.self) { try WordList([("a b", 1)]) }
        #expect(throws: ValidationError.self) { try WordList([("a", -1)]) }
        #expect(throws: ValidationError.self) { try WordList([("a", .nan)]) }
        #expect(throws: ValidationError.self) { try WordList([("a", 0)]) }
    }
}
