import ArgumentParser
import KeyForgeCore
import KeyForgeSystem
import KeyForgeServices

/// `keyforge layouts import FILE`: a layout from Oxeylyzer's `.dof`, genkey's text or cmini's JSON.
struct LayoutsImportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Read a layout from Oxeylyzer (.dof), genkey (layout text) or cmini (layout JSON): show it, or write it as .dof or rows.",
        discussion: """
        The format is read from the content: a JSON object with "layers" is a .dof, one with "keys" is cmini's, \
        anything else genkey's text (a name line, rows of keys, then rows of finger numbers 0-7). Rows 0-2, \
        columns 0-9 are the alpha block (Q ... /); other keys are listed. --out FILE.dof writes a .dof (a .dof \
        read is written back unchanged in meaning); any other --out writes the alpha block as rows for \
        --layout @FILE (with --keyboard: every row of that board, and the file's layers and magic rules as \
        [shift], [layer NAME] and [magic] sections). The same files work directly as --layout @FILE in analyze, compare, render and export.
        """
    )

    @Argument(help: ArgumentHelp("The layout file.", valueName: "file"))
    var file: String

    @Option(name: .shortAndLong, help: "A keyboard name or keyboard JSON file to place the layout on (checks that it fits).")
    var keyboard: String?

    @Option(name: .shortAndLong, help: ArgumentHelp("Write the layout: FILE.dof as a .dof, anything else as rows text.", valueName: "file"))
    var out: String?

    func run() throws {
        let bytes: [UInt8]
        do { bytes = try FileSystem.readFile(file, limit: LayoutArgument.maxFileBytes) } catch { throw InputError.system(error) }
        let read = try CommunityLayout.read(bytes, source: file)
        var placed: (Keyboard, Layout)?
        if let keyboard {
            let catalog = try AssetCatalog()
            let board = try catalog.keyboard(keyboard)
            placed = (board, try read.layout(for: board, keycodes: catalog.keycodes, source: file))
        }
        var text: String?
        if let out {
            // With --keyboard, rows of the whole board with the file's layers and rules (docs/LAYOUTS.md).
            text = out.hasSuffix(".dof") ? read.asDof().encode()
                : placed.map { $0.1.rowsText(for: $0.0) } ?? (0..<3).map { row in read.alphaTokens[(row * 10)..<(row * 10 + 10)].map { $0 == "NONE" ? "NONE" : $0 }.joined(separator: " ") }
                    .joined(separator: "\n") + "\n"
        }
        print("\(read.name) (\(read.format.rawValue))" + (read.authors.isEmpty ? "" : " by \(read.authors.joined(separator: ", "))")
              + (read.year.map { ", \($0)" } ?? "") + (read.link.map { ", \($0)" } ?? ""))
        print("board \(read.board ?? "not given"), fingering \(read.fingers != nil ? "given per key" : read.fingeringName ?? "not given")")
        for row in 0..<3 {
            print("  " + read.alphaTokens[(row * 10)..<(row * 10 + 10)].map { $0 == "NONE" ? "~" : $0 == "SPACE" ? "spc" : $0 }.joined(separator: " "))
        }
        let extra = read.extraKeys
        if !extra.isEmpty {
            print("keys beyond the 3x10 block: " + extra.map { "\($0.token) (row \($0.row), column \($0.column))" }.joined(separator: ", "))
        }
        if !read.layers.isEmpty {
            print("layers beyond main: " + read.layers.map(\.name).joined(separator: ", "))
        }
        if let (_, layout) = placed, !layout.magicRules.isEmpty {
            print("magic rules: " + layout.magicRules.map { "\($0.after) -> \($0.output)" }.joined(separator: ", "))
        }
        if let out, let text {
            do { try FileSystem.writeFileAtomically(out, Array(text.utf8)) } catch { throw InputError.system(error) }
            print("wrote \(out)")
        }
    }
}
