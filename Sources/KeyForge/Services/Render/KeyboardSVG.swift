import Glibc
import KeyForgeCore

/// A board drawn to scale as SVG: one panel per layout, keys at their positions and sizes (rotated
/// where the board says so), legends, a heat map and a band in each key's finger colour.
///
/// Pure string building (no I/O, no Foundation; Glibc only for `pow`), so the client, the hive's dashboard and tests can
/// all call it. Each key is a `<g class="key" data-key="i">` whose first child is the key's
/// `<rect>` at the upright position, inset by `keyInset` on every side for the gap between caps
/// (x = `Geometry.x(key.x)` + `keyInset`, width = key.width · unit − 2 · `keyInset`); a rotated
/// key's group carries `transform="rotate(r ox oy)"` with the origin in the same pixels.
public enum KeyboardSVG {
    /// What the fill of each key shows.
    public enum Heat: String, CaseIterable, Sendable {
        /// The share of keystrokes typed on the key (the corpus's monograms), in %.
        case usage
        /// The key's attributed cost per 100 000 characters (`KeyUsage.attributed`).
        case cost
        /// No heat: every key is plain.
        case none
    }

    /// One drawing of the board.
    public struct Panel: Sendable {
        /// The line above the board.
        public var title: String
        /// The symbols on the keys.
        public var layout: Layout
        /// The heat value of each key (nil: no heat map), and what it measures.
        public var heat: [Double]?
        /// The name of the heat values for the scale (`usage %`).
        public var heatLabel: String
        /// Keys drawn with the "changed" outline (compare).
        public var highlighted: Set<Int>
        /// Arrows from one key's centre to another's (a symbol's old and new place).
        public var arrows: [(from: Int, to: Int)]
        /// The keys the heat scale spans.
        public var heatScope: MetricScope

        /// Creates a panel.
        public init(title: String, layout: Layout, heat: [Double]? = nil, heatLabel: String = "",
                    highlighted: Set<Int> = [], arrows: [(from: Int, to: Int)] = [], heatScope: MetricScope = .letters) {
            self.heatScope = heatScope
            self.title = title
            self.layout = layout
            self.heat = heat
            self.heatLabel = heatLabel
            self.highlighted = highlighted
            self.arrows = arrows
        }
    }

    /// Where things go, in pixels.
    public struct Geometry: Sendable, Equatable {
        /// Pixels per key unit.
        public var unit: Double
        /// The x of key x = 0.
        public var originX: Double
        /// The y of key y = 0 within a panel's board (add `panelTop(i)`).
        public var originY: Double
        /// The whole picture's width.
        public var width: Double
        /// One panel's height (title, board, key to the colours).
        public var panelHeight: Double
        /// The whole picture's height.
        public var height: Double

        /// The top of panel `index`.
        public func panelTop(_ index: Int) -> Double { Double(index) * panelHeight }
        /// A key-unit x in pixels.
        public func x(_ keyUnits: Double) -> Double { originX + keyUnits * unit }
        /// A key-unit y in pixels within panel `panel`.
        public func y(_ keyUnits: Double, panel: Int = 0) -> Double { panelTop(panel) + originY + keyUnits * unit }
    }

    /// Pixels per key unit.
    public static let unit = 60.0
    /// The space around the board, in pixels.
    public static let margin = 16.0
    /// The title line's height.
    public static let titleHeight = 28.0
    /// The key to the colours under each board.
    public static let keyHeight = 40.0
    /// How far short of a key's centre an arrow starts and ends, in pixels.
    public static let arrowInset = 13.0
    /// The gap left inside a key's outline on each side, in pixels.
    public static let keyInset = 2.0

    /// The pixel geometry of `keyboard` drawn as `panels`: wide enough for the longest title too.
    public static func geometry(_ keyboard: Keyboard, panels: [Panel]) -> Geometry {
        let plain = geometry(keyboard, panelCount: panels.count, titleCharacters: panels.map(\.title.count).max() ?? 0)
        let rules = panels.map(\.layout.magicRules.count).max() ?? 0
        return rules == 0 ? plain : geometry(keyboard, panelCount: panels.count, titleCharacters: panels.map(\.title.count).max() ?? 0,
                                              sideWidth: magicTableWidth(rules: rules, panelHeight: plain.panelHeight))
    }

