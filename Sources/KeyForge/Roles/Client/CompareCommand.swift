import ArgumentParser
import KeyForgeCore
import KeyForgeWire
import KeyForgeServices

/// `keyforge compare`: several layouts' exact metrics side by side, with deltas against the first.
struct CompareCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "compare",
        abstract: "Compare layouts: the exact metrics side by side, deltas against the first, and a drawing of what moved.",
        discussion: """
        Each layout is a reference name or a layout string, analyzed as `analyze` does on the same board, \
        corpus and rubric. A delta is the layout's value minus the first layout's. --svg/--png draw the \
        first layout, then each other one with the keys whose symbol differs outlined and an arrow from \
        each moved symbol's old key to its new one.
        """
    )

    @OptionGroup var assets: AssetOptions

    @Argument(help: "Two or more layouts: reference names or layout strings; the first is the baseline.")
    var layouts: [String] = []

    @Flag(help: "Print the comparison as JSON.")
    var json = false

    @OptionGroup var picture: PictureOptions

    func validate() throws {
        if layouts.count < 2 { throw ArgumentParser.ValidationError("compare needs at least two layouts (got \(layouts.count))") }
        if layouts.count > 16 { throw ArgumentParser.ValidationError("compare takes at most 16 layouts (got \(layouts.count))") }
    }

    /// One analyzed layout.
    struct Entry {
        var name: String
        var layout: Layout
        var report: AnalysisReport
    }

    func run() throws {
        let loaded = try assets.load()
        let entries = try CompareCommand.analyze(layouts, loaded: loaded)
        if json {
            print(JSONWriter.write(CompareCommand.json(entries, loaded: loaded), pretty: true))
        } else {
            print(CompareCommand.table(entries, loaded: loaded))
        }
        if picture.isRequested {
            let base = entries[0]
            var panels = [LayoutPicture.panel(title: RenderCommand.title(loaded, layoutName: base.name, report: base.report, heat: picture.heat),
                                              layout: base.layout, report: base.report, heat: picture.heat)]
            for entry in entries.dropFirst() {
                let moved = LayoutPicture.changedKeys(base.layout, entry.layout).count
                let title = RenderCommand.title(loaded, layoutName: entry.name, report: entry.report, heat: picture.heat)
                    + " · \(moved) keys differ from \(base.name)"
                panels.append(LayoutPicture.comparisonPanel(title: title, base: base.layout, layout: entry.layout,
                                                            report: entry.report, heat: picture.heat))
            }
            for path in try picture.write(keyboard: loaded.keyboard, panels: panels) where !json { print("wrote \(path)") }
        }
    }

    /// Resolves and analyzes each layout argument; custom layouts are named `custom-<position>`.
    static func analyze(_ arguments: [String], loaded: LoadedAssets) throws -> [Entry] {
        try arguments.enumerated().map { position, argument in
            let (name, layout) = try LayoutArgument.resolve(argument, keyboard: loaded.keyboard, keycodes: loaded.catalog.keycodes)
            return Entry(name: name == "custom" ? "custom-\(position + 1)" : name, layout: layout, report: loaded.scorer.analyze(layout))
        }
    }

    /// The rows of the comparison: name and value, in report order (score and parts first).
    static func values(_ report: AnalysisReport) -> [(String, Double)] {
        [("score", FixedPoint.toDouble(report.score.total)), ("mono", FixedPoint.toDouble(report.score.mono)),
         ("bi", FixedPoint.toDouble(report.score.bi)), ("tri", FixedPoint.toDouble(report.score.tri)),
         ("imbalance", FixedPoint.toDouble(report.score.imbalance))] + ReportJSON.scalarMetrics(report.metrics)
    }

    static func json(_ entries: [Entry], loaded: LoadedAssets) -> JSONValue {
        var object = loaded.jsonHeader()
        let base = entries[0]
        object.append("layouts", .array(entries.map { entry in
            var layout = JSONObject()
            layout.append("name", .string(entry.name))
            layout.append("layout", .string(entry.layout.tokenString))
            layout.append("score", ReportJSON.number(FixedPoint.toDouble(entry.report.score.total)))
            layout.append("score_parts", .object(parts(entry.report.score)))
            layout.append("metrics", .object(ReportJSON.metrics(entry.report.metrics)))
            layout.append("moved_keys", .int(Int64(LayoutPicture.changedKeys(base.layout, entry.layout).count)))
            return .object(layout)
        }))
        object.append("deltas", .array(entries.dropFirst().map { entry in
            var delta = JSONObject()
            delta.append("name", .string(entry.name))
            delta.append("against", .string(base.name))
            let score = entry.report.score, baseScore = base.report.score
            delta.append("score", ReportJSON.number(FixedPoint.toDouble(score.total - baseScore.total)))
            delta.append("score_parts", .object(parts(ScoreParts(mono: score.mono - baseScore.mono, bi: score.bi - baseScore.bi,
                                                                 tri: score.tri - baseScore.tri, imbalance: score.imbalance - baseScore.imbalance))))
            var metrics = JSONObject()
            for ((name, value), (_, baseValue)) in zip(ReportJSON.scalarMetrics(entry.report.metrics), ReportJSON.scalarMetrics(base.report.metrics)) {
                metrics.append(name, ReportJSON.number(value - baseValue))
            }
            metrics.append("finger_usage", .array(zip(entry.report.metrics.fingerUsage, base.report.metrics.fingerUsage).map { ReportJSON.number($0 - $1) }))
            delta.append("metrics", .object(metrics))
            delta.append("moved_keys", .int(Int64(LayoutPicture.changedKeys(base.layout, entry.layout).count)))
            return .object(delta)
        }))
        return .object(object)
    }

    private static func parts(_ score: ScoreParts) -> JSONObject {
        JSONObject([("mono", ReportJSON.number(FixedPoint.toDouble(score.mono))), ("bi", ReportJSON.number(FixedPoint.toDouble(score.bi))),
                    ("tri", ReportJSON.number(FixedPoint.toDouble(score.tri))), ("imbalance", ReportJSON.number(FixedPoint.toDouble(score.imbalance)))])
    }

    static func table(_ entries: [Entry], loaded: LoadedAssets) -> String {
        let base = entries[0]
        let width = max(14, entries.map { $0.name.count + 2 }.max() ?? 0)
        var lines = ["\(loaded.keyboard.name) · corpus \(loaded.corpus.id) · rubric \(loaded.rubricName) · deltas against \(base.name)", ""]
        var header = ReportText.padRight("", 15) + ReportText.padLeft(base.name, width)
        for entry in entries.dropFirst() { header += ReportText.padLeft(entry.name, width) + ReportText.padLeft("Δ", 14) }
        lines.append(header)
        let baseValues = values(base.report)
        let others = entries.dropFirst().map { values($0.report) }
        for (row, (name, baseValue)) in baseValues.enumerated() {
            var line = ReportText.padRight(name, 15) + ReportText.padLeft(ReportText.fixed(baseValue), width)
            for other in others {
                let value = other[row].1, delta = value - baseValue
                line += ReportText.padLeft(ReportText.fixed(value), width) + ReportText.padLeft((delta > 0 ? "+" : "") + ReportText.fixed(delta), 14)
            }
            lines.append(line)
        }
        var moved = ReportText.padRight("keys moved", 15) + ReportText.padLeft("", width)
        for entry in entries.dropFirst() {
            moved += ReportText.padLeft("\(LayoutPicture.changedKeys(base.layout, entry.layout).count)", width) + ReportText.padLeft("", 14)
        }
        lines.append(moved)
        lines.append("")
        lines.append("score and its parts: cost per 100k characters (lower is better); metrics in % (distance: key units per 100k)")
        return lines.joined(separator: "\n")
    }
}
