import KeyForgeCore

/// The readable analysis: the layout drawn as rows of keys, the score and its parts, the metrics.
public enum ReportText {
    /// The short label of a symbol on a drawn key.
    public static func label(_ symbol: String?) -> String {
        guard let symbol else { return "·" }
        switch symbol {
        case "SPACE": return "spc"
        case "ENTER": return "ent"
        case "BACKSPACE": return "bsp"
        case "SHIFT": return "sft"
        default: return symbol.count <= 3 ? symbol : String(symbol.prefix(3)).lowercased()
        }
    }

    /// The layout drawn row by row, each key placed by its x position (4 columns per key unit).
    public static func drawing(keyboard: Keyboard, layout: Layout) -> String {
        let minX = keyboard.keys.map(\.x).min() ?? 0
        var lines: [String] = []
        for row in Set(keyboard.keys.map(\.row)).sorted() {
            var line: [Character] = []
            for index in keyboard.keys.indices where keyboard.keys[index].row == row {
                let key = keyboard.keys[index]
                let column = Int(((key.centerX - minX) * 4).rounded())
                let text = label(layout.symbols[index])
                let start = max(column - (text.count - 1) / 2, line.isEmpty ? 0 : line.count + 1)
                while line.count < start { line.append(" ") }
                line.append(contentsOf: text)
            }
            lines.append("  " + String(line))
        }
        return lines.joined(separator: "\n")
    }

    /// A number with `digits` decimals, without Foundation.
    public static func fixed(_ value: Double, digits: Int = 2) -> String {
        var scale = 1.0
        for _ in 0..<digits { scale *= 10 }
        let scaled = Int64((abs(value) * scale).rounded(.toNearestOrAwayFromZero))
        let whole = scaled / Int64(scale), fraction = scaled % Int64(scale)
        var fractionText = String(fraction)
        while fractionText.count < digits { fractionText = "0" + fractionText }
        let sign = value < 0 && scaled != 0 ? "-" : ""
        return digits == 0 ? "\(sign)\(whole)" : "\(sign)\(whole).\(fractionText)"
    }

    /// `text` padded with spaces on the left to `width`.
    public static func padLeft(_ text: String, _ width: Int) -> String {
        text.count >= width ? text : String(repeating: " ", count: width - text.count) + text
    }

    /// `text` padded with spaces on the right to `width`.
    public static func padRight(_ text: String, _ width: Int) -> String {
        text.count >= width ? text : text + String(repeating: " ", count: width - text.count)
    }

    /// The whole report for one layout.
    public static func render(_ report: AnalysisReport, context: ReportJSON.Context) -> String {
        var out: [String] = []
        out.append("\(context.keyboard.name) · \(context.layoutName) · corpus \(context.corpusID) · rubric \(context.rubricName)")
        out.append("")
        out.append(drawing(keyboard: context.keyboard, layout: context.layout))
        out.append("")
        let score = report.score
        out.append("score \(fixed(FixedPoint.toDouble(score.total))) per 100k chars (lower is better)"
                   + " = mono \(fixed(FixedPoint.toDouble(score.mono))) + bi \(fixed(FixedPoint.toDouble(score.bi)))"
                   + " + tri \(fixed(FixedPoint.toDouble(score.tri))) + imbalance \(fixed(FixedPoint.toDouble(score.imbalance)))")
        out.append("")
        let m = report.metrics
        let rows: [(String, Double, String)] = [
            ("sfb", m.sfb, "%"), ("sfs", m.sfs, "%"), ("sfr", m.sfr, "%"), ("lsb", m.lsb, "%"),
            ("scissors_full", m.scissorsFull, "%"), ("scissors_half", m.scissorsHalf, "%"),
            ("roll_in", m.rollIn, "%"), ("roll_out", m.rollOut, "%"), ("alternation", m.alternation, "%"),
            ("onehand", m.onehand, "%"), ("redirect", m.redirect, "%"), ("bad_redirect", m.badRedirect, "%"),
            ("left_hand", m.leftHand, "%"), ("unplaced", m.unplaced, "%"), ("distance", m.distance, " u/100k"),
        ]
        for chunk in stride(from: 0, to: rows.count, by: 3) {
            out.append(rows[chunk..<min(chunk + 3, rows.count)].map { name, value, unit in
                padRight(name, 14) + padLeft(fixed(value), 9) + padRight(unit, 3)
            }.joined(separator: "   "))
        }
        out.append("fingers       " + zip(Key.fingerSlotNames, m.fingerUsage).map { "\($0) \(fixed($1, digits: 1))" }.joined(separator: "  "))
        out.append("rows          " + m.rowUsage.enumerated().map { "r\($0) \(fixed($1, digits: 1))" }.joined(separator: "  "))
        func list(_ title: String, _ entries: [NGramEntry]) {
            guard !entries.isEmpty else { return }
            out.append(padRight(title, 14) + entries.prefix(6).map {
                "\($0.symbols.map { label($0) }.joined()) \(fixed($0.percent))"
            }.joined(separator: "  "))
        }
        list("worst sfb", report.worstSameFinger)
        list("scissors", report.worstScissors)
        list("redirects", report.worstRedirects)
        return out.joined(separator: "\n")
    }
}
