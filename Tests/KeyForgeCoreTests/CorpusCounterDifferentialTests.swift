import Testing
@testable import KeyForgeCore

/// A plain counter written straight from `CorpusCounter`'s documented rules, with Strings and dictionaries and no
/// fast path: the whole input is decoded first, then each scalar becomes a symbol, and n-grams and words are
/// counted over the symbol stream. The differential tests feed the same bytes to both (the fast one in chunks of
/// random sizes) and require identical records and invalid-byte counts.
struct ReferenceCounter {
    let options: CorpusCounterOptions
    var records = NGramRecords()
    var invalidBytes = 0

    init(options: CorpusCounterOptions) {
        self.options = options
        records.skipBigrams = Array(repeating: [:], count: options.skipGrams)
    }

    /// Decodes one document: a lead byte C2-DF, E0-EF or F0-F4 starts a sequence of 1, 2 or 3 continuation
    /// bytes; a sequence cut short (by a non-continuation byte, which is then read afresh, or by the end) is
    /// invalid for the bytes it had; an overlong form, a surrogate or a value past U+10FFFF is invalid whole;
    /// any other byte of 0x80 or more is one invalid byte.
    func decode(_ bytes: [UInt8]) -> (scalars: [UInt32], invalid: Int) {
        var scalars: [UInt32] = [], invalid = 0, index = 0
        while index < bytes.count {
            let lead = bytes[index]
            if lead < 0x80 { scalars.append(UInt32(lead)); index += 1; continue }
            let need: Int, minimum: UInt32
            var value: UInt32
            switch lead {
            case 0xC2...0xDF: (need, minimum, value) = (1, 0x80, UInt32(lead & 0x1F))
            case 0xE0...0xEF: (need, minimum, value) = (2, 0x800, UInt32(lead & 0x0F))
            case 0xF0...0xF4: (need, minimum, value) = (3, 0x10000, UInt32(lead & 0x07))
            default: invalid += 1; index += 1; continue
            }
            var taken = 1
            while taken <= need && index + taken < bytes.count && bytes[index + taken] & 0xC0 == 0x80 {
                value = value << 6 | UInt32(bytes[index + taken] & 0x3F)
                taken += 1
            }
            if taken <= need { invalid += taken; index += taken; continue }
            if value < minimum || (0xD800...0xDFFF).contains(value) || value > 0x10FFFF { invalid += taken } else { scalars.append(value) }
            index += taken
        }
        return (scalars, invalid)
    }

    enum Item { case symbol(String, capital: Bool, isWord: Bool), newline, tab, space, dropped }

    func item(_ value: UInt32) -> Item {
        guard let scalar = Unicode.Scalar(value) else { return .dropped }
        if [0x0A, 0x85, 0x2028, 0x2029].contains(value) { return .newline }
        if value == 0x09 { return .tab }
        if scalar.properties.isWhitespace { return value == 0x0D ? .dropped : .space }
        switch scalar.properties.generalCategory {
        case .control, .format, .surrogate, .privateUse, .unassigned: return .dropped
        case .nonspacingMark where options.foldAccents: return .dropped
        default: break
        }
        let base = options.foldAccents ? CorpusCounter.accentFolded(scalar) : scalar
        let symbol = KeycodeTable.lowercased(String(base))
        let first = symbol.unicodeScalars.first!
        return .symbol(symbol, capital: options.caseHandling == .shift && base.properties.changesWhenLowercased,
                       isWord: first.properties.isAlphabetic || first.properties.numericType != nil)
    }

