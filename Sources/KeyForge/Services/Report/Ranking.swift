import KeyForgeCore
import KeyForgeWire

/// Every reference layout of a board, analyzed and ranked by exact score (ties by name).
package enum Ranking {
    /// The board's reference layouts analyzed, best (lowest score) first, ties by name.
    package static func rank(scorer: ExactScorer, keyboard: Keyboard, keycodes: KeycodeTable) throws -> [AnalyzedLayout] {
        var entries: [AnalyzedLayout] = []
        for reference in keyboard.referenceLayouts {
            let (_, layout) = try LayoutArgument.resolve(reference.name, keyboard: keyboard, keycodes: keycodes)
            entries.append(AnalyzedLayout(name: reference.name, layout: layout, report: scorer.analyze(layout)))
        }
        return entries.sorted { lhs, rhs in
            lhs.report.score.total != rhs.report.score.total ? lhs.report.score.total < rhs.report.score.total : lhs.name < rhs.name
        }
    }

    /// The ranking as JSON: the assets' header, then each layout's report with its rank.
    package static func json(_ entries: [AnalyzedLayout], loaded: LoadedAssets) -> JSONValue {
        var object = loaded.jsonHeader()
        object.append("ranking", .array(entries.enumerated().map { index, entry in
            let context = loaded.context(entry.name, entry.layout)
            guard case .object(let report) = ReportJSON.encode(entry.report, context: context) else { return .null }
            var ranked = JSONObject([("rank", .int(Int64(index + 1)))])
            for member in report.members { ranked.append(member.key, member.value) }
            return .object(ranked)
        }))
        return .object(object)
    }

    /// The ranking as a text table, one row per layout, with the metrics of `scope`.
    package static func table(_ entries: [AnalyzedLayout], keyboard: Keyboard, corpusID: String, scope: MetricScope = .letters) -> String {
        let columns = ["score", "/key", "sfb", "sfs", "lsb", "scissors", "roll_in", "roll_out", "redirect", "altern.", "left", "unplaced"]
        var lines = ["\(keyboard.name) · corpus \(corpusID) · \(scope.rawValue) scope · \(entries.count) reference layouts, best first", ""]
        let nameWidth = max(13, (entries.map(\.name.count).max() ?? 0) + 2)   // library names (--library) run longer
        lines.append(ReportText.padRight("#", 4) + ReportText.padRight("layout", nameWidth) + columns.map { ReportText.padLeft($0, 10) }.joined())
        for (index, entry) in entries.enumerated() {
            let m = entry.report.scope(scope).metrics
            let values = [FixedPoint.toDouble(entry.report.score.total), ReportJSON.perKeystroke(entry.report.score), m.sfb, m.sfs, m.lsb,
                          m.scissorsFull + m.scissorsHalf, m.rollIn, m.rollOut, m.redirect, m.alternation, m.leftHand, m.unplaced]
            lines.append(ReportText.padRight("\(index + 1)", 4) + ReportText.padRight(entry.name, nameWidth)
                         + values.map { ReportText.padLeft(ReportText.fixed($0), 10) }.joined())
        }
        lines.append("")
        lines.append("score: cost per 100k keystrokes (lower is better); /key: the same per keystroke; the rest in % of the")
        lines.append("\(scope.rawValue) scope (left: share of the left hand; unplaced: keystrokes whose symbol is on no key);")
        lines.append("keyforge analyze --explain defines every metric")
        return lines.joined(separator: "\n")
    }
}
