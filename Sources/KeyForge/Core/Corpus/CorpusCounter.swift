/// What a corpus does with capital letters (docs/PHYSICS.md section 1.3). With `fold` and `shift` a capital is
/// never a symbol of its own (docs/adr/0007-lower-case-letters.md); with `kept` it is, and a layout types it on
/// its shift layer (docs/PHYSICS.md section 2.7).
public enum CaseHandling: String, Sendable, Equatable, CaseIterable {
    /// Capitals become their lower-case letter and nothing else is counted (prose: case is noise there).
    case fold
    /// Shift simulation: a run of capitals is typed as one SHIFT press followed by the run's lower-case
    /// letters (SHIFT is held across the run), and SHIFT enters the n-grams like any keystroke (code, where
    /// case is part of what is typed). See `CorpusCounter` for how n-grams around SHIFT are counted.
    case shift
    /// Capitals are symbols of their own (`A`), as are other characters, and words keep their case: a layout
    /// types a capital through its shift layer (SHIFT, then the letter's key; the optimal typist picks the
    /// SHIFT key), and on a layout without a shift layer it is unplaced.
    case kept
}

/// How raw text becomes symbols when a corpus is counted.
public struct CorpusCounterOptions: Sendable, Equatable {
    /// Folding case or simulating SHIFT; `fold` by default.
    public var caseHandling: CaseHandling
    /// Turn every run of whitespace into one SPACE; off keeps TAB and ENTER (for newlines) and each space.
    public var collapseWhitespace: Bool
    /// With whitespace kept, drop the spaces and tabs that start a line: indentation that editors type
    /// (for code corpora).
    public var dropIndentation: Bool
    /// Fold accented Latin letters to their base letter (é -> e) and drop combining marks.
    public var foldAccents: Bool
    /// Also count skip-1 ... skip-N bigrams (N at most 3): pairs with 1 ... N symbols between them.
    public var skipGrams: Int

    /// Creates options; the defaults suit prose.
    public init(caseHandling: CaseHandling = .fold, collapseWhitespace: Bool = true, dropIndentation: Bool = false,
                foldAccents: Bool = false, skipGrams: Int = 0) {
        self.caseHandling = caseHandling
        self.collapseWhitespace = collapseWhitespace
        self.dropIndentation = dropIndentation
        self.foldAccents = foldAccents
        self.skipGrams = min(3, max(0, skipGrams))
    }
}

/// Counts monograms, bigrams, trigrams and words from UTF-8 bytes fed in chunks of any size.
///
/// Memory is bounded by the number of distinct n-grams and words, not by the input size. Invalid
/// UTF-8 is counted and skipped; control characters are dropped. N-grams never span documents
/// (`endDocument()`), but they do span words: SPACE is a symbol. Words are runs of non-whitespace
/// with leading and trailing characters that are neither letters nor digits stripped; a word longer
/// than `maxWordScalars` (line noise, a URL) is not counted.
///
/// No String is made per character or per word: ASCII bytes are classified by a table, other scalars once
/// each. Bigrams of the first 256 symbol ids are counted in a dense table, the rest in an open-addressing
/// table (`CountTable`). Trigrams of the first 32 ids (the letters and `.,'-;` come first) are counted in a
/// dense cube, those of ids below 1024 in 8-byte slots (`PackedCountTable`), any other in a `CountTable`.
/// Words of at most 8 bytes are keyed by their packed bytes (`ShortWordTable`), longer ones by hash and bytes
/// (`WordTable`). Which table counts an n-gram never shows in the counts.
///
/// Shift simulation (`CaseHandling.shift`): a capital is a letter that changes when lower-cased. The first
/// capital of a run of consecutive capitals counts a SHIFT keystroke, then its lower-case letter; the rest
/// of the run count their lower-case letters only (SHIFT is held, as one types `HTTP` or `MAX`). Any other
/// symbol, whitespace or newline ends the run (`MAX_SIZE` is SHIFT m a x _ SHIFT s i z e). SHIFT is a
/// keystroke of the stream, in time order, so the n-grams around it are counted over the stream: `aBc` gives
/// the monograms a, SHIFT, b, c, the bigrams (a, SHIFT), (SHIFT, b), (b, c) and the trigrams (a, SHIFT, b),
/// (SHIFT, b, c); the letter pair (a, b) is not counted (SHIFT is typed between them). Words are counted
/// lower-cased and without SHIFT. So a case-keeping corpus has no capital symbol: its letters sit on the
/// layout's letter keys, and SHIFT on the layout's SHIFT key (unplaced, and priced, when it has none).
public struct CorpusCounter {
    /// The longest word counted, in Unicode scalars.
    public static let maxWordScalars = 64
    /// Symbols with ids below this have their bigrams counted in a dense table (ASCII and a little more).
    static let denseSymbols = 256
    /// Trigrams of ids below this are counted in the packed table (three 10-bit ids).
    private static let packedLimit: Int32 = 1024
    /// Trigrams of ids below this (the first symbols met: in prose, mostly the letters and SPACE) are counted
    /// in a dense cube (`CounterBuffers.cube`).
    static let cubeSymbols: Int32 = 32

