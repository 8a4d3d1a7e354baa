/// A monogram count over an interned symbol.
public struct UnigramCount: Equatable, Sendable {
    /// The symbol's index in `NGramCorpus.symbols`.
    public var a: Int32
    /// How often it occurs.
    public var count: Int64
}

/// A bigram count over interned symbols.
public struct BigramCount: Equatable, Sendable {
    /// The first symbol.
    public var a: Int32
    /// The second symbol.
    public var b: Int32
    /// How often the pair occurs.
    public var count: Int64
}

/// A trigram count over interned symbols.
public struct TrigramCount: Equatable, Sendable {
    /// The first symbol.
    public var a: Int32
    /// The second symbol.
    public var b: Int32
    /// The third symbol.
    public var c: Int32
    /// How often the triple occurs.
    public var count: Int64
}

/// A validated corpus: interned symbols and n-gram counts sorted by symbols (docs/PHYSICS.md section 1.3).
///
/// Symbols are interned in UTF-8 byte order, and every list is sorted by its symbol indexes,
/// so the same counts always give the same value, whatever order they were added in.
public struct NGramCorpus: Sendable, Equatable {
    /// The largest count of one n-gram, and of a whole segment: with table entries bounded by
    /// `CostModel.maxEntry` (2^31) a partial score sum stays below 2^62.
    public static let maxTotalCount: Int64 = 1 << 31
    /// The most symbols a corpus may have.
    public static let maxSymbols = 1 << 20

    /// The corpus id (`text/en_std`); an id containing `_std` gets synthetic ENTER and BACKSPACE.
    public let id: String
    /// The interned symbols, in UTF-8 byte order.
    public let symbols: [String]
    /// Monogram counts, sorted by symbol.
    public let unigrams: [UnigramCount]
    /// Bigram counts, sorted by (a, b).
    public let bigrams: [BigramCount]
    /// Trigram counts, sorted by (a, b, c).
    public let trigrams: [TrigramCount]
    /// Word counts, sorted by word (UTF-8 order).
    public let words: [(word: String, count: Int64)]
    /// True once synthetic ENTER and BACKSPACE have been injected (never twice, docs/adr/0008-synthetic-enter-backspace.md).
    public let hasSyntheticKeys: Bool

    /// Validates and interns `records`: every count must be positive, every symbol non-empty, and
    /// each segment's total at most `maxTotalCount`.
    public init(id: String, records: NGramRecords, hasSyntheticKeys: Bool = false) throws(ValidationError) {
        try NGramCorpus.validate(records)
        var symbolSet = Set(records.unigrams.keys)
        for pair in records.bigrams.keys { symbolSet.insert(pair.first); symbolSet.insert(pair.second) }
        for triple in records.trigrams.keys {
            symbolSet.insert(triple.first); symbolSet.insert(triple.second); symbolSet.insert(triple.third)
        }
        if symbolSet.count > NGramCorpus.maxSymbols {
            throw ValidationError(field: "symbols", "\(symbolSet.count) distinct symbols; at most \(NGramCorpus.maxSymbols)")
        }
        let symbols = symbolSet.sorted(by: utf8Precedes)
        var index: [String: Int32] = [:]
        index.reserveCapacity(symbols.count)
        for (position, symbol) in symbols.enumerated() { index[symbol] = Int32(position) }

        self.id = id
        self.symbols = symbols
        self.unigrams = records.unigrams.map { UnigramCount(a: index[$0.key]!, count: $0.value) }
            .sorted { $0.a < $1.a }
        self.bigrams = records.bigrams.map { BigramCount(a: index[$0.key.first]!, b: index[$0.key.second]!, count: $0.value) }
            .sorted { ($0.a, $0.b) < ($1.a, $1.b) }
        self.trigrams = records.trigrams.map {
            TrigramCount(a: index[$0.key.first]!, b: index[$0.key.second]!, c: index[$0.key.third]!, count: $0.value)
        }.sorted { ($0.a, $0.b, $0.c) < ($1.a, $1.b, $1.c) }
        self.words = NGramCorpus.sortedByUTF8(records.words.map { (word: $0.key, count: $0.value) })
        self.hasSyntheticKeys = hasSyntheticKeys
    }