    /// Counts one document.
    mutating func document(_ bytes: [UInt8]) {
        let (scalars, invalid) = decode(bytes)
        invalidBytes += invalid
        var stream: [String] = []
        var run: [(symbol: String, isWord: Bool)] = []
        var shiftHeld = false, atLineStart = true
        func endRun() {
            defer { run = [] }
            // Over 320 bytes before the run's last symbol (4 * 64 + 64) the run is line noise, not a word.
            guard run.dropLast().reduce(0, { $0 + $1.symbol.utf8.count }) < 4 * CorpusCounter.maxWordScalars + 64,
                  let start = run.firstIndex(where: \.isWord), let end = run.lastIndex(where: \.isWord) else { return }
            let word = run[start...end].map(\.symbol).joined()
            if word.unicodeScalars.count <= CorpusCounter.maxWordScalars { records.words[word, default: 0] += 1 }
        }
        for value in scalars {
            switch item(value) {
            case .dropped: continue
            case let .symbol(symbol, capital, isWord):
                atLineStart = false
                if capital && !shiftHeld { stream.append("SHIFT") }
                shiftHeld = capital
                stream.append(symbol)
                run.append((symbol, isWord))
            case let other:
                shiftHeld = false
                endRun()
                let isNewline: Bool
                if case .newline = other { isNewline = true } else { isNewline = false }
                if options.dropIndentation && atLineStart && !isNewline { continue }
                atLineStart = isNewline
                if options.collapseWhitespace {
                    if let last = stream.last, last != "SPACE" { stream.append("SPACE") }
                } else if isNewline {
                    stream.append("ENTER")
                } else if case .tab = other {
                    stream.append("TAB")
                } else {
                    stream.append("SPACE")
                }
            }
        }
        endRun()
        for (index, symbol) in stream.enumerated() {
            records.unigrams[symbol, default: 0] += 1
            if index >= 1 { records.bigrams[SymbolPair(stream[index - 1], symbol), default: 0] += 1 }
            if index >= 2 { records.trigrams[SymbolTriple(stream[index - 2], stream[index - 1], symbol), default: 0] += 1 }
            for skip in 1...3 where skip <= options.skipGrams && index - skip - 1 >= 0 {
                records.skipBigrams[skip - 1][SymbolPair(stream[index - skip - 1], symbol), default: 0] += 1
            }
        }
    }
}

@Suite("Corpus counter against a plain reference counter")
struct CorpusCounterDifferentialTests {
    /// Hostile text: mixed scripts, accents precomposed and combining, CRLF, tabs and indentation, runs of
    /// capitals and capitals between symbols, words of exactly 8 and 9 bytes (the short-word key's edge) and a
    /// multi-byte word crossing it, a run of punctuation longer than the word buffer, invalid UTF-8 (a stray
    /// continuation, a cut sequence, an overlong form, a surrogate, a value past U+10FFFF, bytes F5-FF), control
    /// and format characters, and a sequence cut at the very end.
    static let hostile: [UInt8] = {
        var text = "Hello, WORLD! The HTTP MAX_SIZE was iPhone-ish; naïve café Ångström Ωmega ΣΊΣΥΦΟΣ — Ünïcödé\r\n"
        text += "\tindented\tline\r\n    four spaces  and\u{00A0}nbsp\u{2003}em\u{2028}sep\u{85}nel\r\n"
        text += "e\u{0301}cole combining; 日本語のテキスト、漢字。 Привет, МИР! مرحبا بالعالم 123,456.78 x²\n"
        text += "abcdefgh abcdefghi ABCDEFGH éééé ééééé \u{200B}zero\u{FEFF}width \u{1F600}emoji\u{1F44D}\u{1F3FD}\n"
        text += String(repeating: "(", count: 200) + "inner" + String(repeating: ")", count: 200) + " "
        text += String(repeating: "x", count: 70) + " " + String(repeating: "y", count: 64) + " İstanbul ǅungla ß ẞ\n"
        var bytes = Array(text.utf8)
        bytes += [0x61, 0x80, 0x62, 0xC3, 0x20, 0xE0, 0x80, 0xAF, 0x63, 0xED, 0xA0, 0x80, 0xF4, 0x90, 0x80, 0x80]
        bytes += [0x41, 0xF5, 0xFF, 0x42, 0x01, 0x1B, 0x7F, 0x43, 0x0D, 0x44, 0xC0, 0xAF, 0x20, 0xF0, 0x9F]
        return bytes
    }()

