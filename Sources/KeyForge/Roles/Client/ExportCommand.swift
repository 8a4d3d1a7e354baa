import ArgumentParser
import KeyForgeCore
import KeyForgeSystem
import KeyForgeServices

/// `keyforge export`: a layout written for firmware (QMK, ZMK), a drawing tool (KLE) or the OS (XKB).
struct ExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Write a layout as a QMK keymap.c or keymap.json, a ZMK .keymap, KLE JSON or an XKB symbols file.",
        discussion: """
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

    func run() throws {
        let catalog = try AssetCatalog()
        let board = try catalog.keyboard(keyboard)
        let name = layout ?? (board.referenceLayout(named: "qwerty") != nil ? "qwerty" : board.referenceLayouts.first?.name ?? "")
        let (layoutName, parsed) = try LayoutArgument.resolveOption(name, keyboard: board, keycodes: catalog.keycodes)
        let text = try LayoutExport.render(format, LayoutExport.Input(keyboard: board, layout: parsed, layoutName: layoutName))
        guard let out, out != "-" else {
            print(text, terminator: "")
            return
        }
        do { try FileSystem.writeFileAtomically(out, Array(text.utf8)) } catch { throw InputError.system(error) }
        print("wrote \(out) (\(format.rawValue), \(layoutName) on \(board.name))")
    }
}

extension LayoutExport.Format: ExpressibleByArgument {}
