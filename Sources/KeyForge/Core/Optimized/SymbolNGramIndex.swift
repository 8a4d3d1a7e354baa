/// The scoring corpus indexed by symbol, for delta scoring: each symbol's n-grams stored contiguously.
///
/// A symbol that occurs once in an n-gram sees it as its partners (the other symbols) and a count,
/// filed by the symbol's position: moving the symbol re-prices a bigram with one table row, and the
/// trigram entries feed the weights of `FastPositions`. N-grams where the symbol occurs more than once (`ee`, `e?e`) are kept in a
/// short list of repeats, with the positions each symbol holds.
struct SymbolNGramIndex: Sendable {
    /// The number of corpus symbols.
    let symbolCount: Int
    /// n1 of each symbol.
    let unigramCount: [Int64]
    /// Every bigram of the corpus.
    let bigrams: [PackedBigram]
    /// Every kept trigram of the scoring corpus.
    let trigrams: [PackedTrigram]
    /// Bigrams with the symbol once, at group `symbol * 2 + position`.
    let bigramPartners: GroupedList<BigramPartner>
    /// n2(s, s) of each symbol s.
    let bigramRepeatCount: [Int64]
    /// Trigrams with the symbol once, at group `symbol * 3 + position`.
    let trigramPartners: GroupedList<TrigramPartners>
    /// Trigrams with the symbol at two or three positions, grouped by symbol.
    let trigramRepeats: GroupedList<RepeatTerm>

    /// Indexes the monograms, bigrams and kept trigrams of `corpus`.
    init(corpus: ScoringCorpus) {
        let symbolCount = corpus.corpus.symbols.count
        self.symbolCount = symbolCount
        var unigramCount = [Int64](repeating: 0, count: symbolCount)
        for entry in corpus.corpus.unigrams { unigramCount[Int(entry.a)] += entry.count }
        self.unigramCount = unigramCount

        let bigrams = corpus.corpus.bigrams.map { PackedBigram(a: $0.a, b: $0.b, count: UInt32($0.count)) }
        var bigramRepeatCount = [Int64](repeating: 0, count: symbolCount)
        var partnerItems: [(group: Int, element: BigramPartner)] = []
        partnerItems.reserveCapacity(bigrams.count * 2)
        for entry in bigrams {
            if entry.a == entry.b {
                bigramRepeatCount[Int(entry.a)] += Int64(entry.count)
            } else {
                partnerItems.append((Int(entry.a) * 2, BigramPartner(other: entry.b, count: entry.count)))
                partnerItems.append((Int(entry.b) * 2 + 1, BigramPartner(other: entry.a, count: entry.count)))
            }
        }
        self.bigrams = bigrams
        self.bigramRepeatCount = bigramRepeatCount
        bigramPartners = GroupedList(groupCount: symbolCount * 2, items: partnerItems)

        let trigrams = corpus.trigrams.map { PackedTrigram(a: $0.a, b: $0.b, c: $0.c, count: UInt32($0.count)) }
        var trigramItems: [(group: Int, element: TrigramPartners)] = []
        var repeatItems: [(group: Int, element: RepeatTerm)] = []
        trigramItems.reserveCapacity(trigrams.count * 3)
        for entry in trigrams {
            let symbols = [entry.a, entry.b, entry.c]
            for (position, symbol) in symbols.enumerated() {
                let others = symbols.indices.filter { $0 != position }.map { symbols[$0] }
                if others.contains(symbol) {
                    // File a repeating trigram once per distinct symbol.
                    if symbols.firstIndex(of: symbol) == position {
                        var term = RepeatTerm(other: symbol, count: entry.count, ownMask: 0, otherMask: 0)
                        for (place, each) in symbols.enumerated() {
                            if each == symbol {
                                term.ownMask |= 1 << place
                            } else {
                                term.other = each
                                term.otherMask = 1 << place
                            }
                        }
                        repeatItems.append((Int(symbol), term))
                    }
                } else {
                    trigramItems.append((Int(symbol) * 3 + position,
                                         TrigramPartners(first: others[0], second: others[1], count: entry.count)))
                }
            }
        }
        self.trigrams = trigrams
        trigramPartners = GroupedList(groupCount: symbolCount * 3, items: trigramItems)
        trigramRepeats = GroupedList(groupCount: symbolCount, items: repeatItems)
    }
}
