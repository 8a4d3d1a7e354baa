import Testing
@testable import KeyForgeCore

@Suite("Corpus mixing")
struct CorpusMixTests {
    static func corpus(_ id: String, _ unigrams: [String: Int64], _ bigrams: [SymbolPair: Int64] = [:]) throws -> NGramCorpus {
        var records = NGramRecords()
        records.unigrams = unigrams
        records.bigrams = bigrams
        return try NGramCorpus(id: id, records: records)
    }

    @Test("exact when it fits: each source contributes its weight's share whatever its size, with no rounding")
    func arithmetic() throws {
        // a: 1000 characters, all "x"; b: 100 characters, all "y"; weights 0.7 and 0.3 (7e8 and 3e8 ppb, sum 1e9).
        // Denominators Σw·N: 1e12 for a, 1e11 for b; divided by gcd(w, Σw·N) = 1e8: 10^4 and 10^3; T = lcm = 10^4.
        // Factors w·T/(Σw·N): a 7e8·1e4/1e12 = 7, b 3e8·1e4/1e11 = 30 (integers: exact).
        let a = try Self.corpus("t/a", ["x": 1000], [SymbolPair("x", "x"): 999])
        let b = try Self.corpus("t/b", ["y": 100], [SymbolPair("y", "y"): 99])
        let mixed = try CorpusMix.mix([(a, 0.7), (b, 0.3)])
        let records = mixed.records
        #expect(records.unigrams == ["x": 7000, "y": 3000])
        // xx: 999 x 7 = 6993; yy: 99 x 30 = 2970 (no rounding: 0.7 and 0.3 of the mix's monograms exactly).
        #expect(records.bigrams == [SymbolPair("x", "x"): 6993, SymbolPair("y", "y"): 2970])
        #expect(mixed.id == "mix(t/a:0.7,t/b:0.3)")
        #expect(mixed.hasSyntheticKeys)
    }

    @Test("equal weights of one corpus with itself give back its counts")
    func selfMix() throws {
        // Σw = 2e9, N = 1000: denominator 2e12 / gcd(1e9, 2e12) = 2000 = T; factor 1e9 x 2000 / 2e12 = 1 for
        // each source, so each adds its counts once: twice the counts, the same proportions, nothing rounded.
        let a = try Self.corpus("t/a", ["x": 600, "y": 400])
        let records = try CorpusMix.mix([(a, 1), (a, 1)]).records
        #expect(records.unigrams == ["x": 1200, "y": 800])
    }

    @Test("scaled up when exact does not fit: the mix's total is about 2^30 and a rare n-gram of a light source is kept")
    func scaledUp() throws {
        // Totals 999_983 and 1_000_003 (primes): the exact T would be about 10^12 · 10^6, far above 2^31.
        // a: "x" 999_982 times and "q" once; b: "y" throughout. Weights 0.999999 and 0.000001.
        // q's share: 1 x 0.999999 / 999_983 of 2^30 = 1073.76... -> 1074; y: 0.000001 x 2^30 = 1073.74... -> 1074.
        let a = try Self.corpus("t/a", ["x": 999_982, "q": 1])
        let b = try Self.corpus("t/b", ["y": 1_000_003], [SymbolPair("y", "z"): 1])
        let records = try CorpusMix.mix([(a, 0.999999), (b, 0.000001)]).records
        #expect(records.unigrams["q"] == 1074 && records.unigrams["y"] == 1074)
        // (y, z): 1 x 1e-6 x 2^30 / 1_000_003 = 0.00107...: would round to 0, kept as 1.
        #expect(records.bigrams[SymbolPair("y", "z")] == 1)
        let total = records.unigrams.values.reduce(0, +)
        #expect(abs(total - CorpusMix.scaledTarget) <= 2)
    }

    @Test("bad weights and empty mixes are rejected naming the source")
    func bad() throws {
        let a = try Self.corpus("t/a", ["x": 10])
        for weight in [0, -1, .nan, .infinity] as [Double] {
            #expect(throws: ValidationError.self) { try CorpusMix.mix([(a, 1), (a, weight)]) }
        }
        #expect(throws: ValidationError.self) { try CorpusMix.mix([]) }
    }
}
