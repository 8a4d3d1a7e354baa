import ArgumentParser
import Dispatch
import KeyForgeCore
import KeyForgeWire
import KeyForgeSystem
import KeyForgeServices

/// `keyforge search`: a local search by tempering or rounds of annealing (docs/PHYSICS.md section 5) ending with the exact report.
struct SearchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "search",
        abstract: "Search for a better layout (replica exchange, or rounds of annealing); ends with the exact report of the best.",
        discussion: """
        By default the 30 alpha-block keys move and every other key keeps its base symbol (--scope all \
        lets every key move). --steps makes a run deterministic: the same seed, inputs and --threads give \
        the same layout and score on every machine; --time stops by the clock. Ctrl-C stops cleanly and \
        keeps the best so far. --out, --svg and --png are checked before the search starts (exit 73 at once \
        if one cannot be created); if a write still fails at the end, the report is printed anyway and the \
        error names the file (exit 73).
        """
    )

    @OptionGroup var assets: AssetOptions

    @Option(name: .shortAndLong, help: "The start layout: a reference name, a layout string or @FILE of rows (default: qwerty, else the board's first).")
    var layout: String?

    @Option(help: "Seconds to search (default 60 unless --steps is given).")
    var time: Double?

    @Option(help: "Annealing steps per thread (deterministic).")
    var steps: Int64?

    @Option(help: "The seed (default: from the clock; printed so a run can be repeated).")
    var seed: UInt64?

    @Option(help: "Replicas run in parallel (default: all cores).")
    var threads: Int?

    @Option(help: "Keys that never move: symbols (\"q w e\") or key indexes (\"0 11\").")
    var pin: String?

    @Option(help: "Only these symbols may move (\"e t a o\").")
    var free: String?

    @Option(help: "Which keys may move: alpha (the 30-key block) or all.")
    var scope: SearchScope = .alpha

    @Option(help: "How each thread searches: tempering (8 chains at fixed temperatures exchanging layouts; the default) or rounds (annealing, then iterated local search; the default with --magic, --layer-moves or an option of the rounds below). See docs/PHYSICS.md section 5.")
    var method: SearchMethod?

    @Option(help: "Rounds per thread with --steps, sharing the steps (with --time, rounds of 4 M steps follow each other until the time is up; see docs/PHYSICS.md section 5). Default 4; implies --method rounds.")
    var restarts: Int?

    @Option(help: "Steps per round, with --steps or --time (instead of --restarts): a run with more steps then repeats one with fewer and goes on. Implies --method rounds.")
    var roundSteps: Int64?

    @Option(help: "The share of each round spent annealing; the rest goes to iterated local search (default 0.3; implies --method rounds).")
    var annealShare: Double?

    @Option(help: ArgumentHelp("How rounds 1, 2, ... start, in turn: letters B (the best so far, kicked), S (a fresh shuffle), X (the best crossed with another good layout).", visibility: .hidden))
    var roundPattern: String?

    @Flag(help: ArgumentHelp("Print one line per finished round on stderr: replica, round, start, steps, round score, best.", visibility: .hidden))
    var traceRounds = false

    @Option(help: "Repeat the search with N consecutive seeds and report best, median and worst.")
    var runs: Int = 1

    @Option(help: "Write the best layout's report as JSON to this file.")
    var out: String?

    @Flag(help: "Print only the JSON report of the best layout on stdout.")
    var json = false

    @Option(help: "The metrics' scope in the text report: letters (characters only, the default) or typing (every keystroke).")
    var metricScope: MetricScope = .letters

    @Option(help: "Optimize a peer's objective instead of KeyForge's score (keygen, carpalx; see docs/PROFILES.md; needs --keyboard keygen|carpalx and --corpus FILE.txt).")
    var profile: String?

    @Option(help: "Let the search choose N magic rules (after a symbol, MAGIC types another), besides the start layout's rules, which stay; puts MAGIC on the first empty thumb key when the layout has none and --magic-key is not given.")
    var magic: Int = 0

    @Option(help: "Put MAGIC on this key (a key index; its symbol is replaced).")
    var magicKey: Int?

    @Option(help: "Put REPEAT on this key (a key index; its symbol is replaced).")
    var repeatKey: Int?

    @Option(help: "Symbols that may leave the base layer for a layer (\"; ' -\"); turns on moves between layers for a start layout with a layer besides shift.")
    var layerMoves: String?

    @OptionGroup var picture: PictureOptions

    /// True when an option of the rounds is given (they imply `--method rounds`).
    var shapesRounds: Bool { restarts != nil || roundSteps != nil || annealShare != nil || roundPattern != nil }

    /// The method given, else rounds for a search with rule or layer moves or an option of the rounds, else tempering.
    var effectiveMethod: SearchMethod {
        method ?? (magic > 0 || layerMoves != nil || shapesRounds ? .rounds : .tempering)
    }

    func validate() throws {
        if let profile, !PeerProfiles.names.contains(profile) {
            throw ArgumentParser.ValidationError("unknown search profile '\(profile)' (known: \(PeerProfiles.names.joined(separator: ", ")))")
        }
        if profile != nil && (picture.isRequested || runs != 1 || method != nil) {
            throw ArgumentParser.ValidationError("--profile searches take neither --svg/--png, --runs nor --method")
        }
        if let time, !(time > 0 && time <= 7 * 86_400) { throw ArgumentParser.ValidationError("--time must be a number of seconds above 0") }
        if let steps, steps < 1 { throw ArgumentParser.ValidationError("--steps must be at least 1") }
        if time != nil && steps != nil { throw ArgumentParser.ValidationError("--time and --steps exclude each other") }
        if let threads, !(1...256).contains(threads) { throw ArgumentParser.ValidationError("--threads must be 1 ... 256") }
        if let roundSteps, roundSteps < 1_000 { throw ArgumentParser.ValidationError("--round-steps must be at least 1000") }
        if let restarts, !(1...1000).contains(restarts) { throw ArgumentParser.ValidationError("--restarts must be 1 ... 1000") }
        if !(1...1000).contains(runs) { throw ArgumentParser.ValidationError("--runs must be 1 ... 1000") }
        if let roundPattern { _ = try RoundPatternOption.parse(roundPattern) }
        if method == .tempering && (magic > 0 || layerMoves != nil) {
            throw ArgumentParser.ValidationError("--method tempering does not move magic rules or layers; use --method rounds with --magic or --layer-moves")
        }
        if method == .tempering && shapesRounds {
            throw ArgumentParser.ValidationError("--restarts, --round-steps, --anneal-share and --round-pattern shape rounds; use them with --method rounds")
        }
        if let annealShare, !(annealShare >= 0.05 && annealShare <= 1) { throw ArgumentParser.ValidationError("--anneal-share must be 0.05 ... 1") }
        if !(0...SearchExtras.maxFreeRules).contains(magic) { throw ArgumentParser.ValidationError("--magic must be 0 ... \(SearchExtras.maxFreeRules)") }
        if profile != nil && (magic > 0 || magicKey != nil || repeatKey != nil) {
            throw ArgumentParser.ValidationError("--profile searches take neither --magic nor --magic-key/--repeat-key")
        }
    }

    func run() throws {
        if profile == Keygen.name { return try runKeygen() }
        if profile == Carpalx.name { return try runCarpalx() }
        // Output paths first: a search that cannot write its results is not started (exit 73 at once).
        if let out { try OutputFile.check(out, option: "--out") }
        try picture.checkOutputs()
        let loaded = try assets.load()
        let startName = layout ?? (loaded.keyboard.referenceLayout(named: "qwerty") != nil ? "qwerty" : loaded.keyboard.referenceLayouts.first?.name ?? "")
        let (layoutName, given) = try LayoutArgument.resolveOption(startName, keyboard: loaded.keyboard, keycodes: loaded.catalog.keycodes)
        let extras = try SearchExtras.prepare(start: given, keyboard: loaded.keyboard, corpus: loaded.corpus, magic: magic,
                                              magicKey: magicKey, repeatKey: repeatKey)
        let start = extras.layout
        var layerMoveSymbols: [String] = []
        if let layerMoves {
            guard start.layers.contains(where: { $0.name != LayoutLayer.shiftName }) else {
                throw InputError(.invalid, source: "--layer-moves", "the start layout has no layer besides shift to move symbols to")
            }
            layerMoveSymbols = try SearchSelection.symbolList(layerMoves, option: "--layer-moves", keycodes: loaded.catalog.keycodes)
        }
        let movable = try SearchSelection.movableKeys(keyboard: loaded.keyboard, layout: start, scope: scope, pin: pin, free: free,
                                                     keycodes: loaded.catalog.keycodes)
        let optimized = OptimizedScorer(exact: loaded.scorer)
        let threadCount = threads ?? SearchRunner.coreCount
        let baseSeed = seed ?? SearchRunner.clockSeed()
        Interrupt.install()
        var outcomes: [SearchRunner.Outcome] = []
        for run in 0..<runs where !(run > 0 && Interrupt.isRequested) {
            var parameters = SearchParameters(stepsPerReplica: steps ?? Int64.max / 4, seed: baseSeed &+ UInt64(run),
                                              movableKeys: movable, restarts: restarts ?? SearchParameters.defaultRestarts,
                                              annealShare: annealShare ?? SearchParameters.defaultAnnealShare,
                                              roundSteps: roundSteps, roundPattern: try RoundPatternOption.parse(roundPattern))
            parameters.method = effectiveMethod
            parameters.ruleCandidates = extras.candidates
            parameters.freeRuleSlots = extras.freeSlots
            parameters.layerMoveSymbols = layerMoveSymbols
            var runner = SearchRunner(scorer: optimized, parameters: parameters, threads: threadCount,
                                      seconds: steps == nil ? (time ?? 60) : nil, quiet: json, label: runs > 1 ? "run \(run + 1)/\(runs)" : "search")
            if traceRounds { runner.onRound = RoundPatternOption.traceLine }
            outcomes.append(try runner.run(start: start))
        }
        guard let best = outcomes.min(by: { ($0.best.score.total, $0.seed) < ($1.best.score.total, $1.seed) }) else { return }
        let report = loaded.scorer.analyze(best.best.layout)
        guard report.score == best.best.score else {
            throw InputError(.invalid, source: "search", "internal error: the optimized score \(best.best.score.total) differs from the exact score \(report.score.total)")
        }
        let context = loaded.context("search", best.best.layout)
        var document = JSONObject()
        if case .object(let object) = ReportJSON.encodeWithExtras(report, context: context) { document = object }
        document.append("seed", .int(Int64(bitPattern: best.seed)))
        document.append("search", SearchRunner.summaryJSON(best, start: layoutName, threads: threadCount, method: effectiveMethod))
        let text = JSONWriter.write(.object(document), pretty: true) + "\n"
        // A write that still fails (the folder went away during the search) loses nothing: the report
        // is printed all the same, then the failure names the path asked for, with exit 73.
        var failures: [InputError] = []
        var written: [String] = []
        if let out {
            do { try OutputFile.write(out, Array(text.utf8)); written.append(out) } catch { failures.append(error) }
        }
        if picture.isRequested {
            let title = LayoutPicture.title(loaded, layoutName: "search (seed \(best.seed), from \(layoutName))", report: report, heat: picture.heat)
            let panel = LayoutPicture.panel(title: title, layout: best.best.layout, report: report, heat: picture.heat, scope: picture.heatScope)
            for (path, format) in picture.requested {
                do { try LayoutPicture.write(keyboard: loaded.keyboard, panels: [panel], format: format, to: path); written.append(path) } catch {
                    failures.append(error)
                }
            }
        }
        if json {
            print(text, terminator: "")
            try Self.fail(failures)
            return
        }
        let startScore = loaded.scorer.score(start).total
        print(ReportText.render(report, context: context, scope: metricScope, scopeOption: "--metric-scope"))
        print("")
        print(SearchRunner.summaryLine(best, startName: layoutName, startScore: startScore, threads: threadCount))
        if runs > 1 { print(SearchRunner.runsLine(outcomes)) }
        for path in written { print("wrote \(path)") }
        if Interrupt.isRequested { print("stopped by Ctrl-C: this is the best layout found so far") }
        try Self.fail(failures)
    }

    /// Throws the first failed write after naming the others on standard error (nothing when none failed).
    private static func fail(_ failures: [InputError]) throws(InputError) {
        guard let first = failures.first else { return }
        for other in failures.dropFirst() { printError("keyforge: \(other.description)") }
        throw first
    }
}

/// Which keys a search may move by default.
extension SearchScope: ExpressibleByArgument {}
extension SearchMethod: ExpressibleByArgument {}