    /// The pixel geometry of `keyboard` drawn in `panelCount` panels whose longest title has
    /// `titleCharacters` characters (about 9 px each in the bold 15 px title font).
    /// `sideWidth` pixels are kept right of the board (the magic rules' table).
    public static func geometry(_ keyboard: Keyboard, panelCount: Int = 1, titleCharacters: Int = 0, sideWidth: Double = 0) -> Geometry {
        let corners = keyboard.keys.flatMap(\.corners)
        let minX = corners.map(\.x).min() ?? 0, maxX = corners.map(\.x).max() ?? 1
        let minY = corners.map(\.y).min() ?? 0, maxY = corners.map(\.y).max() ?? 1
        let boardWidth = (maxX - minX) * unit, boardHeight = (maxY - minY) * unit
        let width = (max(boardWidth, 560, Double(titleCharacters) * 9) + 2 * margin + sideWidth).rounded(.up)
        let panelHeight = (titleHeight + boardHeight + keyHeight + 2 * margin).rounded(.up)
        let originX = ((width - sideWidth - boardWidth) / 2 - minX * unit)
        return Geometry(unit: unit, originX: originX, originY: margin + titleHeight - minY * unit,
                        width: width, panelHeight: panelHeight, height: panelHeight * Double(max(panelCount, 1)))
    }

    /// The finger colours by finger (0 thumb ... 4 pinky), the same on both hands.
    public static let fingerColors = ["#6b6b6b", "#e6550d", "#31a354", "#3182bd", "#756bb1"]
    /// The finger names in the key to the colours.
    private static let fingerNames = ["thumb", "index", "middle", "ring", "pinky"]

    /// The whole picture.
    public static func render(keyboard: Keyboard, panels: [Panel]) -> String {
        let geometry = geometry(keyboard, panels: panels)
        var svg = SVGText()
        svg.line("<?xml version=\"1.0\" encoding=\"UTF-8\"?>")
        svg.line("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(number(geometry.width))\" height=\"\(number(geometry.height))\" "
                 + "viewBox=\"0 0 \(number(geometry.width)) \(number(geometry.height))\" font-family=\"DejaVu Sans, Helvetica, Arial, sans-serif\">")
        svg.line("<title>\(escape(keyboard.name))</title>")
        svg.line("<defs><marker id=\"arrowhead\" viewBox=\"0 0 10 10\" refX=\"9\" refY=\"5\" markerWidth=\"7\" markerHeight=\"7\" orient=\"auto-start-reverse\">"
                 + "<path d=\"M 0 0 L 10 5 L 0 10 z\" fill=\"#c51b8a\"/></marker></defs>")
        svg.line("<rect class=\"background\" x=\"0\" y=\"0\" width=\"\(number(geometry.width))\" height=\"\(number(geometry.height))\" fill=\"#ffffff\"/>")
        for (index, panel) in panels.enumerated() {
            drawPanel(panel, index: index, keyboard: keyboard, geometry: geometry, into: &svg)
        }
        svg.line("</svg>")
        return svg.text
    }

