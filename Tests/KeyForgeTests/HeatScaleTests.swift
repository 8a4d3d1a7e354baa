import Foundation
import Testing
import KeyForgeCore
import KeyForgeServices
@testable import KeyForge

/// Heat maps a person can read: every legend and value on a key has at least 4.5:1 contrast with the
/// key's fill (WCAG 2, computed from the SVG itself), and the colour scale spans the scope's keys.
@Suite("Heat scale")
struct HeatScaleTests {
    static let boards = ["ansi", "corne", "cyanophage-ergo", "ortho_30", "sweep"]

    /// The SVG of `layout` on `board` with `heat`, parsed.
    static func drawn(_ board: String, _ layout: String, heat: KeyboardSVG.Heat, scope: MetricScope = .letters)
        throws -> (elements: [SVGElements.Element], layout: Layout, report: AnalysisReport) {
        let loaded = try AssetOptions.parse(["--keyboard", board]).load()
        let (_, parsed) = try LayoutArgument.resolve(layout, keyboard: loaded.keyboard, keycodes: loaded.catalog.keycodes)
        let report = loaded.scorer.analyze(parsed)
        let panel = LayoutPicture.panel(title: "\(board) \(layout)", layout: parsed, report: report, heat: heat, scope: scope)
        let svg = KeyboardSVG.render(keyboard: loaded.keyboard, panels: [panel])
        return (try #require(SVGElements.parse(Data(svg.utf8))), parsed, report)
    }

    @Test("WCAG contrast: black on white is 21:1, #777777 on white 4.48:1 (the usual just-failing grey)")
    func contrastFormula() {
        #expect(abs(KeyboardSVG.contrastRatio("#000000", "#ffffff") - 21) < 1e-9)
        #expect(KeyboardSVG.contrastRatio("#ffffff", "#ffffff") == 1)
        // By hand: 0x77 / 255 = 0.46667; ((0.46667 + 0.055) / 1.055)^2.4 = 0.18447 = L;
        // (1 + 0.05) / (0.18447 + 0.05) = 4.478.
        #expect(abs(KeyboardSVG.contrastRatio("#777777", "#ffffff") - 4.478) < 0.001)
        // Pure red: L = 0.2126, so 1.05 / 0.2626 = 3.998 against white and 0.2626 / 0.05 = 5.252 against black.
        #expect(abs(KeyboardSVG.contrastRatio("#ff0000", "#ffffff") - 3.998) < 0.001)
        #expect(KeyboardSVG.textColor(on: "#ff0000") == "#000000")
        #expect(KeyboardSVG.textColor(on: "#bd0026") == "#ffffff")
    }

    @Test("the text colour chosen for every point of the heat scale reaches 4.5:1")
    func wholeScale() {
        for step in 0...1000 {
            let fill = KeyboardSVG.heatColor(Double(step) / 1000)
            #expect(KeyboardSVG.contrastRatio(KeyboardSVG.textColor(on: fill), fill) >= 4.5, "\(fill)")
        }
    }

    @Test("every text on every key of every board's heat map has at least 4.5:1 against the key's fill",
          arguments: boards)
    func everyText(board: String) throws {
        for heat in [KeyboardSVG.Heat.usage, .cost, .none] {
            for scope in MetricScope.allCases {
                let (elements, _, _) = try Self.drawn(board, "qwerty", heat: heat, scope: scope)
                var checked = 0
                for (index, element) in elements.enumerated() where element.name == "text" {
                    let ink = try #require(element.attributes["fill"])
                    if element.parentAttributes["class"] == "key" {
                        // The key's fill is its group's first rect, drawn before (under) its texts.
                        let group = element.parentAttributes["data-key"]
                        let rect = try #require(elements[..<index].last {
                            $0.name == "rect" && $0.attributes["class"] == nil && $0.parentAttributes["data-key"] == group
                        })
                        let fill = try #require(rect.attributes["fill"])
                        #expect(KeyboardSVG.contrastRatio(ink, fill) >= 4.5, "\(board) \(heat) key \(group ?? "?"): \(ink) on \(fill)")
                    } else {
                        #expect(KeyboardSVG.contrastRatio(ink, "#ffffff") >= 4.5, "\(board): \(element.text) \(ink) on the white background")
                    }
                    checked += 1
                }
                #expect(checked > 30)
            }
        }
    }

    @Test("letters scope: SPACE and named keys are drawn plain and do not set the maximum; typing: they do")
    func scopeOfScale() throws {
        let (letters, layout, report) = try Self.drawn("corne", "qwerty", heat: .usage, scope: .letters)
        let usage = report.keyUsage.map(\.usage)              // the letters scope: character presses only
        let typingUsage = report.keyUsage.map(\.typingUsage)  // the typing scope: every press
        let characterKeys = layout.symbols.indices.filter { layout.symbols[$0].map { $0.count == 1 } ?? false }
        let hottestLetter = try #require(characterKeys.max { usage[$0] < usage[$1] })
        let space = try #require(layout.symbols.firstIndex(of: "SPACE"))
        #expect(usage[space] == 0 && typingUsage[space] > typingUsage[hottestLetter])   // SPACE is the most pressed key, yet not on the letters scale
        #expect(RenderTests.keyRect(letters, hottestLetter)?.attributes["fill"] == KeyboardSVG.heatColor(1))
        #expect(RenderTests.keyRect(letters, space)?.attributes["fill"] == KeyboardSVG.plainFill)
        // The scale's top label is the hottest character key's value.
        #expect(letters.contains { $0.name == "text" && $0.parentAttributes["class"] == "panel" && $0.text == KeyboardSVG.compact(usage[hottestLetter]) })
        // A mid-scale letter is coloured by its share of the letters' maximum.
        let other = try #require(characterKeys.first { $0 != hottestLetter && usage[$0] > 0 })
        #expect(RenderTests.keyRect(letters, other)?.attributes["fill"] == KeyboardSVG.heatColor(usage[other] / usage[hottestLetter]))

        let (typing, _, _) = try Self.drawn("corne", "qwerty", heat: .usage, scope: .typing)
        #expect(RenderTests.keyRect(typing, space)?.attributes["fill"] == KeyboardSVG.heatColor(1))
        #expect(RenderTests.keyRect(typing, hottestLetter)?.attributes["fill"] == KeyboardSVG.heatColor(typingUsage[hottestLetter] / typingUsage[space]))
    }
}
