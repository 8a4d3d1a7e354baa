import Testing
@testable import KeyForgeCore

/// Rows text with sections (docs/LAYOUTS.md, "Layers and magic rules"): `[shift]`, `[shift] default`,
/// `[layer NAME]` and `[magic]` after the base rows, read and written back.
@Suite("Layout rows sections")
struct LayoutSectionsTests {
    static let board = LayoutRowsTests.board
    static let keycodes = KeycodeTable(names: KeycodeTable.requiredNames.union(["ESC", "REPEAT", "MAGIC"]),
                                       aliases: ["BSPC": "BACKSPACE", "SPC": "SPACE", "QK_AREP": "MAGIC"], emptyTokens: ["NONE", "KC_NO"])

    static let base = """
    TAB   q w f p b        j l u y ;   BSPC
    NONE  a r s t g        m n e i o   NONE
    SHIFT z x c d v        k h , . /   ESC
          NONE MO(sym) SPACE   ENTER REPEAT MAGIC
    """

    static func parse(_ text: String) throws -> Layout {
        try Layout.parse(rows: text, for: board, keycodes: keycodes)
    }

    static func error(_ text: String) -> ValidationError? {
        do { _ = try parse(text); return nil } catch { return error as? ValidationError }
    }

    /// The key index of the first key holding `symbol` on the base layer.
    static func key(_ layout: Layout, _ symbol: String) -> Int { layout.symbols.firstIndex(of: symbol)! }

    @Test("a file without sections reads exactly as before: no layers, no rules")
    func noSections() throws {
        let layout = try Self.parse(Self.base)
        #expect(layout.layers.isEmpty && layout.magicRules.isEmpty)
        #expect(layout.symbols[Self.key(layout, "q")] == "q")
        // MO(sym) is one token on the base layer, not the characters M, O, (, s, y, m, ).
        #expect(layout.symbols.contains("MO(sym)") && layout.symbols.contains("REPEAT") && layout.symbols.contains("MAGIC"))
    }

