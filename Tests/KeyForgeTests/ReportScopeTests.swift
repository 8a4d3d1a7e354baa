import Testing
import KeyForgeCore
import KeyForgeServices
import KeyForgeWire
@testable import KeyForge

/// The metrics' two scopes, the marks of named keys, the legend and its copy in docs/METRICS.md.
@Suite("Report scopes and legend")
struct ReportScopeTests {
    static func corneReport(_ name: String) throws -> AnalysisReport {
        let catalog = try AssetCatalog()
        let keyboard = try catalog.keyboard("corne")
        let scorer = try ExactScorer(keyboard: keyboard, rubric: Rubric(), corpus: try catalog.corpus("text/en_std"))
        let (_, layout) = try LayoutArgument.resolve(name, keyboard: keyboard, keycodes: catalog.keycodes)
        return scorer.analyze(layout)
    }

    @Test("on corne with the default corpus, qwerty's letters-scope SFB is above 5 % and colemak-dh's below 2 %")
    func lettersScopeSFB() throws {
        let qwerty = try Self.corneReport("qwerty"), colemakDH = try Self.corneReport("colemak-dh")
        #expect(qwerty.metrics.sfb > 5)
        #expect(colemakDH.metrics.sfb < 2)
        // The typing scope counts SPACE, ENTER and BACKSPACE bigrams too, so its SFB share is lower here.
        #expect(qwerty.typingMetrics.sfb < qwerty.metrics.sfb)
        // No letters-scope worst n-gram has a named key; the typing scope's may.
        for entry in qwerty.worstSameFinger + qwerty.worstRedirects + colemakDH.worstSameFinger + colemakDH.worstRedirects {
            #expect(entry.symbols.allSatisfy(MetricScope.isCharacter), "\(entry.symbols)")
        }
        #expect(colemakDH.typing.worstSameFinger.contains { !$0.symbols.allSatisfy(MetricScope.isCharacter) })
        // Letters-scope usage counts character presses only: the space keys have none.
        #expect(qwerty.keyUsage.contains { $0.typingUsage > 5 && $0.usage == 0 })
        #expect(abs(qwerty.keyUsage.map(\.usage).reduce(0, +) - 100) < 1e-9)
    }

    @Test("the score does not depend on the scope, and the JSON has both scopes")
    func jsonHasBothScopes() throws {
        let loaded = try AssetOptions.parse(["--keyboard", "corne"]).load()
        let (_, layout) = try LayoutArgument.resolve("qwerty", keyboard: loaded.keyboard, keycodes: loaded.catalog.keycodes)
        let report = loaded.scorer.analyze(layout)
        #expect(report.score == loaded.scorer.score(layout))
        let json = JSONWriter.write(ReportJSON.encode(report, context: loaded.context("qwerty", layout)), pretty: false)
        #expect(json.contains("\"typing_metrics\":{") && json.contains("\"metrics\":{") && json.contains("\"score_per_keystroke\":"))
        let letters = ReportText.render(report, context: loaded.context("qwerty", layout))
        let typing = ReportText.render(report, context: loaded.context("qwerty", layout), scope: .typing)
        #expect(letters.contains("letters scope") && typing.contains("typing scope"))
        #expect(letters.contains(ReportText.fixed(report.metrics.sfb)) && typing.contains(ReportText.fixed(report.typingMetrics.sfb)))
    }

    @Test("n-gram tokens mark named keys and never run symbols together")
    func tokens() {
        #expect(ReportText.token(["s", "SPACE", "a"]) == "s␣a")
        #expect(ReportText.token(["o", "BACKSPACE"]) == "o⌫")
        #expect(ReportText.token([".", "ENTER"]) == ".⏎")
        #expect(ReportText.token(["TAB", "SHIFT", "x"]) == "⇥⇧x")
        #expect(ReportText.token(["F1", "a"]) == "‹f1›a")
    }

    @Test("docs/METRICS.md holds the legend that analyze --explain prints")
    func metricsDocAgrees() throws {
        let doc = try readText("\(packageRoot)/docs/METRICS.md")
        #expect(doc.contains(MetricGlossary.markdown + "\n"), "docs/METRICS.md is out of date: regenerate its table with `keyforge analyze --explain-markdown`")
        for entry in MetricGlossary.entries {
            #expect(MetricGlossary.text.contains(entry.definition) && doc.contains("`\(entry.name)`"))
        }
        for name in ReportJSON.scalarMetrics(Metrics()).map(\.0) {
            #expect(MetricGlossary.entries.contains { $0.name == name }, "\(name) has no definition in the legend")
        }
    }
}
