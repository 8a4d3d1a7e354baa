import Foundation
import Testing
import KeyForgeAdapters
import KeyForgeCore
import KeyForgeSystem
import KeyForgeWire
import KeyForgeServices
@testable import KeyForge

/// `render` and the pictures of analyze, search and compare: real SVG parsed by a real XML parser,
/// real PNG from librsvg.
@Suite("Render")
struct RenderTests {
    static let librsvgPath = "/usr/lib/x86_64-linux-gnu/librsvg-2.so.2"
    static var hasLibrsvg: Bool { FileSystem.exists(librsvgPath) }

    /// The `rect` drawn for key `index` (the first rect of its group) in panel `panel`.
    static func keyRect(_ elements: [SVGElements.Element], _ index: Int, panel: Int = 0) -> SVGElements.Element? {
        elements.first { $0.name == "rect" && $0.attributes["class"] == nil && $0.parentAttributes["class"] == "key"
            && $0.parentAttributes["data-key"] == "\(index)" && $0.panel == panel }
    }

    /// The key groups of panel `panel`, in document order.
    static func keyGroups(_ elements: [SVGElements.Element], panel: Int = 0) -> [SVGElements.Element] {
        elements.filter { $0.name == "g" && $0.attributes["class"] == "key" && $0.panel == panel }
    }

    static func double(_ element: SVGElements.Element?, _ name: String) -> Double? {
        element?.attributes[name].flatMap(Double.init)
    }

    @Test("corne's SVG is well-formed XML with one key shape per key, at the board's coordinates, with its legend")
    func corneKeys() throws {
        let loaded = try AssetOptions.parse(["--keyboard", "corne"]).load()
        let (_, layout) = try LayoutArgument.resolve("colemak-dh", keyboard: loaded.keyboard, keycodes: loaded.catalog.keycodes)
        let report = loaded.scorer.analyze(layout)
        let panel = LayoutPicture.panel(title: "corne & <colemak-dh>", layout: layout, report: report, heat: .usage)
        let svg = KeyboardSVG.render(keyboard: loaded.keyboard, panels: [panel])
        let elements = try #require(SVGElements.parse(Data(svg.utf8)), "the SVG is not well-formed XML")
        #expect(elements.first?.name == "svg")
        #expect(elements.first { $0.attributes["class"] == "title" }?.text == "corne & <colemak-dh>")
        let groups = Self.keyGroups(elements)
        #expect(groups.count == 42)
        #expect(groups.allSatisfy { $0.attributes["transform"] == nil })
        let geometry = KeyboardSVG.geometry(loaded.keyboard)
        // Worked by hand: the board spans 15u = 900 px, centred in 932 px, so key x = 0 sits at 16 px;
        // the title band puts key y = 0 at 16 + 28 = 44 px; each cap is inset 2 px.
        #expect(geometry.width == 932 && geometry.originX == 16 && geometry.originY == 44)
        let first = Self.keyRect(elements, 0)
        #expect(Self.double(first, "x") == 18 && Self.double(first, "y") == 68.5)
        #expect(Self.double(first, "width") == 56 && Self.double(first, "height") == 56)
        let rightTop = Self.keyRect(elements, 6)
        #expect(Self.double(rightTop, "x") == 16 + 9 * 60 + 2 && Self.double(rightTop, "y") == 44 + 0.25 * 60 + 2)
        for (index, key) in loaded.keyboard.keys.enumerated() {
            let rect = Self.keyRect(elements, index)
            #expect(abs((Self.double(rect, "x") ?? -1) - (geometry.x(key.x) + KeyboardSVG.keyInset)) < 0.006, "key \(index) x")
            #expect(abs((Self.double(rect, "y") ?? -1) - (geometry.y(key.y) + KeyboardSVG.keyInset)) < 0.006, "key \(index) y")
            #expect(abs((Self.double(rect, "width") ?? -1) - (key.width * 60 - 4)) < 0.006, "key \(index) width")
            #expect(abs((Self.double(rect, "height") ?? -1) - (key.height * 60 - 4)) < 0.006, "key \(index) height")
            let legend = elements.first { $0.attributes["class"] == "legend" && $0.parentAttributes["data-key"] == "\(index)" }
            #expect(legend?.text == KeyboardSVG.label(layout.symbols[index]), "key \(index) legend")
        }
        // The 1.5u thumb keys (indexes 38 and 39) are drawn 90 px tall, less the insets.
        #expect(Self.double(Self.keyRect(elements, 38), "height") == 86)
    }

