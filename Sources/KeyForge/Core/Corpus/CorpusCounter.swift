/// How raw text becomes symbols when a corpus is counted.
public struct CorpusCounterOptions: Sendable, Equatable {
    /// Lower-case letters (ADR-007); on by default.
    public var lowercase: Bool
    /// Turn every run of whitespace into one SPACE; off keeps TAB and ENTER (for newlines) and each space.
    public var collapseWhitespace: Bool

    /// Creates options; the defaults suit prose.
    public init(lowercase: Bool = true, collapseWhitespace: Bool = true) {
        self.lowercase = lowercase
        self.collapseWhitespace = collapseWhitespace
    }
}

/// Counts monograms, bigrams, trigrams and words from UTF-8 bytes fed in chunks of any size.
///
/// Memory is bounded by the number of distinct n-grams and words, not by the input size. Invalid
/// UTF-8 is counted and skipped; control characters are dropped. N-grams never span documents
/// (`endDocument()`), but they do span words: SPACE is a symbol. Words are runs of non-whitespace
/// with leading and trailing characters that are neither letters nor digits stripped; a run longer
/// than `maxWordScalars` (line noise, a URL) is not counted as a word.
public struct CorpusCounter {
    /// The longest word counted, in Unicode scalars.
    public static let maxWordScalars = 64

    /// Bytes seen so far.
    public private(set) var bytesRead: Int64 = 0
    /// Bytes that were not valid UTF-8 and were skipped.
    public private(set) var invalidBytes: Int64 = 0
    /// Symbols counted so far.
    public private(set) var symbolsCounted: Int64 = 0

    private let options: CorpusCounterOptions
    private static let spaceID: Int32 = 0
    private static let dropped: Int32 = -1
    private static let whitespace: Int32 = -2
    private static let newline: Int32 = -3
    private static let tab: Int32 = -4

    private var names: [String] = ["SPACE"]
    private var wordScalar: [Unicode.Scalar] = [" "]
    private var asciiClass = [Int32](repeating: 0, count: 128)
    private var scalarClass: [UInt32: Int32] = [:]
    private var unigramCounts: [Int64] = [0]
    private var bigramCounts: [UInt64: Int64] = [:]
    private var trigramCounts: [UInt64: Int64] = [:]
    private var wordCounts: [String: Int64] = [:]
    private var word = String.UnicodeScalarView()
    private var previous1: Int32 = -1
    private var previous2: Int32 = -1
    private var pendingNeed = 0
    private var pendingBytes = 0
    private var pendingValue: UInt32 = 0
    private var pendingMinimum: UInt32 = 0

    /// Creates an empty counter.
    public init(options: CorpusCounterOptions = CorpusCounterOptions()) {
        self.options = options
        for byte in 0..<128 { asciiClass[byte] = classify(UInt32(byte)) }
    }

    /// Feeds the next chunk of a document's bytes.
    public mutating func feed(_ bytes: UnsafeBufferPointer<UInt8>) {
        bytesRead += Int64(bytes.count)
        for byte in bytes { decode(byte) }
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
    }

    /// The counts so far, keyed by symbol strings (call `endDocument()` first).
    public func records() -> NGramRecords {
        var records = NGramRecords()
        for (id, count) in unigramCounts.enumerated() where count > 0 { records.unigrams[names[id]] = count }
        for (key, count) in bigramCounts {
            records.bigrams[SymbolPair(names[Int(key >> 21)], names[Int(key & 0x1F_FFFF)])] = count
        }
        for (key, count) in trigramCounts {
            records.trigrams[SymbolTriple(names[Int(key >> 42)], names[Int((key >> 21) & 0x1F_FFFF)], names[Int(key & 0x1F_FFFF)])] = count
        }
        records.words = wordCounts
        return records
    }

    @inline(__always)
    private mutating func decode(_ byte: UInt8) {
        if pendingNeed == 0 {
            if byte < 0x80 { emit(asciiClass[Int(byte)]); return }
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
            decode(byte)
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
        default: break
        }
        var symbol = String(scalar)
        if options.lowercase { symbol = KeycodeTable.lowercased(symbol) }
        if let existing = names.firstIndex(of: symbol) { return Int32(existing) }
        names.append(symbol)
        wordScalar.append(symbol.unicodeScalars.first ?? scalar)
        unigramCounts.append(0)
        return Int32(names.count - 1)
    }

    @inline(__always)
    private mutating func emit(_ symbolClass: Int32) {
        switch symbolClass {
        case CorpusCounter.dropped:
            return
        case CorpusCounter.whitespace, CorpusCounter.newline, CorpusCounter.tab:
            endWord()
            if options.collapseWhitespace {
                if previous1 >= 0 && previous1 != CorpusCounter.spaceID { count(CorpusCounter.spaceID) }
            } else if symbolClass == CorpusCounter.newline {
                count(namedID("ENTER"))
            } else if symbolClass == CorpusCounter.tab {
                count(namedID("TAB"))
            } else {
                count(CorpusCounter.spaceID)
            }
        default:
            count(symbolClass)
            word.append(wordScalar[Int(symbolClass)])
        }
    }

    private mutating func namedID(_ name: String) -> Int32 {
        if let existing = names.firstIndex(of: name) { return Int32(existing) }
        names.append(name)
        wordScalar.append(" ")
        unigramCounts.append(0)
        return Int32(names.count - 1)
    }

    @inline(__always)
    private mutating func count(_ id: Int32) {
        symbolsCounted += 1
        unigramCounts[Int(id)] += 1
        if previous1 >= 0 {
            bigramCounts[UInt64(previous1) << 21 | UInt64(id), default: 0] += 1
            if previous2 >= 0 {
                trigramCounts[UInt64(previous2) << 42 | UInt64(previous1) << 21 | UInt64(id), default: 0] += 1
            }
        }
        previous2 = previous1
        previous1 = id
    }

    private mutating func endWord() {
        guard !word.isEmpty else { return }
        let scalars = Array(word)
        word.removeAll(keepingCapacity: true)
        guard scalars.count <= CorpusCounter.maxWordScalars else { return }
        func isWordScalar(_ scalar: Unicode.Scalar) -> Bool {
            scalar.properties.isAlphabetic || scalar.properties.numericType != nil
        }
        guard let first = scalars.firstIndex(where: isWordScalar),
              let last = scalars.lastIndex(where: isWordScalar) else { return }
        var text = String.UnicodeScalarView()
        text.append(contentsOf: scalars[first...last])
        wordCounts[String(text), default: 0] += 1
    }
}
