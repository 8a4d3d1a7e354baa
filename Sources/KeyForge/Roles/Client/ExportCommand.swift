import ArgumentParser
import KeyForgeCore
import KeyForgeSystem
import KeyForgeServices

/// `keyforge export`: a layout written for firmware (QMK, ZMK), a drawing tool (KLE) or the OS (XKB).
struct ExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Write a layout as a QMK keymap.c or keymap.json, a ZMK .keymap, KLE JSON or an XKB symbols file, or merge it into your own keymap.",
        discussion: """
        qmk, qmk-json and zmk write a whole keymap: the layout as layer 0 with the board's modifiers and layer \
        keys, numbers and symbols on layer 1, navigation on layer 2. --merge FILE instead takes your own keymap \
        (keymap.c, keymap.json or .keymap) and replaces only its base layer's letter and punctuation keys, by \
        position, keeping wrappers (LGUI_T(KC_A) -> LGUI_T(KC_R)) and every other byte; symbols it cannot place \
        are reported on stderr. --dry-run prints the changed lines instead of writing. \
        qmk and qmk-json use the board's LAYOUT macro and zmk its bindings' order, from the keyboard JSON's \
        "qmk" and "zmk" sections (ansi: LAYOUT_60_ansi; corne: LAYOUT_split_3x6_3; sweep: LAYOUT_split_3x5_2; \
        ortho_30: LAYOUT_ortho_3x10); xkb needs a row-staggered board with an "xkb" section (ansi); kle works \
        on every board. A board without the section, or a symbol the format has no keycode for, is an error \
        (exit 65) and nothing is written. --layout takes a reference name, a layout string, or @FILE: a text \
        file of the board's rows (see 'keyforge analyze --help').
        """
    )

    @Option(name: .shortAndLong, help: "A keyboard name (ansi, carpalx, corne, cyanophage-ergo, keygen, ortho_30, sweep) or a path to a keyboard JSON file.")
    var keyboard: String = "corne"

    @Option(name: .shortAndLong, help: "A reference layout name, a layout string, or @FILE (rows of text) (default: qwerty, else the board's first).")
    var layout: String?

    @Option(name: .shortAndLong, help: "qmk (keymap.c), qmk-json (keymap.json), zmk (.keymap), kle (raw JSON) or xkb (symbols file).")
    var format: LayoutExport.Format

    @Option(name: .shortAndLong, help: "The file to write (atomically); '-' or none for stdout.")
    var out: String?

    @Option(help: "Your keymap (keymap.c for qmk, keymap.json for qmk-json, .keymap for zmk) to merge the layout into.")
    var merge: String?

    @Flag(help: "With --merge: print the lines that would change, as a diff, and write nothing.")
    var dryRun = false

    func validate() throws {
        if dryRun && merge == nil { throw ArgumentParser.ValidationError("--dry-run needs --merge FILE") }
        if merge != nil && !format.isFirmwareKeymap {
            throw ArgumentParser.ValidationError("--merge works with --format qmk, qmk-json or zmk")
        }
    }

    func run() throws {
        let catalog = try AssetCatalog()
        let board = try catalog.keyboard(keyboard)
        let name = layout ?? (board.referenceLayout(named: "qwerty") != nil ? "qwerty" : board.referenceLayouts.first?.name ?? "")
        let (layoutName, parsed) = try LayoutArgument.resolveOption(name, keyboard: board, keycodes: catalog.keycodes)
        var input = LayoutExport.Input(keyboard: board, layout: parsed, layoutName: layoutName)
        if merge == nil { input = try LayoutExport.fresh(input, format: format, catalog: catalog) }
        let text: String
        if let merge {
            let bytes: [UInt8]
            do { bytes = try FileSystem.readFile(merge) } catch { throw InputError.system(error) }
            let result = try KeymapMerge.merge(bytes, source: merge, format: format, input)
            for note in result.notes { printError("keyforge: note: \(note)") }
            if dryRun {
                print("--- \(merge)")
                print("+++ \(merge) with \(layoutName) (\(result.changedKeys) keys change)")
                for line in result.diff { print(line) }
                return
            }
            text = result.text
        } else {
            text = try LayoutExport.render(format, input)
        }
        guard let out, out != "-" else {
            print(text, terminator: "")
            return
        }
        do { try FileSystem.writeFileAtomically(out, Array(text.utf8)) } catch { throw InputError.system(error) }
        print("wrote \(out) (\(format.rawValue), \(layoutName) on \(board.name)\(merge.map { ", merged into \($0)" } ?? ""))")
    }
}

extension LayoutExport.Format: ExpressibleByArgument {}
