import Testing
@testable import KeyForgeCore

@Suite("Corpus counting, injection and pruning")
struct CorpusTests {
    static func count(_ chunks: [[UInt8]], options: CorpusCounterOptions = CorpusCounterOptions()) -> (NGramRecords, CorpusCounter) {
        var counter = CorpusCounter(options: options)
        for chunk in chunks { counter.feed(chunk) }
        counter.endDocument()
        return (counter.records(), counter)
    }

    @Test("capitals are lower-cased and whitespace runs become one SPACE")
    func lowerAndCollapse() {
        let (records, _) = Self.count([Array("Ab \n\t B".utf8)])
        #expect(records.unigrams == ["a": 1, "b": 2, "SPACE": 1])
        #expect(records.bigrams == [SymbolPair("a", "b"): 1, SymbolPair("b", "SPACE"): 1, SymbolPair("SPACE", "b"): 1])
    }

    @Test("keeping whitespace gives TAB and ENTER symbols")
    func keepWhitespace() {
        let (records, _) = Self.count([Array("a\tb\nc".utf8)], options: CorpusCounterOptions(collapseWhitespace: false))
        #expect(records.unigrams["TAB"] == 1 && records.unigrams["ENTER"] == 1)
        #expect(records.trigrams[SymbolTriple("b", "ENTER", "c")] == 1)
    }

    @Test("a multi-byte character split across two feeds is decoded once")
    func splitCharacter() {
        let bytes = Array("é".utf8)
        let (records, counter) = Self.count([[UInt8(ascii: "x"), bytes[0]], [bytes[1]]])
        #expect(records.unigrams == ["x": 1, "é": 1])
        #expect(counter.invalidBytes == 0)
    }

    @Test("invalid UTF-8 bytes are counted and skipped, never a crash")
    func invalidBytes() {
        let (records, counter) = Self.count([[0x61, 0xFF, 0x62, 0xC3, 0x63, 0xED, 0xA0, 0x80, 0x64, 0xE2, 0x82]])
        #expect(records.unigrams == ["a": 1, "b": 1, "c": 1, "d": 1])
        #expect(counter.invalidBytes == 1 + 1 + 3 + 2)  // FF; C3 cut short; a surrogate; a sequence cut at the end
        #expect(records.bigrams[SymbolPair("a", "b")] == 1)
    }

    @Test("n-grams never span two documents")
    func documents() {
        var counter = CorpusCounter()
        counter.feed(Array("ab".utf8))
        counter.endDocument()
        counter.feed(Array("cd".utf8))
        counter.endDocument()
        let records = counter.records()
        #expect(records.bigrams[SymbolPair("b", "c")] == nil)
        #expect(records.bigrams.count == 2)
    }

    @Test("words are stripped of punctuation at their ends and counted")
    func words() {
        let (records, _) = Self.count([Array("\"Hello,\" she said; hello again... don't!".utf8)])
        #expect(records.words == ["hello": 2, "she": 1, "said": 1, "again": 1, "don't": 1])
    }