    static let optionSets: [CorpusCounterOptions] = [
        CorpusCounterOptions(),
        CorpusCounterOptions(caseHandling: .shift),
        CorpusCounterOptions(caseHandling: .shift, collapseWhitespace: false, dropIndentation: true),
        CorpusCounterOptions(collapseWhitespace: false, foldAccents: true, skipGrams: 3),
        CorpusCounterOptions(caseHandling: .shift, foldAccents: true, skipGrams: 2),
    ]

    /// Feeds `documents` to a `CorpusCounter` in chunks of pseudo-random sizes (1 to 97 bytes, so multi-byte
    /// characters and words are split across feeds) and to the reference, and compares.
    static func compare(_ documents: [[UInt8]], options: CorpusCounterOptions, seed: UInt64) {
        var random = SplitMix64(seed: seed)
        var counter = CorpusCounter(options: options)
        var reference = ReferenceCounter(options: options)
        for document in documents {
            var index = 0
            while index < document.count {
                let size = min(document.count - index, Int(random.next() % 97) + 1)
                counter.feed(Array(document[index..<(index + size)]))
                index += size
            }
            counter.endDocument()
            reference.document(document)
        }
        let records = counter.records()
        #expect(records.unigrams == reference.records.unigrams)
        #expect(records.bigrams == reference.records.bigrams)
        #expect(records.trigrams == reference.records.trigrams)
        #expect(records.words == reference.records.words)
        #expect(records.skipBigrams == reference.records.skipBigrams)
        #expect(counter.invalidBytes == Int64(reference.invalidBytes))
        #expect(counter.bytesRead == Int64(documents.reduce(0) { $0 + $1.count }))
    }

    @Test("hostile text counts the same as the reference under every option set, fed in random chunks")
    func hostileText() {
        for (index, options) in Self.optionSets.enumerated() {
            Self.compare([Self.hostile, Array("Second DOCUMENT: no n-gram spans the two.".utf8), Self.hostile], options: options,
                         seed: UInt64(index + 1))
        }
    }

    @Test("random mixes of ASCII, letters of four scripts, marks, whitespace and bad bytes count the same as the reference")
    func randomText() {
        // Pieces drawn at random: the common case (ASCII letters and punctuation), capitals, other scripts,
        // combining marks, every kind of whitespace and invalid or cut sequences.
        let pieces: [[UInt8]] = ["e", "t", "a", " ", "th", "E", "TH", ".", ",", "'", "-", "\n", "\r\n", "\t", "  ", "é", "É",
                                 "\u{0301}", "ж", "Ж", "中", "\u{1F600}", "9", "_", "(", ")", "ß", "\u{00A0}"].map { Array($0.utf8) }
            + [[0xFF], [0xC3], [0xE2, 0x82], [0x80], [0xED, 0xB0, 0x80]]
        var random = SplitMix64(seed: 25)
        for (index, options) in Self.optionSets.enumerated() {
            let documents = (0..<3).map { _ in
                (0..<4000).flatMap { _ in pieces[Int(random.next() % UInt64(pieces.count))] }
            }
            Self.compare(documents, options: options, seed: UInt64(100 + index))
        }
    }

    @Test("more than 1024 distinct symbols: trigrams past the cube and the packed table count the same as the reference")
    func manySymbols() {
        // 1 200 CJK ideographs (U+4E00 on, all letters) in words of three, each followed by an ASCII letter, so
        // trigrams mix ids below 32, below 1024 and above it.
        var text = ""
        for index in 0..<1200 {
            text += String(Unicode.Scalar(0x4E00 + UInt32(index))!)
            text += index % 3 == 2 ? " " : String(Unicode.Scalar(UInt8(97 + index % 26)))
        }
        Self.compare([Array((text + text).utf8)], options: CorpusCounterOptions(), seed: 7)
        Self.compare([Array((text + text).utf8)], options: CorpusCounterOptions(caseHandling: .shift, collapseWhitespace: false, skipGrams: 3), seed: 8)
    }
}