    /// Bytes seen so far.
    public private(set) var bytesRead: Int64 = 0
    /// Bytes that were not valid UTF-8 and were skipped.
    public private(set) var invalidBytes: Int64 = 0

    private let options: CorpusCounterOptions
    private static let spaceID: Int32 = 0
    private static let dropped: Int32 = -1
    private static let whitespace: Int32 = -2
    private static let newline: Int32 = -3
    private static let tab: Int32 = -4
    private static let unclassified: Int32 = -5
    /// Set on a symbol class that is typed with SHIFT (a capital under shift simulation).
    private static let shiftFlag: Int32 = 1 << 30

    private var names: [String] = ["SPACE"]
    /// Each symbol's UTF-8 bytes packed little-endian (named keys: none), and their number.
    private var symbolUTF8: [UInt32] = [0]
    private var symbolUTF8Count: [Int] = [0]
    /// True for letters and digits: where words start and end.
    private var isWordSymbol: [Bool] = [false]
    private var asciiClass = [Int32](repeating: CorpusCounter.unclassified, count: 128)
    private var scalarClass: [UInt32: Int32] = [:]
    private let buffers = CounterBuffers()
    private let sparseBigrams = CountTable()
    /// Trigrams of three ids below 1024 (all of them in practice), in 8-byte slots.
    private let packedTrigrams = PackedCountTable(capacity: 1 << 15)
    /// Trigrams with an id of 1024 or more.
    private let wideTrigrams = CountTable()
    /// Skip-k bigram counts, k = 1 ... `options.skipGrams`.
    private let skipBigrams: [CountTable]
    private let countsSkipGrams: Bool
    /// The symbols before `previous2`, most recent first (for skip-grams).
    private var previous3: Int32 = -1
    private var previous4: Int32 = -1
    /// Words of at most `ShortWordTable.maxBytes` bytes, keyed by their packed bytes.
    private let shortWords = ShortWordTable()
    /// Longer words.
    private let words = WordTable()
    /// The bytes of the current word: `wordLength` of `buffers.word`.
    private var wordLength = 0
    private var wordStart = -1
    private var wordEnd = 0
    /// True when the current run outgrew the word buffer (`maxWordBytes`): it is not a word.
    private var wordOverflow = false
    /// The most bytes kept for one word; a longer run of non-whitespace is no word (and memory stays bounded).
    private static let maxWordBytes = 4 * CorpusCounter.maxWordScalars + 64
    /// The word buffer's size: room for one more symbol past `maxWordBytes`.
    static let wordBufferBytes = maxWordBytes + 16
    private var previous1: Int32 = -1
    private var previous2: Int32 = -1
    /// The ids of SHIFT, ENTER and TAB once registered (-1 before).
    private var shiftID: Int32 = -1
    private var enterID: Int32 = -1
    private var tabID: Int32 = -1
    /// True at the start of a document and after a newline, until the first non-whitespace symbol.
    private var atLineStart = true
    /// True while SHIFT is held: the last symbol counted was a capital (shift simulation).
    private var shiftHeld = false
    private var pendingNeed = 0
    private var pendingBytes = 0
    private var pendingValue: UInt32 = 0
    private var pendingMinimum: UInt32 = 0