    @Test("[shift] default gives the board's default shift layer; [layer sym] rows keep their case; [magic] takes three spellings")
    func sections() throws {
        let layout = try Self.parse(Self.base + """

        [shift] default

        # the symbol layer, alpha rows only: keys outside the block type nothing on it
        [layer sym]
        ! @ \\# $ %    ^ & * ( )
        1 2 3 4 5    6 7 8 9 0
        Q W E R T    Y U I O P

        [magic]
        e u
        u->e
        s -> c
        -->>
        """)
        let shift = try #require(layout.shiftLayer)
        #expect(shift.symbols == Layout.defaultShiftSymbols(for: layout.symbols))
        #expect(shift.symbols[Self.key(layout, "q")] == "Q" && shift.symbols[Self.key(layout, ";")] == ":")
        let sym = try #require(layout.layer(named: "sym"))
        let alpha = Self.board.alphaKeys
        // `\#` is the symbol #; capitals stay capitals on a layer.
        #expect(alpha.map { sym.symbols[$0] ?? "·" }.joined() == "!@#$%^&*()1234567890QWERTYUIOP")
        #expect(sym.symbols.indices.filter { !alpha.contains($0) }.allSatisfy { sym.symbols[$0] == nil })
        #expect(layout.magicRules == [MagicRule(after: "e", output: "u"), MagicRule(after: "u", output: "e"),
                                      MagicRule(after: "s", output: "c"), MagicRule(after: "-", output: ">")])
        #expect(layout.layers.map(\.name) == ["shift", "sym"])
    }

    @Test("[shift] with rows: alpha rows replace the block's shifted symbols, keys outside keep their default")
    func shiftRows() throws {
        let layout = try Self.parse(Self.base + """

        [layer sym]
        NONE NONE NONE NONE NONE NONE NONE NONE NONE NONE
        NONE NONE NONE NONE NONE NONE NONE NONE NONE NONE
        NONE NONE NONE NONE NONE NONE NONE NONE NONE NONE
        [shift]
        Q W F P B  J L U Y :
        A R S T G  M N E I O
        Z X C D V  K H ; ! ?
        """)
        let shift = try #require(layout.shiftLayer)
        #expect(layout.layers.first?.name == "shift", "the shift layer comes first whatever the file's order")
        #expect(shift.symbols[Self.key(layout, ",")] == ";" && shift.symbols[Self.key(layout, ".")] == "!")
        // The board's other keys (TAB, BACKSPACE, ...) have no default shifted symbol.
        #expect(shift.symbols[Self.key(layout, "TAB")] == nil)
    }

    @Test("rowsText writes what parse(rows:) reads back: base, shift, layers and rules the same")
    func roundTrip() throws {
        let text = Self.base + """

        [shift]
        Q W F P B  J L U Y :
        A R S T G  M N E I O
        Z X C D V  K H < > ?
        [layer sym]
        \\# ! @ $ %    ^ & * ( )
        1 2 3 4 5    6 7 8 9 0
        ~ ` [ ] -    = + { } |
        [magic]
        e u
        \\# ->  !
        """
        let layout = try Self.parse(text)
        let written = layout.rowsText(for: Self.board)
        #expect(try Self.parse(written) == layout)
        #expect(written.contains("\n[layer sym]\n") && written.contains("\n[magic]\ne -> u\n\\# -> !\n"))
        // A default shift layer is written as `[shift] default`.
        let plain = try Self.parse(Self.base + "\n[shift] default\n[layer sym]\n" + String(repeating: "NONE ", count: 30))
        let plainText = plain.rowsText(for: Self.board)
        #expect(plainText.contains("\n[shift] default\n"))
        #expect(try Self.parse(plainText) == plain)
    }

    @Test("bad sections are one clear error naming the line", arguments: [
        ("\n[magic]\ne u v", "layout [magic] line 6", "a rule is two symbols"),
        ("\n[layer Sym]\n", "layout line 5", "layer name \"Sym\""),
        ("\n[layer sym]\n" + String(repeating: "NONE ", count: 29), "layout [layer sym] (line 5)", "has 29 symbols on one line"),
        ("\n[shift] default\nQ W", "layout [shift] (line 5)", "takes no rows"),
        ("\n[magic]\ne u\n[magic]\nu e", "layout line 7", "[magic] appears twice (first on line 5)"),
        ("\n[layer sym]\n" + String(repeating: "NONE ", count: 30) + "\n[magic]\ne u\ne i", "magic[1]", "a second rule after \"e\""),
        ("\n[layer sym]\n" + String(repeating: "NONE ", count: 30) + "\n[magic]\ne MAGIC", "layout [magic] line 8", "cannot name MAGIC"),
        ("\n[magic]\ne u", "layout[37]", "reaches layer \"sym\", which the layout does not have"),
    ])
    func errors(tail: String, field: String, message: String) throws {
        let error = try #require(Self.error(Self.base + tail))
        #expect(error.field == field, "\(error)")
        #expect(error.message.contains(message), "\(error)")
    }

    @Test("a layer no key reaches, and a layer key on a layer, are refused")
    func unreachable() throws {
        let noKey = """
        TAB   q w f p b        j l u y ;   BSPC
        NONE  a r s t g        m n e i o   NONE
        SHIFT z x c d v        k h , . /   ESC
              NONE NONE SPACE   ENTER REPEAT MAGIC
        """
        let error = try #require(Self.error(noKey + "\n[layer sym]\n" + String(repeating: "NONE ", count: 30)))
        #expect(error.field == "layers.sym" && error.message.contains("no key reaches it"))
        let onLayer = try #require(Self.error(Self.base + "\n[layer sym]\nMO(sym) " + String(repeating: "NONE ", count: 29)))
        #expect(onLayer.message.contains("holds MO(sym); layer keys, REPEAT and MAGIC go on the base layer"), "\(onLayer)")
    }
}
