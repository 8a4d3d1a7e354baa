import ArgumentParser
import KeyForgeCore
import KeyForgeServices

/// `keyforge layouts`: the layout library (`LayoutLibrary`): list and search it, draw one layout with its provenance.
struct LayoutsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "layouts",
        abstract: "The layout library: list (and search) its layouts with their provenance, show one drawn, import one from Oxeylyzer (.dof), genkey or cmini.",
        discussion: "Every name listed works as --layout NAME on any board with a 3x10 alpha block (a board's own reference layouts come first); layouts that need keys outside the block say which.",
        subcommands: [List.self, Show.self, LayoutsImportCommand.self],
        defaultSubcommand: List.self
    )

    /// `keyforge layouts list [--search TEXT]`.
    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Name, author, year and source of each library layout.")

        @Option(help: "Only layouts whose name, author, year, link or source contains TEXT, or whose rows contain it (--search arst).")
        var search: String?

        func run() throws {
            let library = LayoutLibrary.shipped
            let found = search.map(library.search) ?? library.layouts
            if found.isEmpty, let search {
                throw InputError(.missing, source: "layouts", "no layout of the \(library.layouts.count) matches '\(search)'")
            }
            print(LibraryListing.list(found, total: library.layouts.count))
        }
    }

    /// `keyforge layouts show NAME`.
    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Draw a library layout's rows, with its author, year, link, where it was read and the keys it needs.")

        @Argument(help: "A library layout name (keyforge layouts list).")
        var name: String

        @Option(name: .shortAndLong, help: "Also say where the layout lands on this keyboard (a name or a keyboard JSON file), or why it does not fit.")
        var keyboard: String?

        func run() throws {
            let library = LayoutLibrary.shipped
            guard let entry = library.layout(named: name) else {
                let close = library.suggestions(for: name)
                let hint = close.isEmpty ? " (keyforge layouts list --search TEXT)" : "; did you mean \(close.map { "'\($0)'" }.joined(separator: " or "))?"
                throw InputError(.missing, source: "layouts", "no layout '\(name)' in the library\(hint)")
            }
            var text = LibraryListing.show(entry)
            if let keyboard {
                let catalog = try AssetCatalog()
                text += "\n" + LibraryListing.placement(entry, on: try catalog.keyboard(keyboard), keycodes: catalog.keycodes)
            }
            print(text)
        }
    }
}
