import KeyForgeCore

/// The bigram shares of two corpora, compared.
package enum CorpusDiff {
    /// Each bigram's share of all bigrams, in percent.
    package static func shares(_ corpus: NGramCorpus) -> [SymbolPair: Double] {
        let total = Double(corpus.totalBigrams)
        var shares: [SymbolPair: Double] = [:]
        for entry in corpus.bigrams {
            shares[SymbolPair(corpus.symbols[Int(entry.a)], corpus.symbols[Int(entry.b)])] = total > 0 ? Double(entry.count) / total * 100 : 0
        }
        return shares
    }

    /// The `top` bigrams whose shares differ most, as table lines under a header.
    package static func lines(_ a: NGramCorpus, _ b: NGramCorpus, top: Int) -> [String] {
        let left = shares(a), right = shares(b)
        let pairs = Set(left.keys).union(right.keys)
        let ranked = pairs.map { ($0, (left[$0] ?? 0), (right[$0] ?? 0)) }
            .sorted { lhs, rhs in
                let dl = abs(lhs.1 - lhs.2), dr = abs(rhs.1 - rhs.2)
                if dl != dr { return dl > dr }
                return (lhs.0.first, lhs.0.second) < (rhs.0.first, rhs.0.second)
            }
        var lines = ["bigram      \(ReportText.padLeft(a.id, 14)) \(ReportText.padLeft(b.id, 14))   difference (% of bigrams)"]
        for (pair, x, y) in ranked.prefix(top) {
            let name = ReportText.label(pair.first) + ReportText.label(pair.second)
            lines.append(ReportText.padRight(name, 10) + "  " + ReportText.padLeft(ReportText.fixed(x, digits: 3), 14) + " "
                         + ReportText.padLeft(ReportText.fixed(y, digits: 3), 14) + "   " + ReportText.padLeft(ReportText.fixed(y - x, digits: 3), 10))
        }
        return lines
    }
}