    @Test("synthetic ENTER and BACKSPACE follow docs/PHYSICS.md section 6 and are injected once")
    func synthetic() throws {
        var records = NGramRecords()
        records.unigrams = ["a": 600, ".": 300, "b": 100]
        records.bigrams = [SymbolPair("a", "."): 200, SymbolPair("b", "."): 100, SymbolPair("a", "b"): 100]
        let corpus = try NGramCorpus(id: "text/x_std", records: records)
        let injected = try SyntheticKeys.inject(into: corpus)
        let out = injected.records
        // ENTER = round(300 / 3) = 100; BACKSPACE = round(1000 * 0.0375) = 38 (37.5 rounds half away from zero).
        #expect(out.unigrams["ENTER"] == 100 && out.unigrams["BACKSPACE"] == 38)
        #expect(out.bigrams[SymbolPair(".", "ENTER")] == 100)
        // (c, BS) and (BS, c) get 38 * n1(c) / 1000: a 22.8 -> 23, . 11.4 -> 11, b 3.8 -> 4.
        #expect(out.bigrams[SymbolPair("a", "BACKSPACE")] == 23 && out.bigrams[SymbolPair("BACKSPACE", ".")] == 11
                && out.bigrams[SymbolPair("b", "BACKSPACE")] == 4)
        // (a, b, BS) get 38 * n2(a, b) / 400: a. 19, b. 9.5 -> 10, ab 9.5 -> 10; (a, p, ENTER) 100 * n2 / 300.
        #expect(out.trigrams[SymbolTriple("a", ".", "BACKSPACE")] == 19 && out.trigrams[SymbolTriple("b", ".", "BACKSPACE")] == 10)
        #expect(out.trigrams[SymbolTriple("a", ".", "ENTER")] == 67 && out.trigrams[SymbolTriple("b", ".", "ENTER")] == 33)
        #expect(injected.hasSyntheticKeys)
        #expect(try SyntheticKeys.inject(into: injected) == injected)
        let plain = try NGramCorpus(id: "text/plain", records: records)
        #expect(try SyntheticKeys.inject(into: plain) == plain)
    }

    @Test("trigram pruning keeps the shortest most-frequent prefix that reaches the coverage, capped by the limit")
    func pruning() {
        let trigrams = [TrigramCount(a: 0, b: 0, c: 0, count: 50), TrigramCount(a: 0, b: 0, c: 1, count: 30),
                        TrigramCount(a: 0, b: 1, c: 0, count: 15), TrigramCount(a: 1, b: 0, c: 0, count: 5)]
        #expect(ScoringCorpus.prune(trigrams, coverage: 0.8, limit: 10).count == 2)   // 50 + 30 = 80 reaches 80 %
        #expect(ScoringCorpus.prune(trigrams, coverage: 0.81, limit: 10).count == 3)  // one past it needs the third
        #expect(ScoringCorpus.prune(trigrams, coverage: 1, limit: 10).count == 4)
        #expect(ScoringCorpus.prune(trigrams, coverage: 1, limit: 1) == [trigrams[0]])
    }

    @Test("a corpus with a non-positive count is rejected naming the segment")
    func badCounts() {
        var records = NGramRecords()
        records.unigrams = ["a": 0]
        #expect(throws: ValidationError.self) { try NGramCorpus(id: "x/y", records: records) }
        records.unigrams = ["a": NGramCorpus.maxTotalCount, "b": 1]
        #expect(throws: ValidationError.self) { try NGramCorpus(id: "x/y", records: records) }
    }
}

@Suite("Corpus counting of code")
struct CodeCorpusTests {
    @Test("dropping indentation keeps newlines and inner spaces but not the spaces that start a line")
    func dropIndentation() {
        var counter = CorpusCounter(options: CorpusCounterOptions(caseHandling: .shift, collapseWhitespace: false, dropIndentation: true))
        counter.feed(Array("if x:\n    y = 1\n\n\tZ\n".utf8))
        counter.endDocument()
        let records = counter.records()
        #expect(records.unigrams["SPACE"] == 3)      // "if x", "y =", "= 1"; not the four spaces of indentation
        #expect(records.unigrams["TAB"] == nil)
        #expect(records.unigrams["ENTER"] == 4)
        #expect(records.unigrams["Z"] == nil && records.unigrams["z"] == 1 && records.unigrams["SHIFT"] == 1)  // case kept as SHIFT + z
        #expect(records.bigrams[SymbolPair("ENTER", "y")] == 1 && records.bigrams[SymbolPair("ENTER", "ENTER")] == 1)
    }
}

@Suite("Corpus counting options")
struct CorpusOptionTests {
    static func count(_ text: String, _ options: CorpusCounterOptions) -> NGramRecords {
        var counter = CorpusCounter(options: options)
        counter.feed(Array(text.utf8))
        counter.endDocument()
        return counter.records()
    }

    @Test("folding accents maps é, Ü and ñ to their base letters and drops combining marks; ß stays")
    func foldAccents() {
        let records = Self.count("éÜñ e\u{0301} ß", CorpusCounterOptions(foldAccents: true))
        #expect(records.unigrams == ["e": 2, "u": 1, "n": 1, "SPACE": 2, "ß": 1])
        let kept = Self.count("é", CorpusCounterOptions())
        #expect(kept.unigrams == ["é": 1])
    }

