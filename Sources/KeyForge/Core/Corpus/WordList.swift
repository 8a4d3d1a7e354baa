/// A word-frequency list, the form community corpora are published in: words with weights
/// (fractional weights allowed).
///
/// As n-grams, each word counts as typed between two spaces, once per unit of weight: ` word `
/// gives SPACE and the word's letters as monograms, (SPACE, w0) ... (wn, SPACE) as bigrams and the
/// trigrams inside ` word `. Words are lower-cased (docs/adr/0007-lower-case-letters.md). For the n-gram
/// counts (the score and KeyForge's own metrics, which are integer) the weights are scaled so that the monogram
/// total is about `targetTotal` (10^9), well inside `NGramCorpus`'s limit, and rounded; a word of positive
/// weight whose scaled count would round to 0 is kept with count 1, so no word and no symbol is lost.
/// `entries` keep the weights exactly as read: a profile that walks words (docs/PROFILES.md) uses them,
/// so its percentages are the real-number values (to Double's rounding, far below 1e-9 relative).
public struct WordList: Sendable, Equatable {
    /// The monogram total the weights are scaled to.
    public static let targetTotal: Double = 1_000_000_000

    /// The words and their weights, in input order, lower-cased; a word listed twice is summed.
    public let entries: [(word: String, weight: Double)]

    /// Validates the entries: words non-empty without whitespace, weights finite and at least 0, some above 0.
    public init(_ entries: [(word: String, weight: Double)]) throws(ValidationError) {
        var order: [String] = []
        var weights: [String: Double] = [:]
        for (index, entry) in entries.enumerated() {
            let word = entry.word.lowercased()
            guard !word.isEmpty, !word.unicodeScalars.contains(where: { $0.properties.isWhitespace }) else {
                throw ValidationError(field: "words[\(index)]", "a word must be non-empty and hold no whitespace (got \(entry.word.debugDescription))")
            }
            guard entry.weight.isFinite, entry.weight >= 0 else {
                throw ValidationError(field: "words[\(index)]", "the weight of \(entry.word.debugDescription) must be a finite number ≥ 0 (got \(entry.weight))")
            }
            if weights[word] == nil { order.append(word) }
            weights[word, default: 0] += entry.weight
        }
        guard weights.values.contains(where: { $0 > 0 }) else { throw ValidationError(field: "words", "no word has a weight above 0") }
        self.entries = order.map { ($0, weights[$0]!) }
    }

    /// Equality by content.
    public static func == (lhs: WordList, rhs: WordList) -> Bool {
        lhs.entries.elementsEqual(rhs.entries) { $0.word == $1.word && $0.weight == $1.weight }
    }

    /// The n-gram counts of the list (see the type's comment).
    public func records() -> NGramRecords {
        let characters = entries.reduce(0.0) { $0 + $1.weight * Double($1.word.unicodeScalars.count + 1) }
        let scale = Self.targetTotal / characters
        var records = NGramRecords()
        for (word, weight) in entries {
            guard weight > 0 else { continue }
            let count = max(1, Int64((weight * scale).rounded()))
            records.words[word, default: 0] += count
            let symbols = ["SPACE"] + word.unicodeScalars.map { String($0) } + ["SPACE"]
            // One SPACE per word: the one after it (the one before belongs to the previous word).
            for symbol in symbols.dropFirst() { records.unigrams[symbol, default: 0] += count }
            for index in 1..<symbols.count {
                records.bigrams[SymbolPair(symbols[index - 1], symbols[index]), default: 0] += count
            }
            for index in 2..<symbols.count {
                records.trigrams[SymbolTriple(symbols[index - 2], symbols[index - 1], symbols[index]), default: 0] += count
            }
        }
        return records
    }
}