    @Test("the typing-scope usage heat map fills the most pressed key (SPACE) with the hottest colour and empty keys grey")
    func heatFill() throws {
        let loaded = try AssetOptions.parse(["--keyboard", "corne"]).load()
        let (_, layout) = try LayoutArgument.resolve("qwerty", keyboard: loaded.keyboard, keycodes: loaded.catalog.keycodes)
        let report = loaded.scorer.analyze(layout)
        let panel = LayoutPicture.panel(title: "t", layout: layout, report: report, heat: .usage, scope: .typing)
        let svg = KeyboardSVG.render(keyboard: loaded.keyboard, panels: [panel])
        let elements = try #require(SVGElements.parse(Data(svg.utf8)))
        let usage = report.keyUsage.map(\.typingUsage)
        let hottest = try #require(usage.indices.max { usage[$0] < usage[$1] })
        // The typing scope counts every press, so SPACE is the hottest key (in the letters scope it is `e`: HeatScaleTests).
        #expect(layout.symbols[hottest] == "SPACE")
        #expect(Self.keyRect(elements, hottest)?.attributes["fill"] == KeyboardSVG.heatColor(1))
        let empty = try #require(layout.symbols.firstIndex(of: nil))
        #expect(Self.keyRect(elements, empty)?.attributes["fill"] == "#eeeeee")
        let value = elements.first { $0.attributes["class"] == "value" && $0.parentAttributes["data-key"] == "\(hottest)" }
        #expect(value?.text == KeyboardSVG.compact(usage[hottest]))
        // The attributed cost adds up to the score's n-gram parts (each key rounded to 1/1000).
        let attributed = report.keyUsage.map(\.attributed).reduce(0, +)
        let parts = FixedPoint.toDouble(report.score.mono + report.score.bi + report.score.tri)
        #expect(abs(attributed - parts) <= 0.001 * Double(report.keyUsage.count))
    }

    @Test("a rotated KLE key is drawn turned about its rotation origin")
    func rotatedKey() throws {
        let bytes = try FileSystem.readFile("\(packageRoot)/examples/kle-tiny-split.json")
        let board = try KLECodec.decode(bytes, source: "kle-tiny-split.json")
        let keyboard = try KLEImport.keyboard(from: board, name: "tiny", source: "t", options: .init(), fingers: nil,
                                              keycodes: try AssetCatalog().keycodes).keyboard
        let layout = Layout(symbols: keyboard.baseLayout.enumerated().map { $0.element == "*" ? "x" : ($0.element == "NONE" ? nil : $0.element) })
        let svg = KeyboardSVG.render(keyboard: keyboard, panels: [KeyboardSVG.Panel(title: "tiny", layout: layout)])
        let elements = try #require(SVGElements.parse(Data(svg.utf8)))
        let groups = Self.keyGroups(elements)
        #expect(groups.count == 34)
        let geometry = KeyboardSVG.geometry(keyboard)
        let expectedLeft = "rotate(15 \(KeyboardSVG.number(geometry.x(4))) \(KeyboardSVG.number(geometry.y(3))))"
        let expectedRight = "rotate(-15 \(KeyboardSVG.number(geometry.x(8))) \(KeyboardSVG.number(geometry.y(3))))"
        #expect(groups[31].attributes["transform"] == expectedLeft)
        #expect(groups[33].attributes["transform"] == expectedRight)
        #expect(groups[0..<30].allSatisfy { $0.attributes["transform"] == nil })
        // The space key is drawn upright at (4.5, 3.25) and turned; its rect keeps the upright corner.
        #expect(Self.double(Self.keyRect(elements, 31), "x") == geometry.x(4.5) + 2)
        #expect(abs((Self.double(Self.keyRect(elements, 31), "y") ?? 0) - (geometry.y(3.25) + 2)) < 0.006)
        // The picture is wide and tall enough for the turned corners (lowest: the right cluster's outer key).
        let lowest = keyboard.keys.flatMap(\.corners).map(\.y).max() ?? 0
        #expect(geometry.y(lowest) <= geometry.panelHeight - KeyboardSVG.keyHeight)
    }

