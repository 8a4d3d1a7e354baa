/// Several corpora mixed by weight into one (docs/PHYSICS.md section 1.3; `--corpus a:0.7,b:0.3`).
///
/// Each source is first taken through its own load pipeline (its synthetic keys injected if it is a
/// std corpus), then every count of source i is scaled by w_i / Σw x T / N1_i, where N1_i is the
/// source's monogram total and T the target total (the smallest N1 of the sources, so no count is
/// inflated beyond its own precision), rounded half away from zero; n-grams that round to zero are
/// dropped. So each source contributes the share of the mix its weight says, whatever its size. The
/// mix is marked as injected: its sources already were, and it is never injected again.
public enum CorpusMix {
    /// The most sources one mix may have.
    public static let maxSources = 16

    /// The id of a mix: `mix(a:0.7,b:0.3)` with the weights as given.
    public static func id(_ parts: [(id: String, weight: Double)]) -> String {
        "mix(" + parts.map { "\($0.id):\($0.weight)" }.joined(separator: ",") + ")"
    }

    /// Mixes `sources` by `weight`s (positive, finite; normalized here).
    public static func mix(_ sources: [(corpus: NGramCorpus, weight: Double)]) throws(ValidationError) -> NGramCorpus {
        guard !sources.isEmpty else { throw ValidationError(field: "corpus", "a mix needs at least one source") }
        guard sources.count <= maxSources else { throw ValidationError(field: "corpus", "a mix takes at most \(maxSources) sources") }
        for (index, source) in sources.enumerated() where !(source.weight.isFinite && source.weight > 0 && source.weight <= 1_000_000) {
            throw ValidationError(field: "corpus[\(index)]", "weight must be a positive number (got \(describe(source.weight)))")
        }
        if sources.count == 1 { return sources[0].corpus }
        let totals = sources.map(\.corpus.totalUnigrams)
        guard let target = totals.min(), target > 0 else { throw ValidationError(field: "corpus", "a source of the mix is empty") }
        // Weights in parts per billion, so the scaling is integer arithmetic.
        let weights = sources.map { Int64(($0.weight * 1_000_000_000).rounded(.toNearestOrAwayFromZero)) }
        let weightSum = weights.reduce(0, +)
        var records = NGramRecords()
        for (index, source) in sources.enumerated() {
            let numerator = Int128(weights[index]) * Int128(target)
            let denominator = Int128(weightSum) * Int128(totals[index])
            func scaled(_ count: Int64) -> Int64 {
                let product = Int128(count) * numerator
                return Int64((product + denominator / 2) / denominator)
            }
            let corpus = source.corpus
            for entry in corpus.unigrams {
                let value = scaled(entry.count)
                if value > 0 { records.unigrams[corpus.symbols[Int(entry.a)], default: 0] += value }
            }
            for entry in corpus.bigrams {
                let value = scaled(entry.count)
                if value > 0 { records.bigrams[SymbolPair(corpus.symbols[Int(entry.a)], corpus.symbols[Int(entry.b)]), default: 0] += value }
            }
            for entry in corpus.trigrams {
                let value = scaled(entry.count)
                if value > 0 {
                    records.trigrams[SymbolTriple(corpus.symbols[Int(entry.a)], corpus.symbols[Int(entry.b)], corpus.symbols[Int(entry.c)]), default: 0] += value
                }
            }
            for entry in corpus.words {
                let value = scaled(entry.count)
                if value > 0 { records.words[entry.word, default: 0] += value }
            }
        }
        return try NGramCorpus(id: id(sources.map { ($0.corpus.id, $0.weight) }), records: records, hasSyntheticKeys: true)
    }
}
