import Testing
@testable import KeyForgeCore

/// Layouts from rows of text (`--layout @FILE`): rows matched to the board's logical rows by column.
@Suite("Layout rows")
struct LayoutRowsTests {
    /// The 42-key split board with a corne-like base layout: TAB / NONE / SHIFT and BACKSPACE / NONE / ESC
    /// on the outer columns, NONE NONE SPACE | ENTER NONE NONE on the thumbs.
    static let board: Keyboard = {
        var board = OptimizedFixtures.split42()
        let star = Array(repeating: Keyboard.alphaMarker, count: 10)
        board.baseLayout = ["TAB"] + star + ["BACKSPACE", "NONE"] + star + ["NONE", "SHIFT"] + star + ["ESC"]
            + ["NONE", "NONE", "SPACE", "ENTER", "NONE", "NONE"]
        return board
    }()

    static let keycodes = KeycodeTable(names: KeycodeTable.requiredNames.union(["ESC"]),
                                       aliases: ["BSPC": "BACKSPACE", "SPC": "SPACE"], emptyTokens: ["NONE", "KC_NO"])

    static let colemakDH = Array("qwfpbjluy;arstgmneiozxcdvkh,./").map { String($0) }

    static func parse(_ text: String) throws -> Layout {
        try Layout.parse(rows: text, for: board, keycodes: keycodes)
    }

    static func error(_ text: String) -> ValidationError? {
        do { _ = try parse(text); return nil } catch { return error as? ValidationError }
    }

    /// The symbols of the alpha block, in key order.
    static func alpha(_ layout: Layout) -> [String?] { board.alphaKeys.map { layout.symbols[$0] } }

    @Test("every row of the board, tokens with extra spaces between the halves, comments and blank lines skipped")
    func fullRows() throws {
        let layout = try Self.parse("""
        # colemak-dh on a corne
        TAB   q w f p b        j l u y ;   BSPC

        NONE  a r s t g        m n e i o   NONE
          # the bottom row
        SHIFT z x c d v        k h , . /   ESC
                 NONE NONE SPC    ENTER KC_NO NONE
        """)
        #expect(Self.alpha(layout) == Self.colemakDH)
        #expect(layout.symbols[0] == "TAB" && layout.symbols[11] == "BACKSPACE" && layout.symbols[12] == nil)
        #expect(Array(layout.symbols[36...]) == [nil, nil, "SPACE", "ENTER", nil, nil])
    }

    @Test("three lines of the alpha block only, one character per symbol; the base layout fills the rest")
    func alphaRows() throws {
        let layout = try Self.parse("qwfpbjluy;\narstgmneio\nzxcdvkh,./\n")
        #expect(Self.alpha(layout) == Self.colemakDH)
        #expect(layout == (try Layout.parse(Self.colemakDH.joined(), for: Self.board, keycodes: Self.keycodes)))
    }

    @Test("runs of one-character symbols separated by the split's spaces, upper case folded, CRLF line ends")
    func runsAndCRLF() throws {
        let layout = try Self.parse("QWFPB   JLUY;\r\narstg   mneio\r\n\r\nzxcdv   kh,./\r\n")
        #expect(Self.alpha(layout) == Self.colemakDH)
    }

    @Test("a row key names and runs mixed: TAB qwfpb jluy; BSPC")
    func mixedRow() throws {
        let layout = try Self.parse("""
        TAB qwfpb jluy; BSPC
        NONE arstg mneio NONE
        SHIFT zxcdv kh,./ ESC
        NONE NONE SPACE ENTER NONE NONE
        """)
        #expect(Self.alpha(layout) == Self.colemakDH)
        #expect(layout.symbols[11] == "BACKSPACE")
    }

    @Test("a single line is a layout string: every key or the alpha block in key order")
    func singleLine() throws {
        let layout = try Self.parse("# one line\nqwfpb jluy; arstg mneio zxcdv kh,./\n")
        #expect(Self.alpha(layout) == Self.colemakDH)
    }

    @Test("a ragged row names the row, its line and the expected count")
    func raggedRow() {
        let long = Self.error("qwfpbjluy;\narstgmneiox\nzxcdvkh,./")
        #expect(long?.description == "layout row 1 (line 2): has 11 symbols; test_split's row 1 has 10 alpha keys")
        let short = Self.error("""
        TAB qwfpb jluy; BSPC
        NONE arstg mneio NONE
        SHIFT zxcdv kh,./ ESC
        NONE SPACE ENTER NONE NONE
        """)
        #expect(short?.description == "layout row 3 (line 4): has 5 symbols; test_split's row 3 has 6 keys")
    }

    @Test("the wrong number of rows says how many the board has")
    func wrongRowCount() {
        #expect(Self.error("qwfpbjluy;\narstgmneio")?.description
                == "layout: has 2 rows; test_split has 4 or 3 (the rows of the alpha block)")
        #expect(Self.error("# nothing\n\n   \n")?.description == "layout: has no rows (only blank lines or # comments)")
    }

    @Test("an unknown upper-case word is read as letters, and a count mismatch then says it may be a misspelled name")
    func misspelledName() {
        let error = Self.error("TAB qwfpb jluy; BACKSPCE\nNONE arstg mneio NONE\nSHIFT zxcdv kh,./ ESC\nNONE NONE SPACE ENTER NONE NONE")
        #expect(error?.description == "layout row 0 (line 1): has 19 symbols; test_split's row 0 has 12 keys"
                + " (\"BACKSPCE\" is not a key name, so it was read as 8 one-character symbols)")
        let single = Self.error("qwfpb jluy; arstg mneio zxcdv kh,. SLASH")
        #expect(single?.message.hasSuffix("(\"SLASH\" is not a key name, so it was read as 5 one-character symbols)") == true)
    }

    @Test("rows follow the logical columns, not the order of the keys in the file")
    func columnOrder() throws {
        var board = Self.board
        board.keys.swapAt(0, 1)  // key 0 is now the column-1 key, key 1 the column-0 key
        let text = "TAB qwfpb jluy; BSPC\nNONE arstg mneio NONE\nSHIFT zxcdv kh,./ ESC\nNONE NONE SPACE ENTER NONE NONE"
        let layout = try Layout.parse(rows: text, for: board, keycodes: Self.keycodes)
        // key 1 is now column 0, so it takes the row's first symbol (TAB), and key 0 (column 1) the second (q).
        #expect(layout.symbols[1] == "TAB" && layout.symbols[0] == "q")
        #expect(Layout.keyRows(of: board)[0].prefix(2) == [1, 0])
    }
}
