import ArgumentParser
import KeyForgeCore
import KeyForgeWire
import KeyForgeServices

/// `keyforge analyze`: the exact-tier report of one layout, or a ranking of every reference layout.
struct AnalyzeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "analyze",
        abstract: "The exact report of a layout: metrics, score and its parts, worst n-grams.",
        discussion: """
        --layout takes a reference layout's name (see --all), a name from the layout library (keyforge \
        layouts list), or a layout string: one character per key \
        with no spaces, or whitespace-separated tokens (SPACE, ENTER, BACKSPACE, NONE for an empty key); \
        either for every key or for the 30 keys of the alpha block; or @FILE, a text file of the board's \
        rows: one line per row (top first, keys by column), symbols separated by spaces (extra spaces \
        between the halves are fine) or one character per symbol on a line without spaces, key names \
        (SPACE, BSPC, NONE) as words; blank lines and lines starting with # are skipped. Either a line for \
        every row, or three lines of the alpha block only.

        Metrics are reported in the letters scope by default (n-grams of characters only; SPACE, ENTER, \
        BACKSPACE and other named keys left out of numerator and denominator), or with --scope typing \
        over every keystroke; JSON has both (metrics, typing_metrics). The score is the same in both. \
        distance is key units (and distance_mm millimetres) per 100 000 keystrokes of the scope: for \
        each bigram, the plain distance between key centres from the finger's previous key when both \
        keys are on one finger, else from that finger's home key (not the rubric's weighted travel). \
        --explain prints every metric's definition (the same text as docs/METRICS.md).
        """
    )

    @OptionGroup var assets: AssetOptions

    @Option(name: .shortAndLong, help: "A reference layout name, a layout string, or @FILE (rows of text).")
    var layout: String?

    @Flag(help: "Rank every reference layout of the board.")
    var all = false

    @Flag(help: "With --all: rank the layout library's layouts that fit the board too (keyforge layouts list).")
    var library = false

    @Flag(help: "Print the whole report as JSON.")
    var json = false

    @Option(help: "The metrics' scope in the text report: letters (characters only, the default) or typing (every keystroke).")
    var scope: MetricScope = .letters

    @Flag(help: "Print every metric's one-line definition and scope (docs/METRICS.md) and exit.")
    var explain = false

    @Flag(help: .hidden)
    var explainMarkdown = false

    @Option(help: "Report a compatibility profile's metrics instead of KeyForge's (cyanophage-ergo, keygen, carpalx; see docs/PROFILES.md).")
    var profile: String?

    @Option(help: "On cyanophage-ergo: the thumb key a 34-character layout string's last character goes to (left or right).")
    var thumb: CyanophageErgo.Thumb = .left

    @OptionGroup var picture: PictureOptions

    func validate() throws {
        if all && picture.isRequested { throw ArgumentParser.ValidationError("--svg and --png draw one layout; they do not go with --all") }
        if all && layout != nil { throw ArgumentParser.ValidationError("--all and --layout exclude each other") }
        if library && !all { throw ArgumentParser.ValidationError("--library ranks the layout library with --all; it needs --all") }
        if let profile, profile != CyanophageErgo.name && !PeerProfiles.names.contains(profile) {
            throw ArgumentParser.ValidationError("unknown profile '\(profile)' (known: \(([CyanophageErgo.name] + PeerProfiles.names).joined(separator: ", ")))")
        }
        if profile != nil && all { throw ArgumentParser.ValidationError("--profile reports one layout; --all is not supported with it") }
        if let profile, PeerProfiles.names.contains(profile), picture.isRequested {
            throw ArgumentParser.ValidationError("--profile \(profile) reports figures only; --svg and --png are not supported with it")
        }
    }

    func run() throws {
        if explain || explainMarkdown {
            print(explainMarkdown ? MetricGlossary.markdown : MetricGlossary.text)
            return
        }
        if profile == Keygen.name { return try runKeygen() }
        if profile == Carpalx.name { return try runCarpalx() }
        try picture.checkOutputs()
        let loaded = try assets.load()
        if all {
            try rankAll(loaded)
            return
        }
        let name = layout ?? (loaded.keyboard.referenceLayout(named: "qwerty") != nil ? "qwerty" : loaded.keyboard.referenceLayouts.first?.name ?? "")
        let (layoutName, parsed) = try LayoutArgument.resolveOption(name, keyboard: loaded.keyboard, keycodes: loaded.catalog.keycodes, thumb: thumb)
        let report = loaded.scorer.analyze(parsed)
        let context = loaded.context(layoutName, parsed)
        if picture.isRequested {
            let panel = LayoutPicture.panel(title: LayoutPicture.title(loaded, layoutName: layoutName, report: report, heat: picture.heat),
                                            layout: parsed, report: report, heat: picture.heat, scope: picture.heatScope)
            for path in try picture.write(keyboard: loaded.keyboard, panels: [panel]) where !json { printError("wrote \(path)") }
        }
        if profile != nil {
            try printProfile(report: report, context: context, loaded: loaded, layout: parsed)
            return
        }
        if json {
            print(JSONWriter.write(ReportJSON.encodeWithExtras(report, context: context), pretty: true))
        } else {
            print(ReportText.render(report, context: context, scope: scope))
        }
    }

    private func rankAll(_ loaded: LoadedAssets) throws {
        let ranking: [AnalyzedLayout]
        if !library {
            ranking = try Ranking.rank(scorer: loaded.scorer, keyboard: loaded.keyboard, keycodes: loaded.catalog.keycodes)
        } else {
            let withLibrary = try Ranking.rankWithLibrary(scorer: loaded.scorer, keyboard: loaded.keyboard, keycodes: loaded.catalog.keycodes)
            ranking = withLibrary.ranking
            if !withLibrary.skipped.isEmpty {
                printError("\(withLibrary.skipped.count) library layouts do not fit \(loaded.keyboard.name) and are not ranked (first: \(withLibrary.skipped[0].reason))")
            }
        }
        if json {
            print(JSONWriter.write(Ranking.json(ranking, loaded: loaded), pretty: true))
        } else {
            let table = Ranking.table(ranking, keyboard: loaded.keyboard, corpusID: loaded.corpus.id, scope: scope)
            print(library ? table.replacing(" reference layouts, best first", with: " layouts (references and library), best first", maxReplacements: 1) : table)
        }
    }

    /// `--profile cyanophage-ergo`: the profile's metrics in the report's shape (`metrics`), KeyForge's
    /// own under `native_metrics`, the score left out (the profile has none).
    private func printProfile(report: AnalysisReport, context: ReportJSON.Context, loaded: LoadedAssets, layout: Layout) throws {
        guard loaded.keyboard.name == CyanophageErgo.keyboardName else {
            throw InputError(.invalid, source: "--profile", "\(CyanophageErgo.name) is defined on its own board: use --keyboard \(CyanophageErgo.keyboardName)")
        }
        guard !loaded.profileWords.isEmpty else {
            throw InputError(.invalid, source: loaded.corpus.id, "the profile walks words, and this corpus has no words segment")
        }
        let metrics = CyanophageErgo.metrics(keyboard: loaded.keyboard, layout: layout,
                                             words: loaded.profileWords)
        if !json {
            print("\(loaded.keyboard.name) · \(context.layoutName) · corpus \(loaded.corpus.id) · profile \(CyanophageErgo.name)")
            for (name, value) in metrics { print("\(ReportText.padRight(name, 16)) \(ReportText.fixed(value, digits: 4))") }
            return
        }
        guard case .object(var object) = ReportJSON.encodeWithExtras(report, context: context) else { return }
        let native = object["metrics"] ?? .null
        object.members.removeAll { ["metrics", "score", "score_parts", "worst"].contains($0.key) }
        object.members.insert(("profile", .string(CyanophageErgo.name)), at: 0)
        object.append("metrics", .object(JSONObject(metrics.map { ($0.name, .double($0.value)) })))
        object.append("native_metrics", native)
        print(JSONWriter.write(.object(object), pretty: true))
    }
}

extension CyanophageErgo.Thumb: ExpressibleByArgument {}
extension MetricScope: ExpressibleByArgument {}
