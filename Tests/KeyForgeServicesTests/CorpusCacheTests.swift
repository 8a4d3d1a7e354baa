import Dispatch
import Testing
import KeyForgeCore
import KeyForgeServices
@testable import KeyForgeAdapters

@Suite("Corpus cache")
struct CorpusCacheTests {
    static func corpus(_ id: String, _ count: Int64) throws -> NGramCorpus {
        var records = NGramRecords()
        records.unigrams = ["a": count]
        return try NGramCorpus(id: id, records: records)
    }

    @Test("a hit returns the corpus stored under the same hash and id; another id misses")
    func hit() throws {
        let cache = CorpusCache(capacity: 2)
        let corpus = try Self.corpus("t/a", 5)
        cache.insert(corpus, hash: "h1")
        #expect(cache.corpus(hash: "h1", id: "t/a") == corpus)
        #expect(cache.corpus(hash: "h1", id: "t/a_std") == nil)
        #expect(cache.corpus(hash: "h2", id: "t/a") == nil)
    }

    @Test("the cache stays bounded and drops the least recently used entry")
    func bounded() throws {
        let cache = CorpusCache(capacity: 2)
        cache.insert(try Self.corpus("t/a", 1), hash: "a")
        cache.insert(try Self.corpus("t/b", 2), hash: "b")
        _ = cache.corpus(hash: "a", id: "t/a")
        cache.insert(try Self.corpus("t/c", 3), hash: "c")
        #expect(cache.count == 2)
        #expect(cache.corpus(hash: "a", id: "t/a") != nil && cache.corpus(hash: "b", id: "t/b") == nil)
    }

    @Test("concurrent callers inserting and reading never exceed the bound or lose a fresh entry")
    func concurrent() throws {
        let cache = CorpusCache(capacity: 4)
        let corpora = try (0..<16).map { try Self.corpus("t/c\($0)", Int64($0 + 1)) }
        DispatchQueue.concurrentPerform(iterations: 16) { index in
            for round in 0..<200 {
                cache.insert(corpora[(index + round) % 16], hash: "h\((index + round) % 16)")
                _ = cache.corpus(hash: "h\(round % 16)", id: "t/c\(round % 16)")
            }
        }
        #expect(cache.count == 4)
        cache.insert(corpora[0], hash: "h0")
        #expect(cache.corpus(hash: "h0", id: "t/c0") == corpora[0])
    }
}
