import KeyForgeCore
import KeyForgeWire

/// Several layouts analyzed on one board, corpus and rubric, side by side with deltas against the first (`keyforge compare`).
package enum Comparison {
    /// Resolves and analyzes each layout argument; custom layouts are named `custom-<position>`.
    package static func analyze(_ arguments: [String], loaded: LoadedAssets) throws -> [AnalyzedLayout] {
        try arguments.enumerated().map { position, argument in
            let (name, layout) = try LayoutArgument.resolveOption(argument, keyboard: loaded.keyboard, keycodes: loaded.catalog.keycodes)
            return AnalyzedLayout(name: name == "custom" ? "custom-\(position + 1)" : name, layout: layout, report: loaded.scorer.analyze(layout))
        }
    }

    /// The rows of the comparison: name and value, in report order (score and parts first).
    package static func values(_ report: AnalysisReport, scope: MetricScope = .letters) -> [(String, Double)] {
        [("score", FixedPoint.toDouble(report.score.total)), ("per keystroke", ReportJSON.perKeystroke(report.score)),
         ("mono", FixedPoint.toDouble(report.score.mono)),
         ("bi", FixedPoint.toDouble(report.score.bi)), ("tri", FixedPoint.toDouble(report.score.tri)),
         ("unplaced cost", FixedPoint.toDouble(report.score.unplaced)),
         ("imbalance", FixedPoint.toDouble(report.score.imbalance))] + ReportJSON.scalarMetrics(report.scope(scope).metrics)
    }

    /// The comparison as JSON: each layout's score, parts and metrics, then each one's deltas against the first.
    package static func json(_ entries: [AnalyzedLayout], loaded: LoadedAssets) -> JSONValue {
        var object = loaded.jsonHeader()
        let base = entries[0]
        object.append("layouts", .array(entries.map { entry in
            var layout = JSONObject()
            layout.append("name", .string(entry.name))
            layout.append("layout", .string(entry.layout.tokenString))
            layout.append("score", ReportJSON.number(FixedPoint.toDouble(entry.report.score.total)))
            layout.append("score_parts", .object(ReportJSON.scoreParts(entry.report.score)))
            layout.append("metrics", .object(ReportJSON.metrics(entry.report.metrics)))
            layout.append("typing_metrics", .object(ReportJSON.metrics(entry.report.typingMetrics)))
            layout.append("unplaced_symbols", .array(entry.report.unplacedSymbols.map { .string($0.symbol) }))
            layout.append("moved_keys", .int(Int64(LayoutPicture.changedKeys(base.layout, entry.layout).count)))
            // A layout with extras: its layers' usage and presses, and its layers and rules (ReportJSON.extras).
            if entry.layout.hasExtras { for (name, value) in ReportJSON.extras(entry.report, layout: entry.layout) { layout.append(name, value) } }
            return .object(layout)
        }))
        object.append("deltas", .array(entries.dropFirst().map { entry in
            var delta = JSONObject()
            delta.append("name", .string(entry.name))
            delta.append("against", .string(base.name))
            let score = entry.report.score, baseScore = base.report.score
            delta.append("score", ReportJSON.number(FixedPoint.toDouble(score.total - baseScore.total)))
            delta.append("score_parts", .object(ReportJSON.scoreParts(score - baseScore)))
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


    /// The comparison as a text table: a column per layout, with its delta against the first.
    package static func table(_ entries: [AnalyzedLayout], loaded: LoadedAssets, scope: MetricScope = .letters) -> String {
        let base = entries[0]
        let width = max(14, entries.map { $0.name.count + 2 }.max() ?? 0)
        var lines = ["\(loaded.keyboard.name) · corpus \(loaded.corpus.id) · rubric \(loaded.rubricName) · \(scope.rawValue) scope · deltas against \(base.name)", ""]
        var header = ReportText.padRight("", 15) + ReportText.padLeft(base.name, width)
        for entry in entries.dropFirst() { header += ReportText.padLeft(entry.name, width) + ReportText.padLeft("Δ", 14) }
        lines.append(header)
        let baseValues = values(base.report, scope: scope)
        let others = entries.dropFirst().map { values($0.report, scope: scope) }
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
        lines.append("score and its parts: cost per 100k keystrokes (lower is better); per keystroke: score / 100k;")
        lines.append("metrics in % of the \(scope.rawValue) scope's n-grams (distance: key units per 100k keystrokes; unplaced: % of keystrokes on no key)")
        lines.append("keyforge analyze --explain defines every metric")
        return lines.joined(separator: "\n")
    }
}
