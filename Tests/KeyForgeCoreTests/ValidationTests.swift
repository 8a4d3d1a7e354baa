import Testing
@testable import KeyForgeCore

@Suite("Validation at the boundary")
struct ValidationTests {
    static func error(_ body: () throws -> Void) -> ValidationError? {
        do { try body(); return nil } catch { return error as? ValidationError }
    }

    @Test("finger 7 is rejected naming the key and the field")
    func finger() {
        let board = Keyboard(name: "b", keys: [Key(hand: 0, finger: 1, row: 0, col: 0, x: 0, y: 0),
                                               Key(hand: 0, finger: 7, row: 0, col: 1, x: 1, y: 0)])
        let found = Self.error { try board.validate() }
        #expect(found?.field == "keys[1].finger")
        #expect(found?.message.contains("got 7") == true)
    }

    @Test("non-finite geometry and two home keys on one finger are rejected")
    func geometry() {
        let nan = Keyboard(name: "b", keys: [Key(hand: 0, finger: 1, row: 0, col: 0, x: .nan, y: 0)])
        #expect(Self.error { try nan.validate() }?.field == "keys[0].x")
        let homes = Keyboard(name: "b", keys: [Key(hand: 0, finger: 1, row: 0, col: 0, x: 0, y: 0, isHome: true),
                                               Key(hand: 0, finger: 1, row: 0, col: 1, x: 1, y: 0, isHome: true)])
        #expect(Self.error { try homes.validate() }?.field == "keys[1].home")
    }

    @Test("an unknown rubric name, NaN, infinity and out-of-range values are rejected naming the parameter")
    func rubric() {
        var rubric = Rubric()
        #expect(Self.error { try rubric.set("sfb_bass", 1) }?.field == "sfb_bass")
        #expect(Self.error { try rubric.set("sfb_base", .nan) }?.message.contains("finite") == true)
        #expect(Self.error { try rubric.set("lsb", .infinity) }?.field == "lsb")
        #expect(Self.error { try rubric.set("trigram_coverage", 1.5) }?.field == "trigram_coverage")
        #expect(Self.error { try rubric.set("trigram_limit", 10.5) }?.message.contains("whole") == true)
        #expect(Self.error { try rubric.setEffort([1, 1, 1]) }?.field == "effort")
        #expect(Self.error { try rubric.setEffort([1, 1, .nan, 1, 1]) }?.field == "effort[2]")
        #expect(rubric["sfb_base"] == 400)
    }

    @Test("the default rubric has docs/PHYSICS.md section 7's values")
    func defaults() {
        let rubric = Rubric()
        #expect(rubric.effort == [1.0, 1.0, 1.1, 1.3, 1.6])
        #expect(rubric["sfb_base"] == 400 && rubric["imbalance_weight"] == 20_000 && rubric["trigram_limit"] == 50_000)
        #expect(rubric["travel_lateral"] == 3.5 && rubric["imbalance_allowance"] == 0.05 && rubric["trigram_coverage"] == 0.99)
    }

    static let board = Keyboard(name: "tiny", keys: (0..<4).map { Key(hand: $0 / 2, finger: 1 + $0 % 2, row: 0, col: $0, x: Double($0), y: 0) },
                                baseLayout: ["*", "*", "*", "SPACE"])

    @Test("a layout longer or shorter than the board is rejected with both counts")
    func layoutLength() {
        for text in ["abcde", "ab", "a b c d e"] {
            let found = Self.error { _ = try Layout.parse(text, for: Self.board, keycodes: .minimal) }
            #expect(found?.field == "layout")
            #expect(found?.message.contains("tiny takes 4 (every key) or 3 (the alpha block)") == true)
        }
    }

    @Test("layout strings: per character, tokens, alpha block, empty keys, and lower-casing")
    func layoutForms() throws {
        #expect(try Layout.parse("ABCD", for: Self.board, keycodes: .minimal).symbols == ["a", "b", "c", "d"])
        #expect(try Layout.parse("abc", for: Self.board, keycodes: .minimal).symbols == ["a", "b", "c", "SPACE"])
        #expect(try Layout.parse("a NONE SPACE ENTER", for: Self.board, keycodes: .minimal).symbols == ["a", nil, "SPACE", "ENTER"])
        let unknown = Self.error { _ = try Layout.parse("a FOO c d", for: Self.board, keycodes: .minimal) }
        #expect(unknown?.field == "layout[1]")
    }
}
