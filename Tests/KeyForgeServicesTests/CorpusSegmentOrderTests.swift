import KeyForgeAdapters
import KeyForgeCore
import KeyForgeServices
import Testing

/// Segment records are sorted by a byte key per record (`CorpusBundle.sortedBySymbols`); the order must be the
/// plain one: symbol by symbol, each in UTF-8 byte order.
@Suite("Corpus segment order")
struct CorpusSegmentOrderTests {
    static func plain(_ records: [CorpusSegmentRecord]) -> [CorpusSegmentRecord] {
        records.sorted { $0.symbols.lexicographicallyPrecedes($1.symbols, by: utf8Precedes) }
    }

    @Test("prefixes, named keys, multi-byte and astral symbols sort as symbol-by-symbol UTF-8 order")
    func matchesPlainOrder() {
        // Symbols chosen so that the byte key's separator matters: "a" before "ab" (a prefix first), ("a", "b")
        // before ("ab", "a") though "a\u{0}b" and "ab\u{0}a" share their first byte, capitals (named keys) before
        // lower case, é (C3 A9) after z, U+1F600 (F0 ...) after 中 (E4 ...).
        let symbols = ["a", "ab", "b", "z", "SPACE", "SHIFT", "é", "中", "\u{1F600}", ".", "abc"]
        var records: [CorpusSegmentRecord] = []
        for first in symbols { for second in symbols { records.append(CorpusSegmentRecord(symbols: [first, second], freq: 1)) } }
        var random = SplitMix64(seed: 3)
        records.shuffle(using: &random)
        #expect(CorpusBundle.sortedBySymbols(records) == Self.plain(records))
        let words = ["the", "then", "them", "thé", "théâtre", "a", "ab", "zebra", "über", "日本"].map { CorpusSegmentRecord(symbols: [$0], freq: 2) }
        #expect(CorpusBundle.sortedBySymbols(words.reversed()) == Self.plain(words))
        #expect(CorpusBundle.sortedBySymbols([]) == [])
    }

    @Test("a symbol holding a zero byte falls back to the plain sort and still orders correctly")
    func zeroByteFallsBack() {
        // With a zero-separated key, ("a\u{0}", "b") and ("a", "\u{0}b") would both read "a 0 0 b 0"/"a 0 0 b 0"-like;
        // the fallback keeps the plain order ("a" < "a\u{0}" as a prefix).
        let records = [CorpusSegmentRecord(symbols: ["a\u{0}", "b"], freq: 1), CorpusSegmentRecord(symbols: ["a", "\u{0}b"], freq: 1),
                       CorpusSegmentRecord(symbols: ["a", "b"], freq: 1)]
        #expect(CorpusBundle.sortedBySymbols(records) == Self.plain(records))
        #expect(CorpusBundle.sortedBySymbols(records).map(\.symbols) == [["a", "\u{0}b"], ["a", "b"], ["a\u{0}", "b"]])
    }
}
