import Glibc
import Testing
import KeyForgeCore
import KeyForgeSystem
import KeyForgeWire
import KeyForgeServices

/// `export --merge`: three keymaps written by hand in QMK's and ZMK's documented formats (Tests/KeymapFixtures)
/// take a new layout; only the base layer's letter and punctuation keycodes may change, and the result compiles.
@Suite("Keymap merge")
struct KeymapMergeTests {
    static let fixtures = "\(ExportTests.root)/Tests/KeymapFixtures"
    static let folder = "/tmp/keyforge-merge-test-\(getpid())"

    static func fixture(_ name: String) throws -> [UInt8] { try FileSystem.readFile("\(fixtures)/\(name)") }

    static func merge(_ name: String, _ format: LayoutExport.Format, board: String, layout: String,
                      bytes: [UInt8]? = nil) throws -> KeymapMerge.Result {
        try KeymapMerge.merge(try bytes ?? fixture(name), source: name, format: format, try ExportTests.input(board, layout))
    }

    /// The file as alternating separators and words: a word is a run of letters, digits and '_', or one other
    /// non-space character; a separator is the white space and comments between (kept as text to compare).
    static func words(_ text: String) -> [(word: String, offset: Int)] {
        var result: [(String, Int)] = []
        let bytes = Array(text.utf8)
        var index = 0
        func isWord(_ byte: UInt8) -> Bool { (byte >= 48 && byte <= 57) || (byte >= 65 && byte <= 90) || (byte >= 97 && byte <= 122) || byte == 95 }
        while index < bytes.count {
            if bytes[index] == 32 || bytes[index] == 10 || bytes[index] == 9 { index += 1; continue }
            let start = index
            if isWord(bytes[index]) { while index < bytes.count && isWord(bytes[index]) { index += 1 } } else { index += 1 }
            result.append((String(decoding: bytes[start..<index], as: UTF8.self), start))
        }
        return result
    }

    /// The words that differ between `old` and `new`, which must have the same words apart from those and the
    /// same white space between them (checked by comparing the texts with the differing words blanked out).
    static func changedWords(_ old: String, _ new: String) -> [(old: String, new: String, offset: Int)]? {
        let before = words(old), after = words(new)
        guard before.count == after.count else { return nil }
        var changes: [(String, String, Int)] = []
        var oldRest = "", newRest = ""
        var oldIndex = old.utf8.startIndex, newIndex = new.utf8.startIndex
        for (a, b) in zip(before, after) {
            let oldStart = old.utf8.index(old.utf8.startIndex, offsetBy: a.offset)
            let newStart = new.utf8.index(new.utf8.startIndex, offsetBy: b.offset)
            oldRest += String(old[oldIndex..<oldStart]); newRest += String(new[newIndex..<newStart])
            oldIndex = old.utf8.index(oldStart, offsetBy: a.word.utf8.count)
            newIndex = new.utf8.index(newStart, offsetBy: b.word.utf8.count)
            if a.word != b.word { changes.append((a.word, b.word, a.offset)) } else { oldRest += a.word; newRest += b.word }
        }
        oldRest += String(old[oldIndex...]); newRest += String(new[newIndex...])
        return oldRest == newRest ? changes : nil
    }

    /// `git diff --no-index --word-diff=porcelain` of the two texts: the removed and the added words.
    static func gitWordDiff(_ old: String, _ new: String, name: String) throws -> (removed: [String], added: [String]) {
        try FileSystem.makeDirectories(folder)
        let a = "\(folder)/\(name).before", b = "\(folder)/\(name).after"
        try FileSystem.writeFileAtomically(a, Array(old.utf8))
        try FileSystem.writeFileAtomically(b, Array(new.utf8))
        let output = QMKFixtureHeader.shell("git diff --no-index --word-diff=porcelain --word-diff-regex='[A-Za-z0-9_]+|[^[:space:]]' '\(a)' '\(b)'").output
        // Porcelain lines: "-text" removed, "+text" added; git may group neighbouring changed words with the
        // separators between them, so the hunks are split into words.
        var removed: [String] = [], added: [String] = []
        for line in output.split(separator: "\n") where !line.hasPrefix("---") && !line.hasPrefix("+++") {
            guard line.hasPrefix("-") || line.hasPrefix("+") else { continue }
            let text = line.dropFirst()
            let words = text.split(whereSeparator: { !($0.isLetter || $0.isNumber || $0 == "_") }).map(String.init)
            if line.hasPrefix("-") { removed += words } else { added += words }
        }
        return (removed, added)
    }

