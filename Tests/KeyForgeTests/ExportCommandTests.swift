import Testing
import KeyForgeSystem
@testable import KeyForge

/// `keyforge export` and `--layout @FILE` through the command line: files written or not, exit codes, stdout.
@Suite("Export command")
struct ExportCommandTests {
    static let folder = makeTemporaryFolder()

    @Test("--out writes the golden text; an error exits 65 and writes nothing")
    func outFile() throws {
        let path = "\(Self.folder)/corne.keymap"
        #expect(Multicall.run(["keyforge", "export", "--keyboard", "corne", "--layout", "hands-down", "--format", "zmk", "--out", path]) == 0)
        #expect(try readText(path) == (try readText("\(packageRoot)/golden/export/corne-hands-down.keymap")))

        let refused = "\(Self.folder)/corne.xkb"
        #expect(Multicall.run(["keyforge", "export", "-k", "corne", "-f", "xkb", "-o", refused]) == 65)
        #expect(!FileSystem.exists(refused))
        let accented = "\(Self.folder)/accent.c"
        #expect(Multicall.run(["keyforge", "export", "-k", "corne", "-l", "qwfpbjluyéarstgmneiozxcdvkh,./", "-f", "qmk", "-o", accented]) == 65)
        #expect(!FileSystem.exists(accented))
        #expect(Multicall.run(["keyforge", "export", "-k", "corne", "-f", "svg"]) == 64)
    }

    @Test("without --out, or with '-', the export goes to stdout")
    func standardOutput() throws {
        let golden = try readText("\(packageRoot)/golden/export/ansi-dvorak.xkb")
        for out in [[], ["--out", "-"]] {
            let (status, output) = try ProcessTests.run(ProcessTests.binary, ["export", "-k", "ansi", "-l", "dvorak", "-f", "xkb"] + out)
            #expect(status == 0)
            #expect(output == golden)
        }
    }

    @Test("--layout @FILE works in analyze, validate, search and export; a ragged row exits 65")
    func layoutFile() throws {
        let rows = "\(Self.folder)/rows.txt"
        try write("""
        # hands-down on the corne, every row
        TAB   w f m p v     / . q " ' z
        NONE  r s n t b     , a e i h j
        SHIFT x c l d g     - u o y k ESC
              NONE BSPC SPACE   ENTER NONE NONE
        """, to: rows)
        #expect(Multicall.run(["keyforge", "analyze", "-k", "corne", "-l", "@\(rows)", "--json"]) == 0)
        #expect(Multicall.run(["keyforge", "validate", "-k", "corne", "-l", "@\(rows)"]) == 0)
        let search = try ProcessTests.run(ProcessTests.binary, ["search", "-k", "corne", "-l", "@\(rows)", "--steps", "200",
                                                                "--threads", "1", "--restarts", "1", "--seed", "1", "--json"])
        #expect(search.status == 0 && search.output.contains("\"start\": \"rows\""))
        let out = "\(Self.folder)/rows.keymap.c"
        #expect(Multicall.run(["keyforge", "export", "-k", "corne", "-l", "@\(rows)", "-f", "qmk", "-o", out]) == 0)
        let fromRows = try readText(out)
        let golden = try readText("\(packageRoot)/golden/export/corne-hands-down.keymap.c")
        // The same keymap as the reference layout's; only the first comment line names the layout differently.
        #expect(fromRows.split(separator: "\n").dropFirst() == golden.split(separator: "\n").dropFirst())
        #expect(fromRows.hasPrefix("// rows on corne,"))

        let ragged = "\(Self.folder)/ragged.txt"
        try write("qwfpb jluy;\narstg mneio\nzxcdv kh,.\n", to: ragged)
        #expect(Multicall.run(["keyforge", "analyze", "-k", "corne", "-l", "@\(ragged)"]) == 65)
        #expect(Multicall.run(["keyforge", "analyze", "-k", "corne", "-l", "@\(Self.folder)/missing.txt"]) == 66)
    }

    @Test("--merge writes the user's keymap with the new letters; --dry-run prints the diff and writes nothing; refusals write nothing")
    func merge() throws {
        let fixture = "\(packageRoot)/Tests/KeymapFixtures/corne-hrm.keymap.c"
        let out = "\(Self.folder)/merged.keymap.c"
        #expect(Multicall.run(["keyforge", "export", "-k", "corne", "-l", "graphite", "-f", "qmk", "--merge", fixture, "-o", out]) == 0)
        let merged = try readText(out)
        #expect(merged.contains("LGUI_T(KC_N), LALT_T(KC_R), LCTL_T(KC_T), LSFT_T(KC_S)"))
        #expect(merged.contains("[_LOWER] = LAYOUT_split_3x6_3("))

        let dry = "\(Self.folder)/dry.keymap.c"
        let (status, output) = try ProcessTests.run(ProcessTests.binary, ["export", "-k", "corne", "-l", "graphite", "-f", "qmk",
                                                                          "--merge", fixture, "--dry-run", "-o", dry])
        #expect(status == 0)
        #expect(!FileSystem.exists(dry))
        #expect(output.contains("-      KC_LCTL, LGUI_T(KC_A), LALT_T(KC_S)") && output.contains("+      KC_LCTL, LGUI_T(KC_N), LALT_T(KC_R)"))
        #expect(output.hasPrefix("--- \(fixture)\n+++ "))

        let refused = "\(Self.folder)/refused.keymap.c"
        #expect(Multicall.run(["keyforge", "export", "-k", "sweep", "-l", "graphite", "-f", "qmk", "--merge", fixture, "-o", refused]) == 65)
        #expect(!FileSystem.exists(refused))
        #expect(Multicall.run(["keyforge", "export", "-k", "corne", "-f", "qmk", "--merge", "\(Self.folder)/none.c", "-o", refused]) == 66)
        #expect(!FileSystem.exists(refused))
        #expect(Multicall.run(["keyforge", "export", "-k", "corne", "-f", "kle", "--merge", fixture]) == 64)
        #expect(Multicall.run(["keyforge", "export", "-k", "corne", "-f", "qmk", "--dry-run"]) == 64)
    }
}