    /// Creates an empty counter.
    public init(options: CorpusCounterOptions = CorpusCounterOptions()) {
        self.options = options
        skipBigrams = (0..<options.skipGrams).map { _ in CountTable() }
        countsSkipGrams = options.skipGrams > 0
        // The letters and the commonest punctuation first: they get the ids below `cubeSymbols` (the order of ids
        // is invisible in the counts, which are keyed by symbol).
        for byte in Array("abcdefghijklmnopqrstuvwxyz.,'-;".utf8) + Array(0..<128) where asciiClass[Int(byte)] == CorpusCounter.unclassified {
            asciiClass[Int(byte)] = classify(UInt32(byte))
        }
    }

    /// Feeds the next chunk of a document's bytes.
    public mutating func feed(_ bytes: UnsafeBufferPointer<UInt8>) {
        bytesRead += Int64(bytes.count)
        for byte in bytes {
            if pendingNeed == 0 && byte < 0x80 {
                emit(asciiClass[Int(byte)])
            } else {
                decode(byte)
            }
        }
    }

    /// Feeds the next chunk of a document's bytes.
    public mutating func feed(_ bytes: [UInt8]) {
        bytes.withUnsafeBufferPointer { feed($0) }
    }

    /// Ends the current document: a cut UTF-8 sequence counts as invalid, the last word is counted,
    /// and the next n-gram starts afresh.
    public mutating func endDocument() {
        invalidBytes += Int64(pendingBytes)
        pendingNeed = 0
        pendingBytes = 0
        endWord()
        previous1 = -1
        previous2 = -1
        previous3 = -1
        previous4 = -1
        shiftHeld = false
        atLineStart = true
    }

    /// The counts so far, keyed by symbol strings (call `endDocument()` first).
    public func records() -> NGramRecords {
        var records = NGramRecords()
        let names = self.names
        for id in names.indices where buffers.unigrams[id] > 0 { records.unigrams[names[id]] = buffers.unigrams[id] }
        let dense = min(names.count, CorpusCounter.denseSymbols)
        for a in 0..<dense {
            for b in 0..<dense where buffers.denseBigrams[a * CorpusCounter.denseSymbols + b] > 0 {
                records.bigrams[SymbolPair(names[a], names[b])] = buffers.denseBigrams[a * CorpusCounter.denseSymbols + b]
            }
        }
        sparseBigrams.forEach { key, count in
            records.bigrams[SymbolPair(names[Int(key >> 21)], names[Int(key & 0x1F_FFFF)])] = count
        }
        for index in 0..<Int(CorpusCounter.cubeSymbols * CorpusCounter.cubeSymbols * CorpusCounter.cubeSymbols) where buffers.cube[index] > 0 {
            records.trigrams[SymbolTriple(names[index >> 10], names[(index >> 5) & 31], names[index & 31])] = buffers.cube[index]
        }
        packedTrigrams.forEach { key, count in
            records.trigrams[SymbolTriple(names[Int(key >> 20)], names[Int((key >> 10) & 0x3FF)], names[Int(key & 0x3FF)])] = count
        }
        wideTrigrams.forEach { key, count in
            records.trigrams[SymbolTriple(names[Int(key >> 42)], names[Int((key >> 21) & 0x1F_FFFF)], names[Int(key & 0x1F_FFFF)])] = count
        }
        // Two byte spellings of one word (é or e + U+0301) are one String key: their counts add up.
        shortWords.forEach { word, count in records.words[word, default: 0] += count }
        words.forEach { word, count in records.words[word, default: 0] += count }
        records.skipBigrams = skipBigrams.map { table in
            var pairs: [SymbolPair: Int64] = [:]
            table.forEach { key, count in pairs[SymbolPair(names[Int(key >> 21)], names[Int(key & 0x1F_FFFF)])] = count }
            return pairs
        }
        return records
    }

    private mutating func decode(_ byte: UInt8) {
        if pendingNeed == 0 {
            switch byte {
            case 0xC2...0xDF: start(need: 1, value: UInt32(byte & 0x1F), minimum: 0x80)
            case 0xE0...0xEF: start(need: 2, value: UInt32(byte & 0x0F), minimum: 0x800)
            case 0xF0...0xF4: start(need: 3, value: UInt32(byte & 0x07), minimum: 0x10000)
            default: invalidBytes += 1
            }
            return
        }
        guard byte & 0xC0 == 0x80 else {
            // A sequence cut short: its bytes are invalid, and this byte starts afresh.
            invalidBytes += Int64(pendingBytes)
            pendingNeed = 0
            pendingBytes = 0
            if byte < 0x80 { emit(asciiClass[Int(byte)]) } else { decode(byte) }
            return
        }
        pendingValue = pendingValue << 6 | UInt32(byte & 0x3F)
        pendingBytes += 1
        pendingNeed -= 1
        if pendingNeed == 0 {
            let value = pendingValue
            if value < pendingMinimum || (0xD800...0xDFFF).contains(value) || value > 0x10FFFF {
                invalidBytes += Int64(pendingBytes)
            } else {
                emit(classOf(value))
            }
            pendingBytes = 0
        }
    }

