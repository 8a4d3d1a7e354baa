import KeyForgeCore
import KeyForgeTestSupport
import KeyForgeServices
import KeyForgeWire
import Testing
@testable import KeyForge

/// The playground's layouts with layers, REPEAT/MAGIC keys and magic rules, through a real `keyforge play`.
extension PlayProcessTests {
    /// colemak-dh on corne with REPEAT on key 36, MO(sym) on 37 and MAGIC on 41 (three empty thumb keys), the
    /// default shift layer, a `sym` layer with the digits on the top row's alpha keys and `-` `=` beside
    /// them, and two rules: after e MAGIC types u, after n it types y. Built with Core's types, not the
    /// playground's decoder, so the server's reading of the request is checked too.
    static func layeredLayout(_ loaded: LoadedAssets) throws -> Layout {
        let (_, colemak) = try LayoutArgument.resolve("colemak-dh", keyboard: loaded.keyboard, keycodes: loaded.catalog.keycodes)
        var base = colemak.symbols
        #expect(base[36] == nil && base[37] == nil && base[41] == nil, "corne's keys 36, 37 and 41 are empty thumb keys")
        base[36] = Layout.repeatSymbol
        base[37] = LayoutLayer.heldKey("sym")
        base[41] = Layout.magicSymbol
        var sym = [String?](repeating: nil, count: base.count)
        for (offset, digit) in ["1", "2", "3", "4", "5", "6", "7", "8", "9", "0"].enumerated() { sym[1 + offset] = digit }
        sym[13] = "-"
        sym[22] = "="
        return Layout(symbols: base,
                      layers: [LayoutLayer(name: LayoutLayer.shiftName, symbols: Layout.defaultShiftSymbols(for: base)),
                               LayoutLayer(name: "sym", symbols: sym)],
                      magicRules: [MagicRule(after: "e", output: "u"), MagicRule(after: "n", output: "y")])
    }

    static func quoted(_ text: String) -> String { JSONWriter.write(.string(text)) }

    @Test("/api/analyze of a layout with shift, a sym layer, REPEAT, MAGIC and two rules is the exact tier's report of the same Layout")
    func layeredAnalyzeIsExact() throws {
        let loaded = try AssetOptions.parse(["--keyboard", "corne"]).load()
        let layout = try Self.layeredLayout(loaded)
        let report = loaded.scorer.analyze(layout)
        let sym = layout.layer(named: "sym")!.symbols.map { $0 ?? "NONE" }.joined(separator: " ")
        let item = #""layout": \#(Self.quoted(layout.tokenString)), "layers": {"shift": "default", "sym": \#(Self.quoted(sym))}, "#
            + #""magic": {"e": "u", "n": "y"}"#
        let body = #"{"keyboard": "corne", \#(item)}"#
        try Self.withServer { port in
            let answer = try Self.request("POST", "/api/analyze", body: body, port: port)
            #expect(answer.status == 200, "\(answer.body.prefix(300))")
            // Same numbers as ExactScorer.analyze in this process, every field of the report.
            #expect(answer.json == ReportJSON.encodeWithExtras(report, context: loaded.context("custom", layout)))
            #expect(Self.member(answer.json, "score")?.doubleValue == FixedPoint.toDouble(report.score.total))
            guard case .array(let layers)? = Self.member(answer.json, "layers") else { throw HarnessError("no layers in \(answer.body.prefix(300))") }
            #expect(layers.compactMap { Self.string($0, "name") } == ["base", "shift", "sym"])
            #expect(layers.map { Self.member($0, "percent")?.doubleValue } == report.layers.map { ReportJSON.number($0.percent).doubleValue })
            // The corpus has digits and e-u / n-y bigrams and double letters: the layer, MAGIC and REPEAT are used.
            let symUsage = report.layers[2]
            #expect(symUsage.percent > 0 && symUsage.layerKeyPresses > 0)
            #expect(report.repeatPresses > 0 && report.magicPresses > 0)
            #expect(Self.member(answer.json, "repeat_presses")?.doubleValue == ReportJSON.number(report.repeatPresses).doubleValue)
            // The layout's own layers and rules come back in the shape the request took them (shift written out).
            #expect(Self.string(Self.member(answer.json, "layout_layers"), "sym") == sym)
            #expect(Self.string(Self.member(answer.json, "magic"), "n") == "y")

            // A swap of such a layout answers the exact report of the swapped layout, its layers echoed.
            let (e, t) = (layout.symbols.firstIndex(of: "e")!, layout.symbols.firstIndex(of: "t")!)
            let swapBody = String(body.dropLast()) + #", "swap": [\#(e), \#(t)]}"#
            let swapped = try Self.request("POST", "/api/swap", body: swapBody, port: port)
            #expect(swapped.status == 200, "\(swapped.body.prefix(300))")
            let moved = layout.swapping(e, t)
            #expect(Self.member(swapped.json, "report") == ReportJSON.encodeWithExtras(loaded.scorer.analyze(moved), context: loaded.context("custom", moved)))
            #expect(Self.string(Self.member(swapped.json, "layers"), "shift")?.split(separator: " ")[e] == "T", "the shift layer moved with its keycap")

            // Compare takes {layout, layers, magic} items beside plain strings.
            let compareBody = #"{"keyboard": "corne", "layouts": ["colemak-dh", {\#(item)}]}"#
            let compared = try Self.request("POST", "/api/compare", body: compareBody, port: port)
            #expect(compared.status == 200, "\(compared.body.prefix(300)) for \(compareBody)")
            guard case .array(let rows)? = Self.member(compared.json, "layouts"), rows.count == 2 else { throw HarnessError("no layouts in \(compared.body.prefix(300))") }
            #expect(Self.member(rows[1], "score")?.doubleValue == FixedPoint.toDouble(report.score.total))
            #expect(Self.member(rows[1], "magic_presses")?.doubleValue == ReportJSON.number(report.magicPresses).doubleValue)
        }
    }