    /// QMK's basic keycodes of letters and unshifted punctuation (docs/keycodes.md): what may change.
    static let qmkAlphaKeycodes: Set<String> = Set("ABCDEFGHIJKLMNOPQRSTUVWXYZ".map { "KC_\($0)" })
        .union(["KC_SCLN", "KC_COMM", "KC_DOT", "KC_SLSH", "KC_QUOT", "KC_MINS"])
    /// ZMK's key names of the same (dt-bindings/zmk/keys.h).
    static let zmkAlphaKeys: Set<String> = Set("ABCDEFGHIJKLMNOPQRSTUVWXYZ".map { String($0) })
        .union(["SEMI", "COMMA", "DOT", "FSLH", "SQT", "MINUS"])

    // MARK: Corne keymap.c, home-row mods, four layers

    @Test("corne keymap.c + graphite: only base-layer alpha keycodes change, wrappers kept, it compiles")
    func corneKeymapC() throws {
        let original = String(decoding: try Self.fixture("corne-hrm.keymap.c"), as: UTF8.self)
        let result = try Self.merge("corne-hrm.keymap.c", .qmk, board: "corne", layout: "graphite")
        let changes = try #require(Self.changedWords(original, result.text), "only whole words may change; spacing and comments stay")
        let baseEnd = try #require(original.utf8.firstRange(of: "[_LOWER]".utf8)?.lowerBound)
        let baseEndOffset = original.utf8.distance(from: original.utf8.startIndex, to: baseEnd)
        #expect(!changes.isEmpty)
        for change in changes {
            #expect(Self.qmkAlphaKeycodes.contains(change.old) && Self.qmkAlphaKeycodes.contains(change.new), "\(change)")
            #expect(change.offset < baseEndOffset, "a change outside the base layer: \(change)")
        }
        #expect(changes.count == result.changedKeys)
        // Hand-worked from graphite's rows (b l d w z ' f o u j / n r t s g y h a e i / q x m c v k p . - /) on
        // the corne's alpha block: the home row's first key (A) becomes N inside its mod-tap, the last (;) I.
        #expect(result.text.contains("LGUI_T(KC_N), LALT_T(KC_R), LCTL_T(KC_T), LSFT_T(KC_S), KC_G,"))
        #expect(result.text.contains("KC_Y, RSFT_T(KC_H), RCTL_T(KC_A), LALT_T(KC_E), RGUI_T(KC_I), KC_QUOT,"))
        #expect(result.text.contains("KC_B,    KC_L,    KC_D,    KC_W,    KC_Z,"))
        #expect(result.text.contains("LT(_RAISE, KC_SLSH)"), "graphite keeps '/' there, so the layer-tap is unchanged")
        // The comment, the string and the combos that name KC_A / KC_Q / KC_W are untouched.
        #expect(result.text.contains("\"KC_A\" in this comment") && result.text.contains("SEND_STRING(\"Regards, (KC_Q)\\n\")"))
        #expect(result.text.contains("{KC_W, KC_E, COMBO_END}"))
        // ';' and ',' leave the base layer: ';' is on layer 1 (row 1, column 10), ',' nowhere else.
        #expect(result.notes.contains { $0.hasPrefix("';' leaves the base layer") && $0.contains("layer 1, row 1, column 10") })
        #expect(result.notes.contains { $0.hasPrefix("',' leaves the base layer") && $0.contains("nowhere") })

        let git = try Self.gitWordDiff(original, result.text, name: "corne")
        // git aligns words by their longest common run, so it may list more words than changed (a KC_M that moved
        // reads as removed and added) and regroup the commas between them; what matters is that every word it
        // lists is a letter or mark keycode (the exact one-for-one check is `changedWords` above).
        #expect(!git.removed.isEmpty && !git.added.isEmpty)
        #expect(git.removed.allSatisfy(Self.qmkAlphaKeycodes.contains) && git.added.allSatisfy(Self.qmkAlphaKeycodes.contains),
                "git word diff: -\(git.removed) +\(git.added)")

