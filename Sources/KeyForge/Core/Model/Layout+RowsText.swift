/// A layout written as the rows text `Layout.parse(rows:)` reads (docs/LAYOUTS.md): the base layer's rows,
/// then `[shift] default` or `[shift]` with rows, each extra layer as `[layer NAME]` with rows, and `[magic]`
/// with one `after -> output` line per rule. Reading the text back gives the same layout.
extension Layout {
    /// The rows text of this layout on `keyboard` (every row of the board), ending with a newline.
    public func rowsText(for keyboard: Keyboard) -> String {
        let rows = Layout.keyRows(of: keyboard)
        var lines: [String] = []
        func write(_ layerSymbols: [String?]) {
            for row in rows {
                let tokens = row.map { key -> String in
                    guard let symbol = layerSymbols[key] else { return "NONE" }
                    return symbol == "#" ? "\\#" : symbol
                }
                lines.append(tokens.joined(separator: " "))
            }
        }
        write(symbols)
        for layer in layers {
            lines.append("")
            if layer.name == LayoutLayer.shiftName {
                if layer.symbols == Layout.defaultShiftSymbols(for: symbols) {
                    lines.append("[shift] default")
                    continue
                }
                lines.append("[shift]")
            } else {
                lines.append("[layer \(layer.name)]")
            }
            write(layer.symbols)
        }
        if !magicRules.isEmpty {
            lines.append("")
            lines.append("[magic]")
            for rule in magicRules {
                let escape: (String) -> String = { $0 == "#" ? "\\#" : $0 }
                lines.append("\(escape(rule.after)) -> \(escape(rule.output))")
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
