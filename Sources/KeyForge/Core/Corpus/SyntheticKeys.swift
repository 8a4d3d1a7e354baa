/// Synthetic ENTER and BACKSPACE for std corpora (docs/adr/0008-synthetic-enter-backspace.md, docs/PHYSICS.md section 6).
///
/// Prose has no Enter or Backspace presses, yet a typist makes them, so at load time a corpus whose id
/// contains `_std` gets them, deterministically and at most once:
/// - ENTER count = round((n1(.) + n1(?) + n1(!)) / 3); it follows sentence-ending punctuation:
///   bigram (p, ENTER) gets the share of ENTER proportional to n1(p), and trigram (a, p, ENTER)
///   the share proportional to n2(a, p) among all bigrams ending in sentence punctuation.
/// - BACKSPACE count = round(N1 * 0.0375) (a 3 % error rate, 1.25 presses per error); bigrams
///   (c, BACKSPACE) and (BACKSPACE, c) each get the share proportional to n1(c), and trigrams
///   (a, b, BACKSPACE) the share proportional to n2(a, b).
/// Shares are rounded half away from zero one by one (so a total may differ from the count by the
/// rounding of its shares); shares that round to zero are left out. All counts are of the corpus
/// before injection; the injected symbols are added to the monograms with their counts.
public enum SyntheticKeys {
    /// The marker in a corpus id that asks for injection.
    public static let stdMarker = "_std"
    /// The characters that end a sentence and are followed by ENTER.
    public static let sentenceEnders = [".", "?", "!"]
    /// Backspace presses per character typed, in parts per 10 000 (0.03 * 1.25 = 0.0375).
    public static let backspacePerTenThousand: Int64 = 375
    /// The name of the Enter key.
    public static let enter = "ENTER"
    /// The name of the Backspace key.
    public static let backspace = "BACKSPACE"

    /// True when `id` names a std corpus.
    public static func appliesTo(id: String) -> Bool { id.contains(stdMarker) }

    /// The corpus with synthetic keys injected when its id asks for it; unchanged otherwise or when
    /// already injected (idempotent).
    public static func inject(into corpus: NGramCorpus) throws(ValidationError) -> NGramCorpus {
        guard appliesTo(id: corpus.id), !corpus.hasSyntheticKeys else { return corpus }
        let original = corpus.records
        var records = original
        let total = original.unigrams.values.reduce(0, +)
        guard total > 0 else { return try NGramCorpus(id: corpus.id, records: records, hasSyntheticKeys: true) }

        let enderCounts = sentenceEnders.map { original.unigrams[$0] ?? 0 }
        let enterCount = FixedPoint.mulDivRound(enderCounts.reduce(0, +), 1, 3)
        let backspaceCount = FixedPoint.mulDivRound(total, backspacePerTenThousand, 10_000)

        if enterCount > 0 {
            records.unigrams[enter, default: 0] += enterCount
            let enderTotal = enderCounts.reduce(0, +)
            for (ender, count) in zip(sentenceEnders, enderCounts) where count > 0 {
                add(FixedPoint.mulDivRound(enterCount, count, enderTotal), to: &records.bigrams, SymbolPair(ender, enter))
            }
            let enderSet = Set(sentenceEnders)
            let enderBigrams = original.bigrams.filter { enderSet.contains($0.key.second) }
            let enderBigramTotal = enderBigrams.values.reduce(0, +)
            if enderBigramTotal > 0 {
                for (pair, count) in enderBigrams {
                    add(FixedPoint.mulDivRound(enterCount, count, enderBigramTotal), to: &records.trigrams,
                        SymbolTriple(pair.first, pair.second, enter))
                }
            }
        }
        if backspaceCount > 0 {
            records.unigrams[backspace, default: 0] += backspaceCount
            for (symbol, count) in original.unigrams {
                let share = FixedPoint.mulDivRound(backspaceCount, count, total)
                add(share, to: &records.bigrams, SymbolPair(symbol, backspace))
                add(share, to: &records.bigrams, SymbolPair(backspace, symbol))
            }
            let bigramTotal = original.bigrams.values.reduce(0, +)
            if bigramTotal > 0 {
                for (pair, count) in original.bigrams {
                    add(FixedPoint.mulDivRound(backspaceCount, count, bigramTotal), to: &records.trigrams,
                        SymbolTriple(pair.first, pair.second, backspace))
                }
            }
        }
        return try NGramCorpus(id: corpus.id, records: records, hasSyntheticKeys: true)
    }

    private static func add<K: Hashable>(_ share: Int64, to table: inout [K: Int64], _ key: K) {
        if share > 0 { table[key, default: 0] += share }
    }
}
