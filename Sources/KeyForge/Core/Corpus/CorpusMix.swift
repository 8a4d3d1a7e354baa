/// Several corpora mixed by weight into one (docs/PHYSICS.md section 1; `--corpus a:0.7,b:0.3`).
///
/// Each source is first taken through its own load pipeline (its synthetic keys injected if it is a
/// std corpus). Source i, of monogram total N_i and weight w_i, then contributes the share w_i / Σw of
/// the mix: each of its counts c becomes c · w_i · T / (Σw · N_i) for one target total T of the mix.
/// Weights are read to nine decimals (parts per billion, exact for weights written with at most nine
/// decimals); a positive weight that is 0 at nine decimals is refused.
///
/// The rule that keeps every count (no symbol, n-gram or word with a nonzero count in a source of
/// nonzero weight is lost, nor is any scaled down to nothing):
/// 1. **Exact** when it fits: T is the least common multiple of the denominators
///    Σw · N_i / gcd(w_i, Σw · N_i), so every factor w_i · T / (Σw · N_i) is an integer and every count is
///    scaled exactly (no rounding). Taken when T and every segment total of the mix fit
///    `NGramCorpus.maxTotalCount` (mixes of small corpora, or of a corpus with itself).
/// 2. **Scaled up** otherwise: T = 2^30 (halved until every segment total fits `maxTotalCount`), which
///    is above every shipped corpus's size, so counts are scaled up, not down; each scaled count is
///    rounded half away from zero, and one that would round to 0 is kept as 1. A count c of source i
///    is off by at most 0.5 in c · w_i · T / (Σw · N_i) (for the shipped corpora, factors of 60 and more).
/// All arithmetic is integer (Int128 products, checked). The mix is marked as injected: its sources
/// already were, and it is never injected again.
public enum CorpusMix {
    /// The most sources one mix may have.
    public static let maxSources = 16
    /// The target monogram total of a mix that cannot be exact (2^30, half of `NGramCorpus.maxTotalCount`,
    /// leaving room for bigram and trigram segments a little larger than the monograms).
    public static let scaledTarget: Int64 = 1 << 30

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
        guard totals.allSatisfy({ $0 > 0 }) else { throw ValidationError(field: "corpus", "a source of the mix is empty") }
        // Weights in parts per billion, so the scaling is integer arithmetic.
        let weights = sources.map { Int64(($0.weight * 1_000_000_000).rounded(.toNearestOrAwayFromZero)) }
        for (index, weight) in weights.enumerated() where weight == 0 {
            throw ValidationError(field: "corpus[\(index)]", "weight \(sources[index].weight) is 0 at nine decimals; give it at least 0.000000001")
        }
        let weightSum = Int128(weights.reduce(0, +))
        let denominators = totals.map { weightSum * Int128($0) }
        let id = id(sources.map { ($0.corpus.id, $0.weight) })
        if let target = exactTarget(weights: weights, denominators: denominators),
           let records = scaled(sources.map(\.corpus), weights: weights, denominators: denominators, target: target, exact: true) {
            return try NGramCorpus(id: id, records: records, hasSyntheticKeys: true)
        }
        var target = Int128(scaledTarget)
        while target >= 1 {
            if let records = scaled(sources.map(\.corpus), weights: weights, denominators: denominators, target: target, exact: false) {
                return try NGramCorpus(id: id, records: records, hasSyntheticKeys: true)
            }
            target /= 2
        }
        throw ValidationError(field: "corpus", "the mix's counts do not fit \(NGramCorpus.maxTotalCount)")
    }

    /// T of the exact rule: lcm of Σw·N_i / gcd(w_i, Σw·N_i), or nil above `maxTotalCount`.
    static func exactTarget(weights: [Int64], denominators: [Int128]) -> Int128? {
        var target: Int128 = 1
        for (weight, denominator) in zip(weights, denominators) {
            let needed = denominator / gcd(Int128(weight), denominator)
            target = target / gcd(target, needed) * needed
            if target > Int128(NGramCorpus.maxTotalCount) { return nil }
        }
        return target
    }

    static func gcd(_ a: Int128, _ b: Int128) -> Int128 {
        var (x, y) = (a, b)
        while y != 0 { (x, y) = (y, x % y) }
        return x
    }

    /// The mixed records for target total `target`, or nil when a segment's total passes `maxTotalCount`.
    /// `exact`: every factor is an integer (checked by the caller's choice of `target`).
    private static func scaled(_ corpora: [NGramCorpus], weights: [Int64], denominators: [Int128], target: Int128,
                               exact: Bool) -> NGramRecords? {
        var records = NGramRecords()
        var sums = [Int128](repeating: 0, count: 4)
        let limit = Int128(NGramCorpus.maxTotalCount)
        for (index, corpus) in corpora.enumerated() {
            let numerator = Int128(weights[index]) * target
            let denominator = denominators[index]
            // count < 2^31, weight < 2^50, target <= 2^31: the product stays below 2^112.
            func scale(_ count: Int64) -> Int64 {
                let product = Int128(count) * numerator
                if exact { return Int64(product / denominator) }
                return max(1, Int64((product + denominator / 2) / denominator))
            }
            let symbols = corpus.symbols
            for entry in corpus.unigrams {
                let value = scale(entry.count)
                sums[0] += Int128(value)
                records.unigrams[symbols[Int(entry.a)], default: 0] += value
            }
            for entry in corpus.bigrams {
                let value = scale(entry.count)
                sums[1] += Int128(value)
                records.bigrams[SymbolPair(symbols[Int(entry.a)], symbols[Int(entry.b)]), default: 0] += value
            }
            for entry in corpus.trigrams {
                let value = scale(entry.count)
                sums[2] += Int128(value)
                records.trigrams[SymbolTriple(symbols[Int(entry.a)], symbols[Int(entry.b)], symbols[Int(entry.c)]), default: 0] += value
            }
            for entry in corpus.words {
                let value = scale(entry.count)
                sums[3] += Int128(value)
                records.words[entry.word, default: 0] += value
            }
            if sums.contains(where: { $0 > limit }) { return nil }
        }
        return records
    }
}