        let compiled = try QMKFixtureHeader.compile(result.text, macro: "LAYOUT_split_3x6_3", keyCount: 42, folder: "\(Self.folder)/corne")
        #expect(compiled.status == 0, "\(compiled.output)")
        let before = try QMKFixtureHeader.compile(original, macro: "LAYOUT_split_3x6_3", keyCount: 42, folder: "\(Self.folder)/corne-in")
        #expect(before.status == 0, "the fixture itself compiles: \(before.output)")
    }

    @Test("the compile check fails on a misspelled keycode and on a wrong key count")
    func compileCheckCanFail() throws {
        let original = String(decoding: try Self.fixture("corne-hrm.keymap.c"), as: UTF8.self)
        let misspelled = original.replacingOccurrences("KC_QUOT,", "KC_QUOTE_MARK,")
        #expect(try QMKFixtureHeader.compile(misspelled, macro: "LAYOUT_split_3x6_3", keyCount: 42, folder: "\(Self.folder)/bad1").status != 0)
        #expect(try QMKFixtureHeader.compile(original, macro: "LAYOUT_split_3x6_3", keyCount: 41, folder: "\(Self.folder)/bad2").status != 0)
    }

    @Test("MT(MOD_LSFT, ...) and LT(1, ...) keep their wrapper; a [0] designator marks the base layer wherever it stands")
    func wrappersAndDesignator() throws {
        let transparent = Array(repeating: "KC_TRNS", count: 30).joined(separator: ", ")
        let keymap = """
        #include QMK_KEYBOARD_H
        const uint16_t PROGMEM keymaps[][MATRIX_ROWS][MATRIX_COLS] = {
            [1] = LAYOUT_ortho_3x10(\(transparent)),
            [0] = LAYOUT_ortho_3x10(
                KC_Q, KC_W, KC_E, KC_R, KC_T, KC_Y, KC_U, KC_I, KC_O, KC_P,
                MT(MOD_LSFT, KC_A), LT(1, KC_S), KC_D, KC_F, KC_G, KC_H, KC_J, KC_K, KC_L, KC_SCLN,
                KC_Z, KC_X, KC_C, KC_V, KC_B, KC_N, KC_M, KC_COMM, KC_DOT, KC_SLSH
            )
        };

        """
        let result = try Self.merge("ortho.c", .qmk, board: "ortho_30", layout: "colemak-dh", bytes: Array(keymap.utf8))
        // colemak-dh's home row a r s t g m n e i o: 'a' stays in its mod-tap, 's' becomes 'r' inside LT(1, ...).
        #expect(result.text.contains("MT(MOD_LSFT, KC_A), LT(1, KC_R), KC_S, KC_T, KC_G, KC_M, KC_N, KC_E, KC_I, KC_O,"))
        #expect(result.text.contains("KC_Q, KC_W, KC_F, KC_P, KC_B, KC_J, KC_L, KC_U, KC_Y, KC_SCLN,"))
        #expect(result.text.contains("[1] = LAYOUT_ortho_3x10(\(transparent)),"))
        let compiled = try QMKFixtureHeader.compile(result.text, macro: "LAYOUT_ortho_3x10", keyCount: 30, folder: "\(Self.folder)/ortho")
        #expect(compiled.status == 0, "\(compiled.output)")
    }

    // MARK: Sweep ZMK .keymap with combos

    @Test("sweep .keymap + graphite: &hm LGUI A becomes &hm LGUI N, combos and other layers untouched, shape intact")
    func sweepZMK() throws {
        let original = String(decoding: try Self.fixture("sweep-combos.keymap"), as: UTF8.self)
        let result = try Self.merge("sweep-combos.keymap", .zmk, board: "sweep", layout: "graphite")
        let changes = try #require(Self.changedWords(original, result.text))
        let baseEnd = try #require(original.utf8.firstRange(of: "num_layer".utf8)?.lowerBound)
        let baseEndOffset = original.utf8.distance(from: original.utf8.startIndex, to: baseEnd)
        #expect(changes.count == result.changedKeys && !changes.isEmpty)
        for change in changes {
            #expect(Self.zmkAlphaKeys.contains(change.old) && Self.zmkAlphaKeys.contains(change.new), "\(change)")
            #expect(change.offset < baseEndOffset)
        }
        #expect(result.text.contains("&hm LGUI N   &hm LALT R   &hm LCTRL T  &hm LSHFT S  &kp G"))
        #expect(result.text.contains("&kp Y  &hm RSHFT H  &hm RCTRL A  &hm RALT E   &hm RGUI I"))
        #expect(result.text.contains("key-positions = <0 1>;   // Q + W"))
        let git = try Self.gitWordDiff(original, result.text, name: "sweep")
        #expect(!git.removed.isEmpty && !git.added.isEmpty)
        #expect(git.removed.allSatisfy(Self.zmkAlphaKeys.contains) && git.added.allSatisfy(Self.zmkAlphaKeys.contains), "-\(git.removed) +\(git.added)")
        try ZMKShape.check(result.text, keyCount: 34, layers: 3)
    }

    @Test("a letter whose key the user's keymap gives to something else is reported, the key kept")
    func displacedSymbol() throws {
        var text = String(decoding: try Self.fixture("sweep-combos.keymap"), as: UTF8.self)
        text = text.replacingOccurrences("&hm RGUI SEMI", "&kp BSPC     ")
        let result = try Self.merge("sweep", .zmk, board: "sweep", layout: "graphite", bytes: Array(text.utf8))
        #expect(result.text.contains("&kp BSPC     \n"))
        // graphite puts 'i' on the home row's last key (row 1, column 9); nothing else in the keymap types it.
        #expect(result.notes.contains { $0.hasPrefix("'i' not placed") && $0.contains("row 1, column 9") && $0.contains("nowhere") })
    }

    // MARK: 60 % keymap.json

    @Test("ansi keymap.json + colemak-dh: valid JSON, only the base layer's alpha strings change")
    func ansiKeymapJSON() throws {
        let original = String(decoding: try Self.fixture("ansi-60.keymap.json"), as: UTF8.self)
        let result = try Self.merge("ansi-60.keymap.json", .qmkJSON, board: "ansi", layout: "colemak-dh")
        let before = try #require(try JSONParser.parse(Array(original.utf8)).objectValue?["layers"]?.arrayValue)
        let after = try #require(try JSONParser.parse(Array(result.text.utf8)).objectValue?["layers"]?.arrayValue)
        #expect(after.count == 2 && after.allSatisfy { $0.arrayValue?.count == 61 })
        #expect(before[1] == after[1])
        let oldBase = (before[0].arrayValue ?? []).compactMap { $0.stringValue }
        let newBase = (after[0].arrayValue ?? []).compactMap { $0.stringValue }
        #expect(oldBase.count == 61 && newBase.count == 61)
        let differing = zip(oldBase, newBase).filter { $0 != $1 }
        #expect(differing.allSatisfy { Self.qmkAlphaKeycodes.contains($0.0) && Self.qmkAlphaKeycodes.contains($0.1) })
        // colemak-dh's rows q w f p b j l u y ; / a r s t g m n e i o / z x c d v k h , . / on the 60 %'s rows 1-3.
        #expect(Array(newBase[15...24]) == ["KC_Q", "KC_W", "KC_F", "KC_P", "KC_B", "KC_J", "KC_L", "KC_U", "KC_Y", "KC_SCLN"])
        #expect(newBase[28] == "LT(1, KC_CAPS)" && newBase[29] == "KC_A" && newBase[30] == "KC_R")
        let changes = try #require(Self.changedWords(original, result.text))
        #expect(changes.count == result.changedKeys)
        let git = try Self.gitWordDiff(original, result.text, name: "ansi")
        #expect(!git.removed.isEmpty && !git.added.isEmpty)
        #expect(git.removed.allSatisfy(Self.qmkAlphaKeycodes.contains) && git.added.allSatisfy(Self.qmkAlphaKeycodes.contains))
    }

    // MARK: refusals

    @Test("a base layer of another key count, or a key that cannot be identified, is refused naming row and column")
    func refusals() throws {
        let corne = try Self.fixture("corne-hrm.keymap.c")
        let wrongBoard = ExportTests.error { _ = try Self.merge("corne-hrm.keymap.c", .qmk, board: "sweep", layout: "graphite", bytes: corne) }
        #expect(wrongBoard?.kind == .invalid && wrongBoard?.message.contains("42 keys") == true && wrongBoard?.message.contains("34") == true)

        var text = String(decoding: corne, as: UTF8.self)
        text = text.replacingOccurrences("#include QMK_KEYBOARD_H\n", "#include QMK_KEYBOARD_H\n#define HOME_E LCTL_T(KC_E)\n")
        text = text.replacingOccurrences("KC_W,    KC_E,    KC_R,", "KC_W,  HOME_E,    KC_R,")
        let undefined = ExportTests.error { _ = try Self.merge("x.c", .qmk, board: "corne", layout: "graphite", bytes: Array(text.utf8)) }
        #expect(undefined?.kind == .invalid)
        #expect(undefined?.message.contains("row 0, column 3") == true && undefined?.message.contains("HOME_E") == true, "\(String(describing: undefined))")

        let noKeymap = ExportTests.error { _ = try Self.merge("x.c", .qmk, board: "corne", layout: "graphite", bytes: Array("int x;\n".utf8)) }
        #expect(noKeymap?.kind == .invalid)
        let unterminated = ExportTests.error { _ = try Self.merge("x.c", .qmk, board: "corne", layout: "graphite", bytes: Array("/* open\n".utf8)) }
        #expect(unterminated?.message.contains("line 1") == true)
    }
}