    /// `words` in `utf8Precedes` order, compared as bytes copied once into one buffer (comparing Strings was most of
    /// loading a corpus): the shared prefix decides, else the shorter word comes first.
    static func sortedByUTF8(_ words: [(word: String, count: Int64)]) -> [(word: String, count: Int64)] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(words.count * 8)
        var starts = [Int](repeating: 0, count: words.count + 1)
        for (index, entry) in words.enumerated() {
            bytes.append(contentsOf: entry.word.utf8)
            starts[index + 1] = bytes.count
        }
        var order = Array(0..<words.count)
        bytes.withUnsafeBufferPointer { bytes in
            starts.withUnsafeBufferPointer { starts in
                order.sort { lhs, rhs in
                    let a = starts[lhs], aLength = starts[lhs + 1] - a, b = starts[rhs], bLength = starts[rhs + 1] - b
                    var offset = 0
                    while offset < min(aLength, bLength) {
                        let x = bytes[a + offset], y = bytes[b + offset]
                        if x != y { return x < y }
                        offset += 1
                    }
                    return aLength < bLength
                }
            }
        }
        return order.map { words[$0] }
    }

    /// Equality by content.
    public static func == (lhs: NGramCorpus, rhs: NGramCorpus) -> Bool {
        lhs.id == rhs.id && lhs.symbols == rhs.symbols && lhs.unigrams == rhs.unigrams && lhs.bigrams == rhs.bigrams
            && lhs.trigrams == rhs.trigrams && lhs.hasSyntheticKeys == rhs.hasSyntheticKeys
            && lhs.words.elementsEqual(rhs.words, by: { $0.word == $1.word && $0.count == $1.count })
    }

    /// The counts back in string-keyed form (to merge or inject, then intern again).
    public var records: NGramRecords {
        var records = NGramRecords()
        for entry in unigrams { records.unigrams[symbols[Int(entry.a)]] = entry.count }
        for entry in bigrams { records.bigrams[SymbolPair(symbols[Int(entry.a)], symbols[Int(entry.b)])] = entry.count }
        for entry in trigrams {
            records.trigrams[SymbolTriple(symbols[Int(entry.a)], symbols[Int(entry.b)], symbols[Int(entry.c)])] = entry.count
        }
        for entry in words { records.words[entry.word] = entry.count }
        return records
    }

    /// The total monogram count N1.
    public var totalUnigrams: Int64 { unigrams.reduce(0) { $0 + $1.count } }
    /// The total bigram count.
    public var totalBigrams: Int64 { bigrams.reduce(0) { $0 + $1.count } }
    /// The total trigram count.
    public var totalTrigrams: Int64 { trigrams.reduce(0) { $0 + $1.count } }

    private static func validate(_ records: NGramRecords) throws(ValidationError) {
        try checkSegment("1grams", records.unigrams.lazy.map { ([$0.key], $0.value) })
        try checkSegment("2grams", records.bigrams.lazy.map { ([$0.key.first, $0.key.second], $0.value) })
        try checkSegment("3grams", records.trigrams.lazy.map { ([$0.key.first, $0.key.second, $0.key.third], $0.value) })
        try checkSegment("words", records.words.lazy.map { ([$0.key], $0.value) })
    }

    private static func checkSegment<S: Sequence>(_ name: String, _ entries: S) throws(ValidationError)
    where S.Element == ([String], Int64) {
        var total: Int64 = 0
        for (symbols, count) in entries {
            if symbols.contains(where: \.isEmpty) {
                throw ValidationError(field: name, "an entry has an empty symbol")
            }
            guard count > 0 else {
                throw ValidationError(field: name, "\(symbols.joined(separator: " ")) has count \(count); counts must be positive")
            }
            let (sum, overflow) = total.addingReportingOverflow(count)
            guard !overflow && sum <= maxTotalCount else {
                throw ValidationError(field: name, "total count above \(maxTotalCount); scale the corpus down")
            }
            total = sum
        }
    }
}
