import KeyForgeCore

/// The pictures the client writes: a layout with its heat map, or a layout beside the first of a
/// comparison with what moved, as SVG text or PNG bytes.
public enum LayoutPicture {
    /// A picture's file format.
    public enum Format: String, Sendable {
        /// SVG text.
        case svg
        /// PNG through librsvg.
        case png

        /// The format a file name's extension asks for (`.svg`, `.png`, any case), else nil.
        public init?(path: String) {
            let lower = path.lowercased()
            if lower.hasSuffix(".svg") { self = .svg } else if lower.hasSuffix(".png") { self = .png } else { return nil }
        }
    }

    /// The per-key values of `heat` from `report`: usage in % of the scope's keystrokes (letters: character
    /// presses only, so SPACE reads 0; typing: every press), or attributed cost.
    public static func heatValues(_ report: AnalysisReport, heat: KeyboardSVG.Heat,
                                  scope: MetricScope = .letters) -> (values: [Double], label: String)? {
        switch heat {
        case .usage: return (report.keyUsage.map { scope == .typing ? $0.typingUsage : $0.usage }, "usage %")
        case .cost: return (report.keyUsage.map(\.attributed), "cost / 100k chars")
        case .none: return nil
        }
    }

    /// One layout drawn with its heat map, its scale spanning the keys of `scope`.
    public static func panel(title: String, layout: Layout, report: AnalysisReport, heat: KeyboardSVG.Heat,
                             scope: MetricScope = .letters) -> KeyboardSVG.Panel {
        let values = heatValues(report, heat: heat, scope: scope)
        return KeyboardSVG.Panel(title: title, layout: layout, heat: values?.values, heatLabel: values?.label ?? "", heatScope: scope)
    }

    /// `layout` drawn against `base`: keys whose symbol differs are outlined, and an arrow runs from
    /// each moved symbol's key in `base` to its key in `layout` (the first key carrying it, for a
    /// symbol on several keys).
    public static func comparisonPanel(title: String, base: Layout, layout: Layout, report: AnalysisReport,
                                       heat: KeyboardSVG.Heat, scope: MetricScope = .letters) -> KeyboardSVG.Panel {
        marked(panel(title: title, layout: layout, report: report, heat: heat, scope: scope), against: base)
    }

    /// `panel` with what moved since `base` marked: the keys whose symbol differs outlined, and an arrow
    /// from each moved symbol's key in `base` to its key in the panel's layout.
    public static func marked(_ panel: KeyboardSVG.Panel, against base: Layout) -> KeyboardSVG.Panel {
        var panel = panel
        let layout = panel.layout
        let changed = changedKeys(base, layout)
        panel.highlighted = Set(changed)
        var oldKey: [String: Int] = [:]
        for (index, symbol) in base.symbols.enumerated() { if let symbol, oldKey[symbol] == nil { oldKey[symbol] = index } }
        panel.arrows = changed.compactMap { index in
            guard let symbol = layout.symbols[index], let from = oldKey[symbol] else { return nil }
            return (from, index)
        }
        return panel
    }

    /// The keys whose symbol differs between two layouts of one board.
    public static func changedKeys(_ first: Layout, _ second: Layout) -> [Int] {
        zip(first.symbols, second.symbols).enumerated().compactMap { $0.element.0 == $0.element.1 ? nil : $0.offset }
    }

    /// The picture's file bytes.
    public static func encode(keyboard: Keyboard, panels: [KeyboardSVG.Panel], format: Format) throws(InputError) -> [UInt8] {
        let svg = KeyboardSVG.render(keyboard: keyboard, panels: panels)
        switch format {
        case .svg: return Array(svg.utf8)
        case .png:
            let geometry = KeyboardSVG.geometry(keyboard, panels: panels)
            return try PNGRasterizer.png(fromSVG: svg, width: Int(geometry.width), height: Int(geometry.height))
        }
    }
}