    @Test("PNG output starts with the PNG signature and has the picture's size", .enabled(if: RenderTests.hasLibrsvg, "needs librsvg2-2"))
    func pngSize() throws {
        let loaded = try AssetOptions.parse(["--keyboard", "sweep"]).load()
        let (_, layout) = try LayoutArgument.resolve("qwerty", keyboard: loaded.keyboard, keycodes: loaded.catalog.keycodes)
        let panels = [LayoutPicture.panel(title: "sweep", layout: layout, report: loaded.scorer.analyze(layout), heat: .cost)]
        let png = try LayoutPicture.encode(keyboard: loaded.keyboard, panels: panels + panels, format: .png)
        #expect(Array(png.prefix(8)) == [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])
        #expect(String(decoding: png[12..<16], as: UTF8.self) == "IHDR")
        func bigEndian(_ offset: Int) -> Int { png[offset..<offset + 4].reduce(0) { $0 << 8 | Int($1) } }
        let geometry = KeyboardSVG.geometry(loaded.keyboard, panels: panels + panels)
        #expect(bigEndian(16) == Int(geometry.width))
        #expect(bigEndian(20) == Int(geometry.height))
        #expect(geometry.height == 2 * geometry.panelHeight)
    }

    @Test("render, analyze --svg and search --png --svg write pictures of the layout they report")
    func processes() throws {
        let folder = makeTemporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let binary = ProcessTests.binary
        let render = try ProcessTests.run(binary, ["render", "--keyboard", "ortho_30", "--layout", "graphite", "--heat", "cost", "--out", "\(folder)/o.svg"])
        #expect(render.status == 0)
        let rendered = try #require(SVGElements.parse(Data(try readText("\(folder)/o.svg").utf8)))
        #expect(Self.keyGroups(rendered).count == 30)
        let legends = rendered.filter { $0.attributes["class"] == "legend" }.map(\.text).joined()
        #expect(legends == "bldwz'foujnrtsgyhaeiqxmcvkp.-/")

        let analyze = try ProcessTests.run(binary, ["analyze", "--keyboard", "corne", "--layout", "canary", "--json", "--svg", "\(folder)/a.svg"])
        #expect(analyze.status == 0)
        #expect((try JSONParser.parse(analyze.output).objectValue?["layout_name"]) == .string("canary"))
        #expect(Self.keyGroups(try #require(SVGElements.parse(Data(try readText("\(folder)/a.svg").utf8)))).count == 42)

        var arguments = ["search", "--keyboard", "ortho_30", "--steps", "3000", "--threads", "1", "--restarts", "1", "--seed", "5", "--json",
                         "--svg", "\(folder)/s.svg"]
        if Self.hasLibrsvg { arguments += ["--png", "\(folder)/s.png"] }
        let search = try ProcessTests.run(binary, arguments)
        #expect(search.status == 0)
        let best = try #require(try JSONParser.parse(search.output).objectValue?["layout"]?.stringValue)
        let drawn = try #require(SVGElements.parse(Data(try readText("\(folder)/s.svg").utf8)))
        #expect(drawn.filter { $0.attributes["class"] == "legend" }.map(\.text) == best.split(separator: " ").map(String.init))
        if Self.hasLibrsvg {
            #expect(Array(try FileSystem.readFile("\(folder)/s.png").prefix(4)) == [0x89, 0x50, 0x4E, 0x47])
        }
        #expect(try ProcessTests.run(binary, ["render", "--keyboard", "corne", "--out", "\(folder)/x.jpg"]).status == 64)
        #expect(try ProcessTests.run(binary, ["analyze", "--all", "--svg", "\(folder)/all.svg"]).status == 64)
    }

    @Test("PNG without librsvg exits 69 with an error naming the Debian package, and writes nothing")
    func missingLibrary() throws {
        let folder = makeTemporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let (status, message) = try ProcessTests.runCapturingErrors(["render", "--keyboard", "corne", "--out", "\(folder)/c.png"],
                                                                    environment: ["KEYFORGE_LIBRSVG": "\(folder)/no-such-librsvg.so"])
        #expect(status == 69)
        #expect(message.contains("librsvg2-2"), "stderr: \(message)")
        #expect(!FileSystem.exists("\(folder)/c.png"))
    }
}
