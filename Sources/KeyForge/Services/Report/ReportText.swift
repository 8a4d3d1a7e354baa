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
        case let key where LayoutLayer.layerName(ofKey: key) != nil:
            // A layer key shows its layer (`MO(sym)` -> `sym`).
            return String(LayoutLayer.layerName(ofKey: key)!.prefix(3))
        default: return symbol.count <= 3 ? symbol : String(symbol.prefix(3)).lowercased()
        }
    }

    /// The visible mark of a named key inside an n-gram token (`s␣a`, `o⌫`, `.⏎`), or nil for a character.
    public static func mark(_ symbol: String) -> String? {
        switch symbol {
        case "SPACE": return "␣"
        case "ENTER": return "⏎"
        case "BACKSPACE": return "⌫"
        case "TAB": return "⇥"
        case "SHIFT": return "⇧"
        case "ESCAPE", "ESC": return "⎋"
        case "DELETE": return "⌦"
        default: return MetricScope.isCharacter(symbol) ? nil : "‹\(symbol.lowercased())›"
        }
    }

    /// An n-gram written as one token: characters as themselves, named keys as their marks
    /// (other named keys as `‹name›`), so no two symbols run together (`s␣a`, not `sspca`).
    public static func token(_ symbols: [String]) -> String {
        symbols.map { mark($0) ?? $0 }.joined()
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

    /// Layouts with extras only: each layer's share of the placed symbols' presses with its layer-key
    /// presses, the presses of the REPEAT and MAGIC keys the layout has, and the magic rules; nothing for a
    /// layout without extras.
    public static func layerLines(_ report: AnalysisReport, layout: Layout) -> [String] {
        var lines: [String] = []
        if !report.layers.isEmpty {
            lines.append(padRight("layers", 14) + report.layers.map { usage in
                let keys = usage.name == "base" ? "" : " (\(usage.name == LayoutLayer.shiftName ? "shift" : "layer") key \(fixed(usage.layerKeyPresses))%)"
                return "\(usage.name) \(fixed(usage.percent))%" + keys
            }.joined(separator: "  ") + "  (share of presses of placed symbols)")
        }
        let presses = [(Layout.repeatSymbol, report.repeatPresses), (Layout.magicSymbol, report.magicPresses)]
            .filter { layout.symbols.contains($0.0) }
        if !presses.isEmpty {
            lines.append(padRight("repeat, magic", 14) + presses.map { "\($0.0) \(fixed($0.1))%" }.joined(separator: "  ") + "  (presses, % of keystrokes)")
        }
        if !layout.magicRules.isEmpty {
            lines.append(padRight("magic rules", 14) + layout.magicRules.map { "\(mark($0.after) ?? $0.after)→\(mark($0.output) ?? $0.output)" }
                .joined(separator: "  "))
        }
        return lines
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
    /// `scopeOption` is the option that picks the scope where the report is printed (`--scope`; `search`,
    /// whose `--scope` picks the movable keys, calls it `--metric-scope`).
    public static func render(_ report: AnalysisReport, context: ReportJSON.Context, scope: MetricScope = .letters,
                              scopeOption: String = "--scope") -> String {
        var out: [String] = []
        out.append("\(context.keyboard.name) · \(context.layoutName) · corpus \(context.corpusID) · rubric \(context.rubricName) · \(scope.rawValue) scope")
        out.append("")
        out.append(drawing(keyboard: context.keyboard, layout: context.layout))
        // Each layer drawn under the base (a default shift layer goes without saying).
        for layer in context.layout.layers {
            if layer.name == LayoutLayer.shiftName && layer.symbols == Layout.defaultShiftSymbols(for: context.layout.symbols) { continue }
            out.append("")
            out.append("  [\(layer.name == LayoutLayer.shiftName ? "shift" : "layer \(layer.name)")]")
            out.append(drawing(keyboard: context.keyboard, layout: Layout(symbols: layer.symbols)))
        }
        out.append("")
        let score = report.score
        out.append("score \(fixed(FixedPoint.toDouble(score.total), digits: 3)) per 100k keystrokes (lower is better),"
                   + " \(fixed(ReportJSON.perKeystroke(score))) per average keystroke")
        out.append("  = mono \(fixed(FixedPoint.toDouble(score.mono), digits: 3)) + bi \(fixed(FixedPoint.toDouble(score.bi), digits: 3))"
                   + " + tri \(fixed(FixedPoint.toDouble(score.tri), digits: 3)) + unplaced \(fixed(FixedPoint.toDouble(score.unplaced), digits: 3))"
                   + " + imbalance \(fixed(FixedPoint.toDouble(score.imbalance), digits: 3)) (parts rounded separately)")
        if !report.unplacedSymbols.isEmpty {
            out.append("unplaced      " + report.unplacedSymbols.map { "\(mark($0.symbol) ?? $0.symbol) \(fixed($0.percent))%" }.joined(separator: "  ")
                       + "  (symbols on no key, % of keystrokes)")
        }
        out += layerLines(report, layout: context.layout)
        out.append("")
        let selected = report.scope(scope)
        let m = selected.metrics
        let rows: [(String, Double, String)] = [
            ("sfb", m.sfb, "%"), ("sfs", m.sfs, "%"), ("sfr", m.sfr, "%"), ("lsb", m.lsb, "%"),
            ("scissors_full", m.scissorsFull, "%"), ("scissors_half", m.scissorsHalf, "%"),
            ("roll_in", m.rollIn, "%"), ("roll_out", m.rollOut, "%"), ("alternation", m.alternation, "%"),
            ("onehand", m.onehand, "%"), ("redirect", m.redirect, "%"), ("bad_redirect", m.badRedirect, "%"),
            ("left_hand", m.leftHand, "%"), ("unplaced", m.unplaced, "%"), ("distance", m.distance, " u/100k"),
            ("distance_mm", m.distanceMillimetres, " mm/100k"),
        ]
        for chunk in stride(from: 0, to: rows.count, by: 3) {
            out.append(rows[chunk..<min(chunk + 3, rows.count)].map { name, value, unit in
                padRight(name, 14) + padLeft(fixed(value), 11) + padRight(unit, 3)
            }.joined(separator: "   "))
        }
        out.append("fingers       " + zip(Key.fingerSlotNames, m.fingerUsage).map { "\($0) \(fixed($1, digits: 1))" }.joined(separator: "  "))
        out.append("rows          " + m.rowUsage.enumerated().map { "r\($0) \(fixed($1, digits: 1))" }.joined(separator: "  "))
        func list(_ title: String, _ entries: [NGramEntry]) {
            guard !entries.isEmpty else { return }
            out.append(padRight(title, 14) + entries.prefix(6).map {
                "\(token($0.symbols)) \(fixed($0.percent))"
            }.joined(separator: "  "))
        }
        list("worst sfb", selected.worstSameFinger)
        list("scissors", selected.worstScissors)
        list("redirects", selected.worstRedirects)
        out.append("")
        out.append("metrics in % of the \(scope.rawValue) scope's n-grams (\(scopeOption) \(scope == .letters ? "typing" : "letters") for the other);"
                   + " keyforge analyze --explain defines each")
        return out.joined(separator: "\n")
    }
}
