import KeyForgeCore

/// The layers and magic rules of a layout drawn on the board, as printed keycaps carry them: small legends
/// in a key's corners, and the rules in a small table right of the board.
///
/// - The shift layer's symbol goes in the top-left corner when it is not just the base letter's capital
///   (`;` shows `:`, `q` shows nothing more), in class `legend-shift`.
/// - The extra layers' symbols go, in the layout's order, bottom-left, bottom-right, then top-right (when
///   no heat value is printed there), in class `legend-layer` with `data-layer` naming the layer; a fourth
///   extra layer and beyond are not drawn on the keys.
/// - The table lists `after → output` for each rule, in columns as tall as the board allows.
extension KeyboardSVG {
    /// The height of one row of the magic table, in pixels.
    static let magicRowHeight = 16.0
    /// The width of one column of the magic table, in pixels.
    static let magicColumnWidth = 64.0

    /// The rows of one column of the magic table in a panel `panelHeight` high.
    static func magicRowsPerColumn(panelHeight: Double) -> Int {
        max(1, Int((panelHeight - titleHeight - keyHeight - 2 * margin - magicRowHeight) / magicRowHeight))
    }

    /// The pixels the table of `rules` rules takes right of the board.
    static func magicTableWidth(rules: Int, panelHeight: Double) -> Double {
        guard rules > 0 else { return 0 }
        let perColumn = magicRowsPerColumn(panelHeight: panelHeight)
        return Double((rules + perColumn - 1) / perColumn) * magicColumnWidth + margin
    }

    /// The corner legends of key `key`.
    static func drawLayerLegends(_ layout: Layout, key: Int, left: Double, upper: Double, width: Double, height: Double,
                                 ink: String, valueShown: Bool, into svg: inout SVGText) {
        guard !layout.layers.isEmpty else { return }
        let base = key < layout.symbols.count ? layout.symbols[key] : nil
        if let shift = layout.shiftLayer, key < shift.symbols.count, let shifted = shift.symbols[key], shifted != base?.uppercased() {
            svg.line("<text class=\"legend-shift\" x=\"\(number(left + 7))\" y=\"\(number(upper + 15))\" font-size=\"11\" fill=\"\(ink)\">"
                     + "\(escape(label(shifted)))</text>")
        }
        // Corners for the extra layers: (x, y, anchor).
        var corners: [(Double, Double, String)] = [(left + 7, upper + height - 15, "start"), (left + width - 7, upper + height - 15, "end")]
        if !valueShown { corners.append((left + width - 7, upper + 15, "end")) }
        let extra = layout.layers.filter { $0.name != LayoutLayer.shiftName }
        for (layer, corner) in zip(extra, corners) {
            guard key < layer.symbols.count, let symbol = layer.symbols[key] else { continue }
            svg.line("<text class=\"legend-layer\" data-layer=\"\(escape(layer.name))\" x=\"\(number(corner.0))\" y=\"\(number(corner.1))\" "
                     + "font-size=\"10\" text-anchor=\"\(corner.2)\" fill=\"\(ink)\" fill-opacity=\"0.8\">\(escape(label(symbol)))</text>")
        }
    }

    /// The magic rules right of the board, in columns.
    static func drawMagicTable(_ rules: [MagicRule], geometry: Geometry, top: Double, into svg: inout SVGText) {
        guard !rules.isEmpty else { return }
        let perColumn = magicRowsPerColumn(panelHeight: geometry.panelHeight)
        let columns = (rules.count + perColumn - 1) / perColumn
        let left = geometry.width - margin - Double(columns) * magicColumnWidth
        let first = top + margin + titleHeight + 4
        svg.line("<g class=\"magic-rules\">")
        svg.line("<text x=\"\(number(left))\" y=\"\(number(first))\" font-size=\"11\" font-weight=\"bold\" fill=\"#333333\">magic</text>")
        for (index, rule) in rules.enumerated() {
            let x = left + Double(index / perColumn) * magicColumnWidth
            let y = first + Double(index % perColumn + 1) * magicRowHeight
            svg.line("<text class=\"magic-rule\" x=\"\(number(x))\" y=\"\(number(y))\" font-size=\"12\" fill=\"#222222\">"
                     + "\(escape(label(rule.after))) → \(escape(label(rule.output)))</text>")
        }
        svg.line("</g>")
    }
}