    private static func drawPanel(_ panel: Panel, index: Int, keyboard: Keyboard, geometry: Geometry, into svg: inout SVGText) {
        let top = geometry.panelTop(index)
        svg.line("<g class=\"panel\" data-panel=\"\(index)\">")
        svg.line("<text class=\"title\" x=\"\(number(margin))\" y=\"\(number(top + margin + 14))\" font-size=\"15\" font-weight=\"bold\" fill=\"#222222\">\(escape(panel.title))</text>")
        let heatMax = heatMaximum(panel)
        for (keyIndex, key) in keyboard.keys.enumerated() {
            let left = geometry.x(key.x), upper = geometry.y(key.y, panel: index)
            let width = key.width * geometry.unit, height = key.height * geometry.unit
            let symbol = keyIndex < panel.layout.symbols.count ? panel.layout.symbols[keyIndex] : nil
            var attributes = "class=\"key\" data-key=\"\(keyIndex)\" data-finger=\"\(Key.fingerSlotNames[key.fingerSlot])\""
            if key.rotation != 0 {
                attributes += " transform=\"rotate(\(number(key.rotation)) \(number(geometry.x(key.rotationOriginX))) \(number(geometry.y(key.rotationOriginY, panel: index))))\""
            }
            svg.line("<g \(attributes)>")
            let value = panel.heat.flatMap { keyIndex < $0.count ? $0[keyIndex] : nil }
            let heated = value.flatMap { panel.heatScope.covers(symbol) ? $0 : nil }
            let fill = symbol == nil ? emptyFill : heated.map { heatColor(heatMax > 0 ? $0 / heatMax : 0) } ?? plainFill
            let ink = textColor(on: fill)
            let fingerColor = fingerColors[key.finger]
            svg.line("<rect x=\"\(number(left + keyInset))\" y=\"\(number(upper + keyInset))\" width=\"\(number(width - 2 * keyInset))\" height=\"\(number(height - 2 * keyInset))\" "
                     + "rx=\"6\" fill=\"\(fill)\" stroke=\"\(fingerColor)\" stroke-width=\"2\"/>")
            svg.line("<rect class=\"finger\" x=\"\(number(left + 6))\" y=\"\(number(upper + height - 11))\" width=\"\(number(width - 12))\" height=\"5\" rx=\"2\" fill=\"\(fingerColor)\"/>")
            if panel.highlighted.contains(keyIndex) {
                svg.line("<rect class=\"moved\" x=\"\(number(left + 4))\" y=\"\(number(upper + 4))\" width=\"\(number(width - 8))\" height=\"\(number(height - 8))\" "
                         + "rx=\"5\" fill=\"none\" stroke=\"#c51b8a\" stroke-width=\"3\" stroke-dasharray=\"6 3\"/>")
            }
            if key.isHome {
                svg.line("<line class=\"home\" x1=\"\(number(left + width / 2 - 7))\" y1=\"\(number(upper + height - 17))\" x2=\"\(number(left + width / 2 + 7))\" "
                         + "y2=\"\(number(upper + height - 17))\" stroke=\"#444444\" stroke-width=\"2\" stroke-linecap=\"round\"/>")
            }
            let text = label(symbol)
            let fontSize = text.count <= 1 ? 22.0 : text.count <= 3 ? 15.0 : 12.0
            svg.line("<text class=\"legend\" x=\"\(number(left + width / 2))\" y=\"\(number(upper + height / 2 + 1))\" font-size=\"\(number(fontSize))\" "
                     + "text-anchor=\"middle\" dominant-baseline=\"central\" fill=\"\(ink)\">\(escape(text))</text>")
            drawLayerLegends(panel.layout, key: keyIndex, left: left, upper: upper, width: width, height: height,
                             ink: ink, valueShown: value != nil && symbol != nil, into: &svg)
            if let value, symbol != nil {
                svg.line("<text class=\"value\" x=\"\(number(left + width - 6))\" y=\"\(number(upper + 14))\" font-size=\"9\" text-anchor=\"end\" fill=\"\(ink)\">"
                         + "\(escape(compact(value)))</text>")
            }
            svg.line("</g>")
        }
        for arrow in panel.arrows where arrow.from != arrow.to && keyboard.keys.indices.contains(arrow.from) && keyboard.keys.indices.contains(arrow.to) {
            let from = keyboard.keys[arrow.from], to = keyboard.keys[arrow.to]
            var (x1, y1) = (geometry.x(from.centerX), geometry.y(from.centerY, panel: index))
            var (x2, y2) = (geometry.x(to.centerX), geometry.y(to.centerY, panel: index))
            // Both ends stop short of the centres so the head does not cover the new key's legend.
            let length = ((x2 - x1) * (x2 - x1) + (y2 - y1) * (y2 - y1)).squareRoot()
            if length > 3 * arrowInset {
                let (dx, dy) = ((x2 - x1) / length * arrowInset, (y2 - y1) / length * arrowInset)
                (x1, y1, x2, y2) = (x1 + dx, y1 + dy, x2 - dx, y2 - dy)
            }
            svg.line("<line class=\"arrow\" data-from=\"\(arrow.from)\" data-to=\"\(arrow.to)\" x1=\"\(number(x1))\" "
                     + "y1=\"\(number(y1))\" x2=\"\(number(x2))\" y2=\"\(number(y2))\" "
                     + "stroke=\"#c51b8a\" stroke-width=\"2\" stroke-opacity=\"0.75\" marker-end=\"url(#arrowhead)\"/>")
        }
        drawMagicTable(panel.layout.magicRules, geometry: geometry, top: top, into: &svg)
        drawKey(panel, heatMax: heatMax, top: top + geometry.panelHeight - margin - keyHeight + 8, into: &svg)
        svg.line("</g>")
    }

