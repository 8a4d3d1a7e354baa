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

    @Test("each source contributes its weight's share whatever its size")
    func arithmetic() throws {
        // a: 1000 characters, all "x"; b: 100 characters, all "y". Target T = 100 (the smaller total).
        let a = try Self.corpus("t/a", ["x": 1000], [SymbolPair("x", "x"): 999])
        let b = try Self.corpus("t/b", ["y": 100], [SymbolPair("y", "y"): 99])
        let mixed = try CorpusMix.mix([(a, 0.7), (b, 0.3)])
        let records = mixed.records
        // x: 1000 x 0.7 x 100 / 1000 = 70; y: 100 x 0.3 x 100 / 100 = 30.
        #expect(records.unigrams == ["x": 70, "y": 30])
        // xx: 999 x 0.07 = 69.93 -> 70; yy: 99 x 0.3 = 29.7 -> 30.
        #expect(records.bigrams == [SymbolPair("x", "x"): 70, SymbolPair("y", "y"): 30])
        #expect(mixed.id == "mix(t/a:0.7,t/b:0.3)")
        #expect(mixed.hasSyntheticKeys)
    }

    @Test("equal weights of one corpus with itself give back its proportions")
    func selfMix() throws {
        let a = try Self.corpus("t/a", ["x": 600, "y": 400])
        let records = try CorpusMix.mix([(a, 1), (a, 1)]).records
        #expect(records.unigrams == ["x": 600, "y": 400])
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