    @Test("bad layers or magic are 400 with the reason")
    func badLayers() throws {
        try Self.withServer { port in
            let cases: [(String, String, String)] = [
                ("/api/analyze", #"{"layout": "qwerty", "layers": ["shift"]}"#, "must be an object of layer name"),
                ("/api/analyze", #"{"layout": "qwerty", "layers": {"sym": "a b c"}}"#, "has 3 tokens; the board has 42 keys"),
                ("/api/analyze", #"{"layout": "qwerty", "layers": {"Sym Bols": "default"}}"#, "layers.Sym Bols"),
                ("/api/analyze", #"{"layout": "qwerty", "layers": {"sym": "default"}}"#, "only the shift layer can be"),
                ("/api/analyze", #"{"layout": "qwerty", "layers": {"sym": 3}}"#, "must be a token string"),
                ("/api/analyze", #"{"layout": "qwerty", "layers": {"sym": "\#(String(repeating: "NOPE ", count: 42))"}}"#, "unknown key name"),
                ("/api/analyze", #"{"layout": "qwerty", "magic": {"e": "REPEAT"}}"#, "REPEAT is a key"),
                ("/api/analyze", #"{"layout": "qwerty", "magic": {"e": 1}}"#, "must be the symbol MAGIC types"),
                ("/api/analyze", #"{"layout": "qwerty", "magic": ["e", "u"]}"#, "must be an object of after -> output"),
                ("/api/analyze", #"{"layout": "qwerty", "magic": {"e": "NONE"}}"#, "a rule needs a symbol on both sides"),
                ("/api/swap", #"{"layout": "qwerty", "swap": [0, 1], "layers": {"shift": "nope"}}"#, "layers.shift"),
                ("/api/export", #"{"layout": "qwerty", "format": "qmk", "magic": "e=u"}"#, "magic"),
                ("/api/compare", #"{"layouts": ["qwerty", {"layout": "qwerty", "colour": 1}]}"#, "unknown field 'colour'"),
                ("/api/compare", #"{"layouts": ["qwerty", {"layers": {}}]}"#, "needs a layout string"),
            ]
            for (target, body, reason) in cases {
                let answer = try Self.request("POST", target, body: body, port: port)
                #expect(answer.status == 400, "\(target) \(body): \(answer.status) \(answer.body)")
                #expect(answer.error?.contains(reason) == true, "\(target) \(body): '\(answer.error ?? answer.body)' should say '\(reason)'")
            }
            let render = try Self.request("GET", "/api/render?layout=qwerty&magic=%7Bnope", port: port)
            #expect(render.status == 400 && render.error?.contains("malformed JSON") == true, "\(render.body)")
            #expect(try Self.request("GET", "/api/boards", port: port).status == 200, "the server is still up")
        }
    }
}
