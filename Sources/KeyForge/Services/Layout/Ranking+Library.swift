import KeyForgeCore

/// `analyze --all --library`: the board's reference layouts and every library layout that fits the board, ranked
/// together. Only on request: a plain `--all` keeps ranking the board's own references.
extension Ranking {
    /// The references (`rank`) and the library layouts placed on `keyboard` (a library layout named like a
    /// reference is left to the reference), best first; also the library names that do not fit, with why.
    package static func rankWithLibrary(scorer: ExactScorer, keyboard: Keyboard, keycodes: KeycodeTable,
                                        library: LayoutLibrary = .shipped) throws -> (ranking: [AnalyzedLayout], skipped: [(name: String, reason: String)]) {
        var entries = try rank(scorer: scorer, keyboard: keyboard, keycodes: keycodes)
        let references = Set(keyboard.referenceLayouts.map(\.name))
        var skipped: [(name: String, reason: String)] = []
        for entry in library.layouts where !references.contains(entry.name) {
            do {
                let layout = try entry.layout(on: keyboard, keycodes: keycodes)
                entries.append(AnalyzedLayout(name: entry.name, layout: layout, report: scorer.analyze(layout)))
            } catch {
                skipped.append((entry.name, error.message))
            }
        }
        let ranked = entries.sorted { lhs, rhs in
            lhs.report.score.total != rhs.report.score.total ? lhs.report.score.total < rhs.report.score.total : lhs.name < rhs.name
        }
        return (ranked, skipped)
    }
}