    /// The key to the colours: finger swatches, then the heat scale.
    private static func drawKey(_ panel: Panel, heatMax: Double, top: Double, into svg: inout SVGText) {
        var x = margin
        for finger in [4, 3, 2, 1, 0] {
            svg.line("<rect class=\"swatch\" x=\"\(number(x))\" y=\"\(number(top))\" width=\"14\" height=\"14\" rx=\"2\" fill=\"\(fingerColors[finger])\"/>")
            svg.line("<text x=\"\(number(x + 19))\" y=\"\(number(top + 11))\" font-size=\"11\" fill=\"#333333\">\(fingerNames[finger])</text>")
            x += 66
        }
        guard panel.heat != nil else { return }
        x += 10
        svg.line("<text x=\"\(number(x))\" y=\"\(number(top + 11))\" font-size=\"11\" fill=\"#333333\">\(escape(panel.heatLabel)) 0</text>")
        x += 12 + Double(panel.heatLabel.count + 2) * 6.5
        for step in 0..<10 {
            svg.line("<rect class=\"scale\" x=\"\(number(x + Double(step) * 12))\" y=\"\(number(top))\" width=\"12\" height=\"14\" fill=\"\(heatColor(Double(step) / 9))\"/>")
        }
        svg.line("<text x=\"\(number(x + 126))\" y=\"\(number(top + 11))\" font-size=\"11\" fill=\"#333333\">\(escape(compact(heatMax)))</text>")
    }

    /// The fill of an empty key.
    public static let emptyFill = "#eeeeee"
    /// The fill of a key without a heat colour (no heat map, or a key outside the heat scope).
    public static let plainFill = "#fbfbfb"

    /// The top of the heat scale: the largest value over the keys the panel's scope covers
    /// (in the letters scope, SPACE and the other named keys do not set it); 0 without heat.
    public static func heatMaximum(_ panel: Panel) -> Double {
        guard let values = panel.heat else { return 0 }
        var top = 0.0
        for (index, value) in values.enumerated() where value.isFinite {
            let symbol = index < panel.layout.symbols.count ? panel.layout.symbols[index] : nil
            if panel.heatScope.covers(symbol) { top = max(top, value) }
        }
        return top
    }

    /// The WCAG 2 relative luminance of a `#rrggbb` colour (0 black ... 1 white): each sRGB channel
    /// c = v / 255 is linearized as c / 12.92 when c <= 0.04045, else ((c + 0.055) / 1.055)^2.4,
    /// then L = 0.2126 R + 0.7152 G + 0.0722 B.
    public static func relativeLuminance(_ color: String) -> Double {
        let bytes = Array(color.utf8.dropFirst())
        func channel(_ at: Int) -> Double {
            guard bytes.count == 6 else { return 0 }
            func nibble(_ byte: UInt8) -> Int {
                switch byte {
                case 48...57: return Int(byte) - 48
                case 97...102: return Int(byte) - 87
                case 65...70: return Int(byte) - 55
                default: return 0
                }
            }
            let c = Double(nibble(bytes[at]) * 16 + nibble(bytes[at + 1])) / 255
            return c <= 0.04045 ? c / 12.92 : pow((c + 0.055) / 1.055, 2.4)
        }
        return 0.2126 * channel(0) + 0.7152 * channel(2) + 0.0722 * channel(4)
    }

    /// The WCAG 2 contrast ratio of two colours: (L_lighter + 0.05) / (L_darker + 0.05), 1 ... 21.
    public static func contrastRatio(_ first: String, _ second: String) -> Double {
        let (a, b) = (relativeLuminance(first), relativeLuminance(second))
        return (max(a, b) + 0.05) / (min(a, b) + 0.05)
    }