@Suite("Words spelled two ways")
struct CanonicalWordTests {
    @Test("a word written precomposed and decomposed is one word whose counts add up (they were overwritten before)")
    func precomposedAndDecomposed() {
        // "étés" three times precomposed (é = U+00E9, 6 bytes: a short word) and twice decomposed
        // (e + U+0301, 8 bytes: also short) -> one String key, 5; "café-bar" twice in 9 bytes and once in 10 -> 3.
        var counter = CorpusCounter()
        counter.feed(Array("\u{E9}t\u{E9}s \u{E9}t\u{E9}s e\u{301}te\u{301}s \u{E9}t\u{E9}s e\u{301}te\u{301}s ".utf8))
        counter.feed(Array("caf\u{E9}-bar caf\u{E9}-bar cafe\u{301}-bar".utf8))
        counter.endDocument()
        let words = counter.records().words
        #expect(words["\u{E9}t\u{E9}s"] == 5 && words["e\u{301}te\u{301}s"] == 5)
        #expect(words["caf\u{E9}-bar"] == 3)
    }
}

@Suite("Packed and short-word count tables")
struct CountTableEdgeTests {
    @Test("a packed slot that reaches its limit spills into the side table and keeps counting exactly")
    func spill() {
        // spillAt 3: the 4th, 8th, ... increment spills 4 (the slot's 3 plus this one) and the slot restarts at 0.
        let table = PackedCountTable(capacity: 4, spillAt: 3)
        for _ in 0..<10 { table.increment(PackedCountTable.key(1, 2, 3)) }
        for _ in 0..<3 { table.increment(PackedCountTable.key(1023, 0, 1023)) }
        // Enough other keys to grow the table twice with a spilled key in it.
        for key in 0..<40 { table.increment(PackedCountTable.key(5, Int32(key), 7)) }
        for _ in 0..<5 { table.increment(PackedCountTable.key(1, 2, 3)) }
        var counts: [UInt32: Int64] = [:]
        table.forEach { key, count in counts[key] = count }
        #expect(counts[PackedCountTable.key(1, 2, 3)] == 15)
        #expect(counts[PackedCountTable.key(1023, 0, 1023)] == 3)
        #expect(counts[PackedCountTable.key(5, 39, 7)] == 1)
        #expect(counts.count == 42 && table.count == 42)
    }

    @Test("short words are their packed bytes: 1 to 8 bytes, ASCII and multi-byte, read back unchanged")
    func shortWords() {
        let table = ShortWordTable()
        let words = ["a", "ab", "the", "abcdefgh", "éé", "日本", "éé€", "\u{1F600}\u{1F600}"]
        for (count, word) in words.enumerated() {
            var key: UInt64 = 0
            for (index, byte) in word.utf8.enumerated() { key |= UInt64(byte) << (8 * UInt64(index)) }
            for _ in 0...count { table.increment(key) }
        }
        var counts: [String: Int64] = [:]
        table.forEach { word, count in counts[word] = count }
        #expect(counts == Dictionary(uniqueKeysWithValues: words.enumerated().map { ($1, Int64($0 + 1)) }))
    }
}

@Suite("Word order of a corpus")
struct CorpusWordOrderTests {
    @Test("words sorted by their bytes come in utf8Precedes order: prefixes first, multi-byte after ASCII")
    func byteOrder() {
        let words = ["the", "then", "them", "th", "thé", "théâtre", "a", "ab", "zebra", "über", "日本", "日", "\u{1F600}", "A", "e\u{301}", "\u{E9}", ""]
        var random = SplitMix64(seed: 11)
        let entries = words.enumerated().map { (word: $1, count: Int64($0)) }.shuffled(using: &random)
        let sorted = NGramCorpus.sortedByUTF8(entries)
        #expect(sorted.map(\.word) == words.sorted(by: utf8Precedes))
        // Each word keeps its own count.
        #expect(sorted.allSatisfy { entry in words[Int(entry.count)].utf8.elementsEqual(entry.word.utf8) })
    }
}
