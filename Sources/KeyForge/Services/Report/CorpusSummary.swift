import KeyForgeCore

/// `keyforge corpus show`: a corpus's totals, content hash and most frequent n-grams and words.
package enum CorpusSummary {
    /// The summary's lines, `top` of each kind.
    package static func lines(_ loaded: LoadedCorpus, top: Int) -> [String] {
        let corpus = loaded.corpus
        let n1 = corpus.totalUnigrams, n2 = corpus.totalBigrams, n3 = corpus.totalTrigrams
        func share(_ count: Int64, _ total: Int64) -> String { ReportText.fixed(total > 0 ? Double(count) / Double(total) * 100 : 0, digits: 3) + "%" }
        func name(_ index: Int32) -> String { ReportText.label(corpus.symbols[Int(index)]) }
        func token(_ indices: Int32...) -> String { ReportText.token(indices.map { corpus.symbols[Int($0)] }) }
        let wordTotal = corpus.words.reduce(0) { $0 + $1.count }
        return [
            "corpus \(corpus.id)\(corpus.hasSyntheticKeys ? " (synthetic ENTER and BACKSPACE injected)" : "")",
            "  sha256 \(loaded.contentHash)",
            "  case: " + caseLine(loaded.caseHandling),
            "  \(n1) monograms over \(corpus.symbols.count) symbols; \(n2) bigrams (\(corpus.bigrams.count) distinct); "
                + "\(n3) trigrams (\(corpus.trigrams.count) distinct); \(corpus.words.count) distinct words",
            "top monograms: " + corpus.unigrams.sorted { $0.count > $1.count }.prefix(top)
                .map { "\(name($0.a)) \(share($0.count, n1))" }.joined(separator: "  "),
            "top bigrams:   " + corpus.bigrams.sorted { $0.count > $1.count }.prefix(top)
                .map { "\(token($0.a, $0.b)) \(share($0.count, n2))" }.joined(separator: "  "),
            "top trigrams:  " + corpus.trigrams.sorted { $0.count > $1.count }.prefix(top)
                .map { "\(token($0.a, $0.b, $0.c)) \(share($0.count, n3))" }.joined(separator: "  "),
            "top words:     " + corpus.words.sorted { $0.count > $1.count }.prefix(top)
                .map { "\($0.word) \(share($0.count, wordTotal))" }.joined(separator: "  "),
        ]
    }

    /// How the corpus treats capitals (`LoadedCorpus.caseHandling`, from its manifest).
    static func caseLine(_ handling: String?) -> String {
        switch handling {
        case "fold": return "folded (capitals counted as their lower-case letters)"
        case "shift": return "shift simulated (a run of capitals counts SHIFT, then its lower-case letters)"
        case "kept": return "capitals kept as symbols of their own (a layout types them on its shift layer)"
        case "mixed": return "mixed (its sources differ)"
        case let other?: return other
        case nil: return "unknown (no manifest)"
        }
    }
}
