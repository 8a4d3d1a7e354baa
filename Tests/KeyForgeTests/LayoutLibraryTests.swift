import Foundation
import Testing
import KeyForgeCore
import KeyForgeSystem
import KeyForgeWire
import KeyForgeServices
@testable import KeyForge

/// The layout library (data/system/layouts/library.json): its entries, their placement on boards, and
/// `keyforge layouts` and `--layout NAME` as a user meets them.
@Suite("Layout library")
struct LayoutLibraryTests {
    static let folder = makeTemporaryFolder()
    static let library = LayoutLibrary.shipped

    /// A test board with no `layouts` section: the 3x10 block in columns 1-10 of rows 0-2, empty keys left
    /// (column 0) and right (columns 11 and 12) of each row, and two thumb keys a hand: NONE and SPACE.
    /// Key index = row * 13 + column for rows 0-2; the thumbs are keys 39 (left, NONE), 40 (left, SPACE),
    /// 41 (right, SPACE) and 42 (right, NONE).
    static let openBoardPath: String = {
        var keys: [String] = []
        var base: [String] = []
        let fingers = [4, 4, 3, 2, 1, 1, 1, 1, 2, 3, 4, 4, 4]
        for row in 0..<3 {
            for col in 0..<13 {
                let home = row == 1 && [1, 2, 3, 4, 7, 8, 9, 10].contains(col) ? #", "home": true"# : ""
                keys.append(#"{"row": \#(row), "col": \#(col), "x": \#(col), "y": \#(row), "hand": \#(col < 6 ? 0 : 1), "finger": \#(fingers[col])\#(home)}"#)
                base.append(col == 0 || col > 10 ? "NONE" : "*")
            }
        }
        for (col, hand, token) in [(4, 0, "NONE"), (5, 0, "SPACE"), (6, 1, "SPACE"), (7, 1, "NONE")] {
            keys.append(#"{"row": 3, "col": \#(col), "x": \#(col), "y": 3, "hand": \#(hand), "finger": 0}"#)
            base.append(token)
        }
        let path = "\(folder)/open.json"
        try? write(#"{"name": "open", "description": "test board", "keys": [\#(keys.joined(separator: ",\n"))], "base_layout": "\#(base.joined(separator: " "))"}"#,
                   to: path)
        return path
    }()

    static func keyboard(_ name: String) throws -> Keyboard { try AssetCatalog().keyboard(name) }
    static var keycodes: KeycodeTable { get throws { try AssetCatalog().keycodes } }

    static func inputError(_ body: () throws -> Void) -> InputError? {
        do { try body(); return nil } catch { return error as? InputError }
    }

    @Test("the library ships at least 150 layouts, each with a name and where it was read, no name twice")
    func countAndProvenance() throws {
        // Read the raw JSON too, so a duplicate the decoder might hide is still seen.
        let raw = try #require(EmbeddedAssets.bytes(LayoutLibrary.assetPath))
        let entries = try #require(try JSONParser.parse(raw).objectValue?["layouts"]?.arrayValue)
        let names = entries.compactMap { $0.objectValue?["name"]?.stringValue }
        #expect(names.count == entries.count)
        #expect(Set(names).count == names.count)
        #expect(Self.library.layouts.count == entries.count)
        #expect(Self.library.layouts.count >= 150)
        for entry in Self.library.layouts {
            #expect(!entry.name.isEmpty)
            #expect(!entry.readFrom.isEmpty, "\(entry.name)")
            // Each source names a repository, a path and the commit read (12 hex digits after @).
            for source in entry.readFrom {
                let commit = source.split(separator: "@").last.map(String.init) ?? ""
                #expect(source.hasPrefix("github.com/") && commit.prefix(12).allSatisfy { $0.isHexDigit } && commit.count >= 12, "\(entry.name): \(source)")
            }
        }
        // The layouts the issue names by family are there.
        for name in ["qwerty", "dvorak", "colemak", "colemak-dh", "workman", "graphite", "gallium", "sturdy", "canary", "semimak",
                     "apt", "isrt", "hands-down-neu", "rsthd", "engram", "whorf", "nerps", "recurva"] {
            #expect(Self.library.layout(named: name) != nil, "\(name)")
        }
    }

    @Test("every entry holds the letters a-z once each (block plus needed keys), less the few it says it omits")
    func permutations() throws {
        var omitting = 0
        for entry in Self.library.layouts {
            let placed = entry.blockTokens + entry.needs.compactMap { entry.token(at: $0) }
            let letters = placed.filter { $0.count == 1 && ("a"..."z").contains($0) }
            let alphabet = (97...122).map { String(UnicodeScalar(UInt8($0))) }
            #expect((letters + entry.omits.map { String($0) }).sorted() == alphabet, "\(entry.name): \(letters.sorted().joined()) omits \(entry.omits)")
            #expect(entry.omits.count <= 2, "\(entry.name)")
            if !entry.omits.isEmpty { omitting += 1 }
            let symbols = placed.filter { $0 != "NONE" }
            #expect(symbols.allSatisfy { $0.count == 1 }, "\(entry.name)")
            #expect(Set(symbols).count == symbols.count, "\(entry.name) has a symbol twice")
        }
        // Omitting is the exception (Hands Down's combos), not a way around the check.
        #expect(omitting * 20 < Self.library.layouts.count)
    }

    @Test("every library layout resolves on a board whose JSON has no layouts section, each token on its key")
    func resolvesOnOpenBoard() throws {
        let board = try Self.keyboard(Self.openBoardPath)
        #expect(board.referenceLayouts.isEmpty)
        let keycodes = try Self.keycodes
        for entry in Self.library.layouts {
            let (name, layout) = try LayoutArgument.resolve(entry.name, keyboard: board, keycodes: keycodes)
            #expect(name == entry.name)
            for (key, token) in zip(board.alphaKeys, entry.blockTokens) {
                #expect(layout.symbols[key] == (token == "NONE" ? nil : token), "\(entry.name) key \(key)")
            }
            let placedElsewhere = layout.symbols.indices.filter { !board.alphaKeys.contains($0) && layout.symbols[$0] != nil && layout.symbols[$0] != "SPACE" }
            #expect(placedElsewhere.count == entry.needs.count, "\(entry.name)")
        }
    }

    @Test("a layout that needs keys outside the block: graphite's ; and , right of its top and home rows, engram's z and q")
    func extraKeys() throws {
        let board = try Self.keyboard(Self.openBoardPath)
        let keycodes = try Self.keycodes
        // The open board's keys are 13 a row: row 1 column 11 is key 24, row 0 column 11 is key 11.
        let graphite = try #require(Self.library.layout(named: "graphite"))
        #expect(graphite.needs == ["home+1", "top+1"] && graphite.keyCount == 32)
        let (_, placed) = try LayoutArgument.resolve("graphite", keyboard: board, keycodes: keycodes)
        #expect(placed.symbols[24] == "," && placed.symbols[11] == ";")
        #expect(placed.symbols[12] == nil)       // its = two keys right of the top row is optional, not placed
        let engram = try #require(Self.library.layout(named: "engram"))
        #expect(engram.keyCount == 32)
        let (_, engramLayout) = try LayoutArgument.resolve("engram", keyboard: board, keycodes: keycodes)
        #expect(engramLayout.symbols[11] == "z" && engramLayout.symbols[24] == "q")

        // ortho_30 has no key beside its rows: the error names the slots and the symbols, exit 65.
        let ortho = try Self.keyboard("ortho_30")
        let error = Self.inputError { _ = try LayoutArgument.resolve("engram", keyboard: ortho, keycodes: keycodes) }
        #expect(error?.kind == .invalid)
        #expect(error?.message.contains("'engram' needs 32 keys") == true, "\(error?.description ?? "no error")")
        #expect(error?.message.contains("top+1 (right of the top row) for 'z'") == true)
        #expect(error?.message.contains("home+1 (right of the home row) for 'q'") == true)
        #expect(Multicall.run(["keyforge", "analyze", "--keyboard", "ortho_30", "--layout", "engram"]) == 65)
    }

    @Test("a thumb letter goes to an empty thumb key, else to a SPACE key when another SPACE stays")
    func thumbLetter() throws {
        let keycodes = try Self.keycodes
        let rsthd = try #require(Self.library.layouts.first { $0.needs == ["thumb-left"] })
        let letter = try #require(rsthd.token(at: "thumb-left"))
        // The open board: keys 39 (left thumb, NONE) and 40 (left thumb, SPACE).
        let (_, open) = try LayoutArgument.resolve(rsthd.name, keyboard: try Self.keyboard(Self.openBoardPath), keycodes: keycodes)
        #expect(open.symbols[39] == letter && open.symbols[40] == "SPACE")
        // ansi: two SPACE keys, one a thumb; the left one takes the letter, the right one stays SPACE.
        let ansi = try Self.keyboard("ansi")
        let (_, onAnsi) = try LayoutArgument.resolve(rsthd.name, keyboard: ansi, keycodes: keycodes)
        let spaces = ansi.baseLayout.indices.filter { ansi.baseLayout[$0] == "SPACE" }
        let left = try #require(spaces.first { ansi.keys[$0].hand == 0 })
        let right = try #require(spaces.first { ansi.keys[$0].hand == 1 })
        #expect(onAnsi.symbols[left] == letter && onAnsi.symbols[right] == "SPACE")
        // ortho_30 has no thumb key at all.
        let error = Self.inputError { _ = try LayoutArgument.resolve(rsthd.name, keyboard: try Self.keyboard("ortho_30"), keycodes: keycodes) }
        #expect(error?.message.contains("thumb-left (a left thumb key) for '\(letter)'") == true, "\(error?.description ?? "no error")")
    }

    @Test("a board's own reference layout keeps priority over the library's of the same name")
    func referencePriority() throws {
        let ortho = try Self.keyboard("ortho_30")
        let keycodes = try Self.keycodes
        for name in ["canary", "graphite", "qwerty"] {
            let reference = try #require(ortho.referenceLayout(named: name))
            let (resolvedName, layout) = try LayoutArgument.resolve(name, keyboard: ortho, keycodes: keycodes)
            #expect(resolvedName == name)
            #expect(layout == (try Layout.parse(reference, for: ortho, keycodes: keycodes)))
        }
        // The library's canary (read from cmini) differs from ortho_30's: the board's wins above, the library's otherwise.
        let libraryCanary = try #require(Self.library.layout(named: "canary"))
        #expect(libraryCanary.blockTokens.joined() != ortho.referenceLayout(named: "canary"))
    }

    @Test("the converted collections reproduce every 30-key reference layout of ortho_30 under some library name")
    func referencesAreInTheLibrary() throws {
        // ortho_30's references were written by hand from the layouts' own pages; the library was converted from
        // other people's collections (.dof, cmini JSON, cyanophage strings, angle-mod blocks re-ordered), so
        // finding each here checks the converters, not a copy.
        let ortho = try Self.keyboard("ortho_30")
        for reference in ortho.referenceLayouts {
            let letters = reference.text.map { String($0) }
            // The block only: graphite's library entry also needs its comma beside the home row, which the 30-key
            // reference leaves out.
            let matches = Self.library.layouts.filter { $0.blockTokens == letters }
            #expect(!matches.isEmpty, "\(reference.name): \(reference.text)")
            #expect(matches.contains { $0.name.hasPrefix(reference.name) }, "\(reference.name): \(matches.map(\.name))")
        }
    }

    @Test("a misspelt name says it is neither a reference nor a library layout and suggests the close ones")
    func suggestions() throws {
        let keycodes = try Self.keycodes
        let error = Self.inputError { _ = try LayoutArgument.resolve("grafite", keyboard: try Self.keyboard(Self.openBoardPath), keycodes: keycodes) }
        #expect(error?.kind == .invalid)
        #expect(error?.message.contains("'grafite' is not a reference layout of open") == true, "\(error?.description ?? "no error")")
        #expect(error?.message.contains("did you mean 'graphite'") == true, "\(error?.description ?? "no error")")
        // A longer name that starts with a library name suggests it.
        #expect(Self.library.suggestions(for: "rsthd-ortho").first == "rsthd")
        // Names are matched ignoring case and with _ read as -.
        #expect(Self.library.layout(named: "Colemak_DH")?.name == "colemak-dh")
        #expect(Multicall.run(["keyforge", "analyze", "--keyboard", "ansi", "--layout", "colmak-dh"]) == 65)
    }

    @Test("the library's codec refuses a duplicate name, a short row and a needs slot without its extra")
    func codecRejects() throws {
        let entry = #"{"name": "x", "read_from": ["here"], "rows": ["a b c d e f g h i j", "k l m n o p q r s t", "u v w x y z , . ; /"]}"#
        let cases = [
            (#"{"layouts": [\#(entry), \#(entry)]}"#, "layouts[1].name: 'x' is defined twice"),
            (#"{"layouts": [{"name": "x", "read_from": ["here"], "rows": ["a b", "c d", "e f"]}]}"#, "layouts[0].rows[0]: must hold 10"),
            (#"{"layouts": [{"name": "x", "read_from": [], "rows": []}]}"#, "layouts[0].read_from: must name at least one source"),
            (entry.replacingOccurrences(of: "}", with: #", "needs": ["home+1"]}"#).replacingOccurrences(of: "{", with: #"{"layouts": [{"#) + "]}",
             "layouts[0].needs[0]: must name a slot of extra"),
        ]
        for (text, expected) in cases {
            let error = Self.inputError { _ = try LayoutLibraryCodec.decode(Array(text.utf8), source: "lib.json") }
            #expect(error?.description.contains(expected) == true, "\(error?.description ?? "no error") for \(text)")
        }
    }

    @Test("keyforge layouts list, list --search and show, as a process")
    func command() throws {
        let binary = ProcessTests.binary
        let list = try ProcessTests.run(binary, ["layouts", "list"])
        #expect(list.status == 0)
        let lines = list.output.split(separator: "\n")
        #expect(lines.first?.hasPrefix("name") == true && lines.first?.contains("author") == true && lines.first?.contains("source") == true)
        #expect(lines.count == Self.library.layouts.count + 2)
        #expect(lines.contains { $0.hasPrefix("graphite ") && $0.contains("https://github.com/rdavison/graphite-layout") })

        let search = try ProcessTests.run(binary, ["layouts", "list", "--search", "graphite"])
        let found = search.output.split(separator: "\n").dropFirst().dropLast()
        #expect(search.status == 0 && !found.isEmpty && found.allSatisfy { $0.lowercased().contains("graphite") })
        #expect(try ProcessTests.run(binary, ["layouts", "list", "--search", "no-such-thing-at-all"]).status == 66)

        let show = try ProcessTests.run(binary, ["layouts", "show", "graphite"])
        #expect(show.status == 0)
        #expect(show.output.contains("b l d w z   ' f o u j"))
        #expect(show.output.contains("n r t s g   y h a e i  ,"))
        #expect(show.output.contains("read from:    github.com/"))
        #expect(show.output.contains("keys: 32, the alpha block and home+1 (right of the home row) ',', top+1 (right of the top row) ';'"))
        #expect(try ProcessTests.run(binary, ["layouts", "show", "grafite"]).status == 66)

        // --keyboard: where the needed keys land, or why the layout does not fit. corne's key right of its top
        // row is BACKSPACE (not free); the open board's is empty, key 11.
        let onCorne = try ProcessTests.run(binary, ["layouts", "show", "engram", "--keyboard", "corne"])
        #expect(onCorne.status == 0 && onCorne.output.contains("on corne: does not fit: 'engram' needs 32 keys"))
        let onOpen = try ProcessTests.run(binary, ["layouts", "show", "engram", "--keyboard", Self.openBoardPath])
        #expect(onOpen.output.contains("on open: fits") && onOpen.output.contains("top+1 'z' on key 11 (row 0, column 11, was NONE)"), "\(onOpen.output)")
    }

    @Test("library layouts analyze on an imported board (no reference but qwerty) and on a workspace board file")
    func importedBoard() throws {
        let binary = ProcessTests.binary
        let path = "\(Self.folder)/tiny.json"
        #expect(try ProcessTests.run(binary, ["keyboard", "import", "--kle", KLEImportTests.examplePath, "--name", "tiny", "--out", path]).status == 0)
        let imported = try Self.keyboard(path)
        #expect(imported.referenceLayouts.map(\.name) == ["qwerty"])
        for name in ["colemak-dh", "sturdy", "hands-down-reference"] {
            let result = try ProcessTests.run(binary, ["analyze", "--keyboard", path, "--layout", name, "--json"])
            // None of these is a reference layout of the imported board: only the library can resolve them.
            #expect(result.status == 0, "\(name)")
            #expect(result.output.contains("\"\(name)\""), "\(name)")
        }
        // The tiny board has no key right of its home row: graphite is refused naming it.
        let (status, errors) = try ProcessTests.runCapturingErrors(["analyze", "--keyboard", path, "--layout", "graphite"])
        #expect(status == 65)
        #expect(errors.contains("home+1 (right of the home row) for ','"), "\(errors)")
        #expect(try ProcessTests.run(binary, ["analyze", "--keyboard", Self.openBoardPath, "--layout", "graphite"]).status == 0)
    }

    @Test("analyze --all ranks only the references; --all --library adds every library layout that fits, references first by name")
    func rankWithLibrary() throws {
        let binary = ProcessTests.binary
        let ortho = try Self.keyboard("ortho_30")
        let plain = try ProcessTests.run(binary, ["analyze", "--keyboard", "ortho_30", "--all", "--json"])
        let plainNames = try JSONParser.parse(Array(plain.output.utf8)).objectValue?["ranking"]?.arrayValue?.compactMap { $0.objectValue?["layout_name"]?.stringValue }
        #expect(plainNames?.count == ortho.referenceLayouts.count)

        let result = try ProcessTests.run(binary, ["analyze", "--keyboard", "ortho_30", "--all", "--library", "--json"])
        #expect(result.status == 0)
        let names = try #require(try JSONParser.parse(Array(result.output.utf8)).objectValue?["ranking"]?.arrayValue?
            .compactMap { $0.objectValue?["layout_name"]?.stringValue })
        // ortho_30 has no key outside the block: exactly the library layouts that need none fit, minus the names it has itself.
        let references = Set(ortho.referenceLayouts.map(\.name))
        let fitting = Self.library.layouts.filter { $0.needs.isEmpty && !references.contains($0.name) }
        #expect(names.count == references.count + fitting.count)
        #expect(Set(names).count == names.count)
        #expect(references.isSubset(of: Set(names)) && !names.contains("engram"))
        #expect(try ProcessTests.run(binary, ["analyze", "--keyboard", "ortho_30", "--library"]).status == 64)
    }
}
