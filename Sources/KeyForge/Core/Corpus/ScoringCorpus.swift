/// A corpus ready to score under one rubric: its trigrams pruned (docs/PHYSICS.md section 1.3).
///
/// Trigrams are sorted by count (ties by symbols) and the shortest prefix whose mass reaches
/// `trigram_coverage` of the total is kept, capped at `trigram_limit` entries; the kept list is then
/// sorted by symbols again. Monograms and bigrams are kept whole.
public struct ScoringCorpus: Sendable {
    /// The corpus (already through the load pipeline: merged, injected, sorted, validated).
    public let corpus: NGramCorpus
    /// The kept trigrams, sorted by symbols.
    public let trigrams: [TrigramCount]
    /// N1: the total monogram count, the denominator of the score.
    public let totalUnigrams: Int64

    /// Prunes `corpus`'s trigrams as `rubric` says.
    public init(corpus: NGramCorpus, rubric: Rubric) {
        self.corpus = corpus
        self.trigrams = ScoringCorpus.prune(corpus.trigrams, coverage: rubric["trigram_coverage"],
                                            limit: Int(rubric["trigram_limit"]))
        self.totalUnigrams = corpus.totalUnigrams
    }

    /// The shortest most-frequent prefix of `trigrams` covering `coverage` of their mass, at most `limit` long.
    public static func prune(_ trigrams: [TrigramCount], coverage: Double, limit: Int) -> [TrigramCount] {
        let total = trigrams.reduce(Int64(0)) { $0 + $1.count }
        guard total > 0 else { return [] }
        let byCount = trigrams.sorted { lhs, rhs in
            lhs.count != rhs.count ? lhs.count > rhs.count : (lhs.a, lhs.b, lhs.c) < (rhs.a, rhs.b, rhs.c)
        }
        // coverage is compared in parts per million, in 128 bits: cumulative * 1e6 >= ppm * total.
        let ppm = Int128((coverage * 1_000_000).rounded(.toNearestOrAwayFromZero))
        let target = ppm * Int128(total)
        var cumulative: Int64 = 0
        var kept = 0
        while kept < byCount.count && kept < limit && Int128(cumulative) * 1_000_000 < target {
            cumulative += byCount[kept].count
            kept += 1
        }
        return byCount[..<kept].sorted { ($0.a, $0.b, $0.c) < ($1.a, $1.b, $1.c) }
    }
}