    @inline(__always)
    private mutating func start(need: Int, value: UInt32, minimum: UInt32) {
        pendingNeed = need
        pendingBytes = 1
        pendingValue = value
        pendingMinimum = minimum
    }

    private mutating func classOf(_ scalar: UInt32) -> Int32 {
        if let known = scalarClass[scalar] { return known }
        let computed = classify(scalar)
        scalarClass[scalar] = computed
        return computed
    }

    /// Maps a scalar to a symbol id (registering it) or to one of the negative classes.
    private mutating func classify(_ value: UInt32) -> Int32 {
        guard let scalar = Unicode.Scalar(value) else { return CorpusCounter.dropped }
        if value == 0x0A || value == 0x85 || value == 0x2028 || value == 0x2029 { return CorpusCounter.newline }
        if value == 0x09 { return CorpusCounter.tab }
        if scalar.properties.isWhitespace { return value == 0x0D ? CorpusCounter.dropped : CorpusCounter.whitespace }
        switch scalar.properties.generalCategory {
        case .control, .format, .surrogate, .privateUse, .unassigned: return CorpusCounter.dropped
        case .nonspacingMark where options.foldAccents: return CorpusCounter.dropped
        default: break
        }
        let base = options.foldAccents ? CorpusCounter.accentFolded(scalar) : scalar
        let symbol = options.caseHandling == .kept ? String(base) : KeycodeTable.lowercased(String(base))
        let shift = options.caseHandling == .shift && base.properties.changesWhenLowercased ? CorpusCounter.shiftFlag : 0
        if shift != 0 && shiftID < 0 { shiftID = namedID("SHIFT") }
        if let existing = names.firstIndex(of: symbol) { return Int32(existing) | shift }
        let first = symbol.unicodeScalars.first ?? scalar
        return register(symbol, utf8: Array(symbol.utf8), isWord: first.properties.isAlphabetic || first.properties.numericType != nil) | shift
    }

    /// The base letter of an accented Latin letter, read from its Unicode name ("LATIN SMALL LETTER E
    /// WITH ACUTE" -> e); any other scalar unchanged.
    static func accentFolded(_ scalar: Unicode.Scalar) -> Unicode.Scalar {
        guard scalar.value >= 0xC0, let name = scalar.properties.name else { return scalar }
        for (prefix, isSmall) in [("LATIN SMALL LETTER ", true), ("LATIN CAPITAL LETTER ", false)] where name.hasPrefix(prefix) {
            let rest = name.dropFirst(prefix.count)
            guard rest.count > 6, rest.dropFirst().hasPrefix(" WITH "), let letter = rest.first, letter.isASCII, letter.isLetter else { return scalar }
            let value = letter.asciiValue! + (isSmall ? 32 : 0)
            return Unicode.Scalar(value)
        }
        return scalar
    }

    private mutating func register(_ name: String, utf8: [UInt8], isWord: Bool) -> Int32 {
        names.append(name)
        var packed: UInt32 = 0
        for (index, byte) in utf8.prefix(4).enumerated() { packed |= UInt32(byte) << (8 * index) }
        symbolUTF8.append(packed)
        symbolUTF8Count.append(min(utf8.count, 4))
        isWordSymbol.append(isWord)
        buffers.reserveUnigrams(names.count)
        return Int32(names.count - 1)
    }

