import ArgumentParser
import KeyForgeCore
import KeyForgeServices

/// `keyforge validate`: load the keyboard, rubric, corpus (and layout) and report the first problem.
struct ValidateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Check a keyboard, rubric, corpus and layout; exit 65 naming the file and field of the first problem."
    )

    @OptionGroup var assets: AssetOptions

    @Option(name: .shortAndLong, help: "A reference layout name, a layout string or @FILE of rows to check against the keyboard.")
    var layout: String?

    func run() throws {
        let loaded = try assets.load()
        var lines = ["keyboard \(loaded.keyboard.name): \(loaded.keyboard.keys.count) keys, \(loaded.keyboard.referenceLayouts.count) reference layouts: ok",
                     "rubric \(assets.rubric): ok",
                     "corpus \(loaded.corpus.id): \(loaded.corpus.totalUnigrams) characters, \(loaded.scorer.corpus.trigrams.count) trigrams kept: ok"]
        for reference in loaded.keyboard.referenceLayouts {
            _ = try LayoutArgument.resolve(reference.name, keyboard: loaded.keyboard, keycodes: loaded.catalog.keycodes)
        }
        if let layout {
            let (name, _) = try LayoutArgument.resolveOption(layout, keyboard: loaded.keyboard, keycodes: loaded.catalog.keycodes)
            lines.append("layout \(name): ok")
        }
        print(lines.joined(separator: "\n"))
    }
}