/// The devicetree shape of a ZMK keymap: braces balanced, and every layer of the `zmk,keymap` node has a
/// `bindings` list of exactly `keyCount` bindings (each starting with `&`).
enum ZMKShape {
    struct Failure: Error, CustomStringConvertible { var description: String }

    static func check(_ text: String, keyCount: Int, layers: Int) throws {
        var depth = 0
        var inComment = false
        let characters = Array(text)
        var index = 0
        while index < characters.count {
            if !inComment && characters[index] == "/" && index + 1 < characters.count && characters[index + 1] == "*" { inComment = true; index += 2; continue }
            if inComment && characters[index] == "*" && index + 1 < characters.count && characters[index + 1] == "/" { inComment = false; index += 2; continue }
            if !inComment {
                if characters[index] == "{" { depth += 1 }
                if characters[index] == "}" { depth -= 1; if depth < 0 { throw Failure(description: "a } without its {") } }
            }
            index += 1
        }
        guard depth == 0, !inComment else { throw Failure(description: "unbalanced braces or comment") }
        guard let keymap = text.range(of: "compatible = \"zmk,keymap\";") else { throw Failure(description: "no zmk,keymap node") }
        var counts: [Int] = []
        var rest = keymap.upperBound..<text.endIndex
        while let open = text.range(of: "bindings = <", range: rest), let close = text.range(of: ">;", range: open.upperBound..<text.endIndex) {
            let body = text[open.upperBound..<close.lowerBound].split(separator: "\n").map { $0.split(separator: "//").first ?? "" }.joined(separator: " ")
            counts.append(body.split(whereSeparator: { $0 == " " || $0 == "\t" }).filter { $0.hasPrefix("&") }.count)
            rest = close.upperBound..<text.endIndex
        }
        guard counts.count == layers, counts.allSatisfy({ $0 == keyCount }) else {
            throw Failure(description: "bindings per layer \(counts), expected \(layers) layers of \(keyCount)")
        }
    }
}

extension String {
    func replacingOccurrences(_ target: String, _ replacement: String) -> String {
        var result = ""
        var rest = self[...]
        while let range = rest.range(of: target) {
            result += rest[..<range.lowerBound] + replacement
            rest = rest[range.upperBound...]
        }
        return result + rest
    }
}
