import ArgumentParser
import KeyForgeAdapters
import KeyForgeCore
import KeyForgeWire

/// `keyforge analyze`: the exact-tier report of one layout, or a ranking of every reference layout.
struct AnalyzeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "analyze",
        abstract: "The exact report of a layout: metrics, score and its parts, worst n-grams.",
        discussion: """
        --layout takes a reference layout's name (see --all) or a layout string: one character per key \
        with no spaces, or whitespace-separated tokens (SPACE, ENTER, BACKSPACE, NONE for an empty key); \
        either for every key or for the 30 keys of the alpha block.
        """
    )

    @OptionGroup var assets: AssetOptions

    @Option(name: .shortAndLong, help: "A reference layout name or a layout string.")
    var layout: String?

    @Flag(help: "Rank every reference layout of the board.")
    var all = false

    @Flag(help: "Print the whole report as JSON.")
    var json = false

    func validate() throws {
        if all && layout != nil { throw ArgumentParser.ValidationError("--all and --layout exclude each other") }
    }

    func run() throws {
        let loaded = try assets.load()
        if all {
            try rankAll(loaded)
            return
        }
        let name = layout ?? (loaded.keyboard.referenceLayout(named: "qwerty") != nil ? "qwerty" : loaded.keyboard.referenceLayouts.first?.name ?? "")
        let (layoutName, parsed) = try LayoutArgument.resolve(name, keyboard: loaded.keyboard, keycodes: loaded.catalog.keycodes)
        let report = loaded.scorer.analyze(parsed)
        let context = loaded.context(layoutName, parsed)
        if json {
            print(JSONWriter.write(ReportJSON.encode(report, context: context), pretty: true))
        } else {
            print(ReportText.render(report, context: context))
        }
    }

    private func rankAll(_ loaded: LoadedAssets) throws {
        let ranking = try Ranking.rank(scorer: loaded.scorer, keyboard: loaded.keyboard, keycodes: loaded.catalog.keycodes)
        if json {
            print(JSONWriter.write(Ranking.json(ranking, loaded: loaded), pretty: true))
        } else {
            print(Ranking.table(ranking, keyboard: loaded.keyboard, corpusID: loaded.corpus.id))
        }
    }
}