    /// Black or white, whichever contrasts more with `fill`. One of the two always reaches at least
    /// 4.58:1 (the worst fill, L = 0.179, is sqrt(1.05 · 0.05) - 0.05 away from both), so every
    /// legend and value drawn on any fill passes WCAG's 4.5:1 for normal text.
    public static func textColor(on fill: String) -> String {
        contrastRatio("#000000", fill) >= contrastRatio("#ffffff", fill) ? "#000000" : "#ffffff"
    }

    /// The heat colour of `share` (0 ... 1): pale yellow through orange to deep red.
    public static func heatColor(_ share: Double) -> String {
        let stops: [(Double, Double, Double)] = [(255, 255, 204), (254, 178, 76), (240, 59, 32), (189, 0, 38)]
        let clamped = min(max(share.isFinite ? share : 0, 0), 1) * Double(stops.count - 1)
        let lower = min(Int(clamped), stops.count - 2), t = clamped - Double(lower)
        let (a, b) = (stops[lower], stops[lower + 1])
        func channel(_ from: Double, _ to: Double) -> Int { Int((from + (to - from) * t).rounded()) }
        return "#" + [channel(a.0, b.0), channel(a.1, b.1), channel(a.2, b.2)].map(hex).joined()
    }

    private static func hex(_ value: Int) -> String {
        let digits = Array("0123456789abcdef")
        return String([digits[(value >> 4) & 15], digits[value & 15]])
    }

    /// The legend of a key: named keys as short words.
    public static func label(_ symbol: String?) -> String {
        guard let symbol else { return "" }
        switch symbol {
        case "SPACE": return "space"
        case "ENTER": return "enter"
        case "BACKSPACE": return "bksp"
        case "SHIFT": return "shift"
        case "CAPSLOCK": return "caps"
        case "DELETE": return "del"
        case "REPEAT": return "rep"
        case "MAGIC": return "magic"
        case let key where LayoutLayer.layerName(ofKey: key) != nil:
            // A layer key shows its layer's name (`MO(sym)` -> `sym`), at most five characters.
            let name = LayoutLayer.layerName(ofKey: key)!
            return name.count <= 5 ? name : String(name.prefix(4))
        default: return symbol.count <= 5 ? (symbol.count == 1 ? symbol : symbol.lowercased()) : String(symbol.prefix(4)).lowercased()
        }
    }

    /// A heat value in at most five characters: `7.3`, `412`, `45k`, `1.2M`.
    public static func compact(_ value: Double) -> String {
        let magnitude = abs(value)
        if magnitude >= 9_999_500 { return ReportText.fixed(value / 1_000_000, digits: 0) + "M" }
        if magnitude >= 999_950 { return ReportText.fixed(value / 1_000_000, digits: 1) + "M" }
        if magnitude >= 9_999.5 { return ReportText.fixed(value / 1000, digits: 0) + "k" }
        if magnitude >= 999.95 { return ReportText.fixed(value / 1000, digits: 1) + "k" }
        return ReportText.fixed(value, digits: magnitude >= 99.95 ? 0 : 1)
    }

    /// A pixel number: at most two decimals, no trailing zeros.
    public static func number(_ value: Double) -> String {
        var text = ReportText.fixed(value, digits: 2)
        while text.hasSuffix("0") { text.removeLast() }
        if text.hasSuffix(".") { text.removeLast() }
        return text == "-0" ? "0" : text
    }

    /// `text` safe inside an element or a double-quoted attribute.
    public static func escape(_ text: String) -> String {
        var out = ""
        for character in text {
            switch character {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&apos;"
            default:
                // XML 1.0 forbids most control characters even as references.
                if let scalar = character.unicodeScalars.first, scalar.value < 0x20 { out += "?" } else { out.append(character) }
            }
        }
        return out
    }
}

/// Lines of SVG text.
struct SVGText {
    var text = ""
    mutating func line(_ line: String) {
        text += line
        text += "\n"
    }
}

extension MetricScope {
    /// Whether a heat map in this scope colours a key holding `symbol` and counts it in its scale: in the
    /// letters scope a named key (SPACE, ENTER, BACKSPACE...) is drawn plain, its value still printed.
    public func covers(_ symbol: String?) -> Bool {
        guard let symbol else { return false }
        return self == .typing || MetricScope.isCharacter(symbol)
    }
}