    @Test("shift simulation: one SHIFT before each run of capitals, counted in the n-grams in stream order; no capital symbol")
    func shiftSimulation() {
        // "aBc DEf": a SHIFT b c SPACE SHIFT d e f (D and E are one run: SHIFT is held across it).
        let records = Self.count("aBc DEf", CorpusCounterOptions(caseHandling: .shift))
        #expect(records.unigrams == ["a": 1, "SHIFT": 2, "b": 1, "c": 1, "SPACE": 1, "d": 1, "e": 1, "f": 1])
        // Bigrams over the stream a SHIFT b c SPACE SHIFT d e f: eight, the letter pair (a, b) not among them.
        #expect(records.bigrams == [SymbolPair("a", "SHIFT"): 1, SymbolPair("SHIFT", "b"): 1, SymbolPair("b", "c"): 1,
                                    SymbolPair("c", "SPACE"): 1, SymbolPair("SPACE", "SHIFT"): 1, SymbolPair("SHIFT", "d"): 1,
                                    SymbolPair("d", "e"): 1, SymbolPair("e", "f"): 1])
        // Trigrams: the seven windows of three over the same nine keystrokes.
        #expect(records.trigrams == [SymbolTriple("a", "SHIFT", "b"): 1, SymbolTriple("SHIFT", "b", "c"): 1,
                                     SymbolTriple("b", "c", "SPACE"): 1, SymbolTriple("c", "SPACE", "SHIFT"): 1,
                                     SymbolTriple("SPACE", "SHIFT", "d"): 1, SymbolTriple("SHIFT", "d", "e"): 1,
                                     SymbolTriple("d", "e", "f"): 1])
        #expect(records.words == ["abc": 1, "def": 1])
    }

    @Test("shift simulation: any other symbol ends a run of capitals (MAX_SIZE presses SHIFT twice); folding counts no SHIFT")
    func shiftRuns() {
        let shifted = Self.count("MAX_SIZE", CorpusCounterOptions(caseHandling: .shift))
        #expect(shifted.unigrams == ["SHIFT": 2, "m": 1, "a": 1, "x": 1, "_": 1, "s": 1, "i": 1, "z": 1, "e": 1])
        #expect(shifted.bigrams[SymbolPair("_", "SHIFT")] == 1 && shifted.bigrams[SymbolPair("SHIFT", "s")] == 1)
        #expect(!shifted.unigrams.keys.contains { $0.count == 1 && $0.uppercased() == $0 && $0.lowercased() != $0 })
        // A new document releases SHIFT: "A" then "B" in two documents press it twice.
        var counter = CorpusCounter(options: CorpusCounterOptions(caseHandling: .shift))
        counter.feed(Array("A".utf8)); counter.endDocument()
        counter.feed(Array("B".utf8)); counter.endDocument()
        #expect(counter.records().unigrams["SHIFT"] == 2)
        let folded = Self.count("MAX_SIZE", CorpusCounterOptions())
        #expect(folded.unigrams == ["m": 1, "a": 1, "x": 1, "_": 1, "s": 1, "i": 1, "z": 1, "e": 1])
    }
}

@Suite("Skip-gram counting")
struct SkipGramTests {
    @Test("skip-1 ... skip-3 bigrams pair symbols with 1 ... 3 symbols between them, within a document")
    func skipGrams() {
        var counter = CorpusCounter(options: CorpusCounterOptions(skipGrams: 3))
        counter.feed(Array("abcde".utf8))
        counter.endDocument()
        counter.feed(Array("xy".utf8))
        counter.endDocument()
        let skips = counter.records().skipBigrams
        #expect(skips.count == 3)
        #expect(skips[0] == [SymbolPair("a", "c"): 1, SymbolPair("b", "d"): 1, SymbolPair("c", "e"): 1])
        #expect(skips[1] == [SymbolPair("a", "d"): 1, SymbolPair("b", "e"): 1])
        #expect(skips[2] == [SymbolPair("a", "e"): 1])
        var plain = CorpusCounter()
        plain.feed(Array("abcde".utf8))
        plain.endDocument()
        #expect(plain.records().skipBigrams.isEmpty)
    }
}
