import Foundation
import Testing
import KeyForgeCore
@testable import KeyForgeServices
@testable import KeyForge

/// `ansi` is a whole US ANSI 60 % board (issue 21 section 5): 61 caps at their standard positions and
/// sizes, drawn and exported whole, while its 3x10 alpha block stays what layouts fill and searches move.
@Suite("ANSI 60 % board")
struct AnsiBoardTests {
    static func board() throws -> (LoadedAssets, Keyboard) {
        let loaded = try AssetOptions.parse(["--keyboard", "ansi"]).load()
        return (loaded, loaded.keyboard)
    }

    @Test("five rows of 15u, each key starting where the one left of it ends; the space bar 6.25u in two thumb halves")
    func geometry() throws {
        let (_, keyboard) = try Self.board()
        #expect(keyboard.keys.count == 62)
        // The ANSI 60 % row lengths by hand: 13 x 1u + 2u Backspace; 1.5u Tab + 12 x 1u + 1.5u \;
        // 1.75u Caps + 11 x 1u + 2.25u Enter; 2.25u Shift + 10 x 1u + 2.75u Shift;
        // 3 x 1.25u + 6.25u space bar + 4 x 1.25u.
        let expectedCounts = [14, 14, 13, 12, 9]
        for (row, keys) in Layout.keyRows(of: keyboard).enumerated() {
            #expect(keys.count == expectedCounts[row], "row \(row)")
            var x = 0.0
            for index in keys {
                let key = keyboard.keys[index]
                #expect(abs(key.x - x) < 1e-9 && key.y == Double(row), "key \(index) at (\(key.x), \(key.y))")
                x += key.width
            }
            #expect(abs(x - 15) < 1e-9, "row \(row) is \(x)u long")
        }
        let spaces = keyboard.keys.indices.filter { keyboard.baseLayout[$0] == "SPACE" }
        #expect(spaces.count == 2 && spaces.map { keyboard.keys[$0].width } == [3.125, 3.125])
        #expect(spaces.map { keyboard.keys[$0].finger } == [0, 0] && spaces.map { keyboard.keys[$0].hand } == [0, 1])
    }

    @Test("the alpha block is still the 30 keys a layout string fills and a search moves, at the old positions")
    func alphaBlock() throws {
        let (loaded, keyboard) = try Self.board()
        let alpha = keyboard.alphaKeys
        #expect(alpha.count == 30)
        // Q row from x = 1.5, A row from 1.75, Z row from 2.25 (as before the number row was added, one row lower).
        for (slot, index) in alpha.enumerated() {
            let (row, column) = slot.quotientAndRemainder(dividingBy: 10)
            let key = keyboard.keys[index]
            #expect(key.x == [1.5, 1.75, 2.25][row] + Double(column) && key.y == Double(row + 1) && key.width == 1)
            #expect(key.finger == [4, 3, 2, 1, 1, 1, 1, 2, 3, 4][column] && key.hand == (column < 5 ? 0 : 1))
        }
        let (_, qwerty) = try LayoutArgument.resolve("qwerty", keyboard: keyboard, keycodes: loaded.catalog.keycodes)
        let movable = try SearchSelection.movableKeys(keyboard: keyboard, layout: qwerty, scope: .alpha, pin: nil, free: nil,
                                                      keycodes: loaded.catalog.keycodes)
        #expect(movable == alpha)
        #expect(alpha.map { qwerty.symbols[$0] ?? "" }.joined() == "qwertyuiopasdfghjkl;zxcvbnm,./")
        let rows = Layout.keyRows(of: keyboard)
        #expect(rows[0].map { qwerty.symbols[$0] ?? "" } == ["`", "1", "2", "3", "4", "5", "6", "7", "8", "9", "0", "-", "=", "BACKSPACE"])
        #expect(Set(qwerty.symbols.compactMap { $0 }).isSuperset(of: ["TAB", "ENTER", "SHIFT", "'", "[", "]", "\\"]))
    }

    @Test("render draws all 62 keys with the number row's legends")
    func drawn() throws {
        let (loaded, keyboard) = try Self.board()
        let (_, layout) = try LayoutArgument.resolve("colemak-dh", keyboard: keyboard, keycodes: loaded.catalog.keycodes)
        let report = loaded.scorer.analyze(layout)
        let svg = KeyboardSVG.render(keyboard: keyboard, panels: [LayoutPicture.panel(title: "ansi", layout: layout, report: report, heat: .usage)])
        let elements = try #require(SVGElements.parse(Data(svg.utf8)))
        #expect(RenderTests.keyGroups(elements).count == 62)
        let legends = elements.filter { $0.attributes["class"] == "legend" }.map(\.text)
        #expect(Array(legends.prefix(14)) == ["`", "1", "2", "3", "4", "5", "6", "7", "8", "9", "0", "-", "=", "bksp"])
        #expect(legends.contains("enter") && legends.contains("tab") && legends.contains("caps") && legends.contains("shift"))
        // A 15u board at 60 px per unit, centred with 16 px margins: 932 px wide.
        #expect(KeyboardSVG.geometry(keyboard).width == 932)
    }

    @Test("the QMK keymap is the whole LAYOUT_60_ansi, its number row, modifiers and layer keys from the board")
    func qmk() throws {
        let (loaded, keyboard) = try Self.board()
        let (name, layout) = try LayoutArgument.resolve("qwerty", keyboard: keyboard, keycodes: loaded.catalog.keycodes)
        let text = try LayoutExport.render(.qmk, LayoutExport.Input(keyboard: keyboard, layout: layout, layoutName: name))
        #expect(text.contains("= LAYOUT_60_ansi("))
        // The base layer's keycodes as the merge reads a keymap.c (nested calls such as MO(1) stay whole).
        let codes = try QMKMerge.readC(Array(text.utf8), source: "export").layers[0].map(\.text)
        #expect(codes.count == 61)
        #expect(Array(codes.prefix(14)) == ["KC_GRV", "KC_1", "KC_2", "KC_3", "KC_4", "KC_5", "KC_6", "KC_7", "KC_8", "KC_9", "KC_0",
                                            "KC_MINS", "KC_EQL", "KC_BSPC"])
        #expect(Array(codes.suffix(8)) == ["KC_LCTL", "KC_LGUI", "KC_LALT", "KC_SPC", "KC_RALT", "MO(1)", "MO(2)", "KC_RCTL"])   // right GUI and Menu reach the symbol and navigation layers
        #expect(codes.filter { $0 == "KC_SPC" }.count == 1 && codes.contains("KC_ENT") && codes.contains("KC_RSFT"))
    }
}