    @inline(__always)
    private mutating func emit(_ symbolClass: Int32) {
        if symbolClass >= 0 {
            atLineStart = false
            var id = symbolClass
            if id & CorpusCounter.shiftFlag != 0 {
                id &= ~CorpusCounter.shiftFlag
                if !shiftHeld { count(shiftID) }
                shiftHeld = true
            } else {
                shiftHeld = false
            }
            count(id)
            appendToWord(Int(id))
            return
        }
        switch symbolClass {
        case CorpusCounter.dropped:
            return
        default:
            shiftHeld = false
            endWord()
            if options.dropIndentation && atLineStart && symbolClass != CorpusCounter.newline { return }
            atLineStart = symbolClass == CorpusCounter.newline
            if options.collapseWhitespace {
                if previous1 >= 0 && previous1 != CorpusCounter.spaceID { count(CorpusCounter.spaceID) }
            } else if symbolClass == CorpusCounter.newline {
                if enterID < 0 { enterID = namedID("ENTER") }
                count(enterID)
            } else if symbolClass == CorpusCounter.tab {
                if tabID < 0 { tabID = namedID("TAB") }
                count(tabID)
            } else {
                count(CorpusCounter.spaceID)
            }
        }
    }

    private mutating func namedID(_ name: String) -> Int32 {
        if let existing = names.firstIndex(of: name) { return Int32(existing) }
        return register(name, utf8: [], isWord: false)
    }

    @inline(__always)
    private mutating func count(_ id: Int32) {
        buffers.unigrams[Int(id)] &+= 1
        let previous = previous1
        if previous >= 0 {
            if previous < CorpusCounter.denseSymbols && id < CorpusCounter.denseSymbols {
                buffers.denseBigrams[Int(previous) &* CorpusCounter.denseSymbols &+ Int(id)] &+= 1
            } else {
                sparseBigrams.increment(UInt64(previous) << 21 | UInt64(id))
            }
            let first = previous2
            if first >= 0 {
                if (first | previous | id) < CorpusCounter.cubeSymbols {
                    buffers.cube[Int(first) &<< 10 | Int(previous) &<< 5 | Int(id)] &+= 1
                } else if (first | previous | id) < CorpusCounter.packedLimit {
                    packedTrigrams.increment(PackedCountTable.key(first, previous, id))
                } else {
                    wideTrigrams.increment(UInt64(first) << 42 | UInt64(previous) << 21 | UInt64(id))
                }
            }
        }
        if countsSkipGrams { countSkipGrams(id) }
        previous2 = previous
        previous1 = id
    }

    private mutating func countSkipGrams(_ id: Int32) {
        if previous2 >= 0 { skipBigrams[0].increment(UInt64(previous2) << 21 | UInt64(id)) }
        if skipBigrams.count > 1 && previous3 >= 0 { skipBigrams[1].increment(UInt64(previous3) << 21 | UInt64(id)) }
        if skipBigrams.count > 2 && previous4 >= 0 { skipBigrams[2].increment(UInt64(previous4) << 21 | UInt64(id)) }
        previous4 = previous3
        previous3 = previous2
    }

    @inline(__always)
    private mutating func appendToWord(_ id: Int) {
        guard !wordOverflow else { return }
        guard wordLength < CorpusCounter.maxWordBytes else {
            wordOverflow = true
            return
        }
        var packed = symbolUTF8[id]
        let count = symbolUTF8Count[id]
        let isWord = isWordSymbol[id]
        if isWord && wordStart < 0 { wordStart = wordLength }
        let word = buffers.word
        for _ in 0..<count {
            word[wordLength] = UInt8(truncatingIfNeeded: packed)
            wordLength &+= 1
            packed >>= 8
        }
        if isWord { wordEnd = wordLength }
    }

    private mutating func endWord() {
        defer {
            wordLength = 0
            wordStart = -1
            wordEnd = 0
            wordOverflow = false
        }
        guard wordStart >= 0 && !wordOverflow else { return }
        let word = buffers.word
        let length = wordEnd - wordStart
        if length <= ShortWordTable.maxBytes {
            // The buffer has 8 bytes of room past any word start: load 8 and keep the word's.
            let loaded = UInt64(littleEndian: UnsafeRawPointer(word + wordStart).loadUnaligned(as: UInt64.self))
            shortWords.increment(length == 8 ? loaded : loaded & ((1 << (8 * UInt64(length))) - 1))
            return
        }
        if length > CorpusCounter.maxWordScalars {
            var kept = 0
            for index in wordStart..<wordEnd where word[index] & 0xC0 != 0x80 { kept += 1 }
            guard kept <= CorpusCounter.maxWordScalars else { return }
        }
        words.increment(UnsafeBufferPointer(start: word + wordStart, count: length))
    }
}
