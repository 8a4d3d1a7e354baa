import KeyForgeAdapters
import KeyForgeCore
import KeyForgeSystem
import KeyForgeWire

/// A corpus bundle on disk or embedded: the segments `1grams`, `2grams`, `3grams`, `words` as
/// `.mpk.zst` plus `manifest.json` (id, sources, options, totals; no timestamps, so the same input
/// gives the same bytes).
///
/// Loading follows docs/PHYSICS.md section 1.3: read each segment, decompress and decode, merge, inject the
/// synthetic keys (std corpora), sort and validate (both in `NGramCorpus`).
public enum CorpusBundle {
    /// The segments a bundle must have (`words` may be missing: it does not enter the score).
    public static let requiredSegments: [CorpusSegmentKind] = [.grams1, .grams2, .grams3]
    /// The manifest's file name.
    public static let manifestName = "manifest.json"
    /// The word list a bundle built from one (`corpus build --words`) keeps beside its segments: its words
    /// and their weights exactly as read (`{"word": weight}` JSON, weights written shortest round-trip), so a
    /// profile over the bundle reports what it reports over the list itself (`LoadedCorpus.wordWeights`).
    /// Not part of the content hash (the score never reads it).
    public static let wordListName = "wordlist.json"
    /// The largest segment file read: the largest compressed segment the decoder accepts.
    public static let maxSegmentBytes = CorpusSegmentLimits.defaultMaxCompressedBytes
    /// The largest manifest read, 1 MiB: a manifest is a few hundred bytes of JSON (id, sources, counts).
    static let maxManifestBytes = 1 << 20

    /// Loads the bundle in `folder`; its id is `id`, else the manifest's, else the folder's last two names.
    public static func load(folder: String, id: String? = nil, cache: CorpusCache? = nil) throws(InputError) -> LoadedCorpus {
        let fromManifest = id == nil ? try manifestID(folder: folder) : nil
        let id = id ?? fromManifest ?? folder.split(separator: "/").suffix(2).joined(separator: "/")
        return try load(id: id, sourcePrefix: folder + "/", cache: cache) { (name: String) throws(InputError) -> [UInt8]? in
            let path = "\(folder)/\(name)"
            do throws(SystemError) { return try FileSystem.readFile(path, limit: maxSegmentBytes) } catch {
                if error.isNotFound { return nil }
                throw .system(error)
            }
        }
    }

    /// Loads a bundle whose segment files `read` returns by name (nil when missing).
    public static func load(id: String, sourcePrefix: String? = nil, cache: CorpusCache? = nil,
                            read: (String) throws(InputError) -> [UInt8]?) throws(InputError) -> LoadedCorpus {
        let prefix = sourcePrefix ?? "\(id)/"
        var files: [(kind: CorpusSegmentKind, bytes: [UInt8])] = []
        for kind in CorpusSegmentKind.allCases {
            guard let bytes = try read(kind.fileName) else {
                if requiredSegments.contains(kind) { throw InputError(.missing, source: prefix + kind.fileName, "segment file is missing") }
                continue
            }
            files.append((kind, bytes))
        }
        let hash = contentHash(files.map { ($0.kind.fileName, $0.bytes) })
        let caseHandling = (try? read(manifestName)).flatMap { $0.flatMap(Self.caseHandling(manifest:)) }
        var wordWeights: [(word: String, weight: Double)]?
        if let bytes = try read(wordListName) { wordWeights = try WordListCodec.decode(bytes, source: prefix + wordListName).entries }
        if let cached = cache?.corpus(hash: hash, id: id) {
            return LoadedCorpus(corpus: cached, contentHash: hash, caseHandling: caseHandling, wordWeights: wordWeights)
        }
        var records = NGramRecords()
        for file in files {
            let source = prefix + file.kind.fileName
            let decoded: [CorpusSegmentRecord]
            do { decoded = try CorpusSegmentCodec.decode(file.bytes, kind: file.kind) } catch {
                throw InputError(.invalid, source: source, error.message)
            }
            do { try merge(decoded, kind: file.kind, into: &records) } catch { throw .invalid(source, error) }
        }
        do {
            let corpus = try SyntheticKeys.inject(into: NGramCorpus(id: id, records: records))
            cache?.insert(corpus, hash: hash)
            return LoadedCorpus(corpus: corpus, contentHash: hash, caseHandling: caseHandling, wordWeights: wordWeights)
        } catch {
            throw .invalid(prefix.isEmpty ? id : String(prefix.dropLast()), error)
        }
    }

    private static func merge(_ decoded: [CorpusSegmentRecord], kind: CorpusSegmentKind,
                              into records: inout NGramRecords) throws(ValidationError) {
        for (index, record) in decoded.enumerated() {
            guard record.symbols.count == kind.arity else {
                throw ValidationError(field: "record \(index)", "has \(record.symbols.count) symbols, expected \(kind.arity)")
            }
            let s = record.symbols
            switch kind {
            case .grams1: records.unigrams[s[0], default: 0] += record.freq
            case .grams2: records.bigrams[SymbolPair(s[0], s[1]), default: 0] += record.freq
            case .grams3: records.trigrams[SymbolTriple(s[0], s[1], s[2]), default: 0] += record.freq
            case .words: records.words[s[0], default: 0] += record.freq
            }
        }
    }

    /// What a manifest says the corpus does with capitals (`LoadedCorpus.caseHandling`): its `options.case`;
    /// for a bundle written before that field, `lowercase: false` is `kept`, `count_shift: true` is `shift`,
    /// else `fold`. Nil for no options (a bundle of a word list: lower-cased, `fold`) or an unreadable manifest.
    static func caseHandling(manifest bytes: [UInt8]) -> String? {
        guard let manifest = (try? JSONParser.parse(bytes))?.objectValue else { return nil }
        guard let options = manifest["options"]?.objectValue else {
            return manifest["sources"]?.arrayValue?.contains { $0.objectValue?["word_list"] != nil } == true ? CaseHandling.fold.rawValue : nil
        }
        if let value = options["case"]?.stringValue { return value }
        if options["lowercase"]?.boolValue == false { return "kept" }
        return options["count_shift"]?.boolValue == true ? CaseHandling.shift.rawValue : CaseHandling.fold.rawValue
    }

    private static func manifestID(folder: String) throws(InputError) -> String? {
        let path = "\(folder)/\(manifestName)"
        guard FileSystem.exists(path) else { return nil }
        let bytes: [UInt8]
        do { bytes = try FileSystem.readFile(path, limit: maxManifestBytes) } catch { throw .system(error) }
        do {
            let value = try JSONParser.parse(bytes)
            return value.objectValue?["id"]?.stringValue
        } catch {
            throw .malformedJSON(path, error)
        }
    }

    /// The zstd level of segments by default: cheap to write (raw text to a first score stays fast).
    public static let defaultLevel: Int32 = 3
    /// The zstd level for bundles that are published (`corpus build --publish`; the committed bundles): about
    /// 10 % smaller segments for a much slower write, the same records.
    public static let publishLevel: Int32 = 19

    /// The segment files of `records` (sorted by symbols in UTF-8 order), compressed at zstd `level`, ready to write.
    public static func encodeSegments(_ records: NGramRecords, level: Int32 = defaultLevel) throws(InputError) -> [(name: String, bytes: [UInt8])] {
        func sortedRecords(_ kind: CorpusSegmentKind) -> [CorpusSegmentRecord] {
            let list: [CorpusSegmentRecord]
            switch kind {
            case .grams1: list = records.unigrams.map { CorpusSegmentRecord(symbols: [$0.key], freq: $0.value) }
            case .grams2: list = records.bigrams.map { CorpusSegmentRecord(symbols: [$0.key.first, $0.key.second], freq: $0.value) }
            case .grams3: list = records.trigrams.map { CorpusSegmentRecord(symbols: [$0.key.first, $0.key.second, $0.key.third], freq: $0.value) }
            case .words: list = records.words.map { CorpusSegmentRecord(symbols: [$0.key], freq: $0.value) }
            }
            return sortedBySymbols(list)
        }
        var files: [(name: String, bytes: [UInt8])] = []
        for kind in CorpusSegmentKind.allCases {
            do { files.append((kind.fileName, try CorpusSegmentCodec.encode(sortedRecords(kind), kind: kind, level: level))) } catch {
                throw InputError(.invalid, source: kind.fileName, error.message)
            }
        }
        // Optional skip-k bigram segments, in the 2grams format; not part of the scored content.
        for (index, pairs) in records.skipBigrams.enumerated() {
            let name = skipSegmentName(index + 1)
            let list = sortedBySymbols(pairs.map { CorpusSegmentRecord(symbols: [$0.key.first, $0.key.second], freq: $0.value) })
            do { files.append((name, try CorpusSegmentCodec.encode(list, kind: .grams2, level: level))) } catch {
                throw InputError(.invalid, source: name, error.message)
            }
        }
        return files
    }

    /// `records` ordered by their symbols, each in UTF-8 byte order (`utf8Precedes`), the first symbol first.
    ///
    /// Each record's symbols are written once into one byte buffer, each followed by a zero byte, and the records
    /// are sorted by those bytes: a zero sorts before any byte of a symbol, so a symbol that is a prefix of
    /// another comes first, as in UTF-8 order. No String is compared (the sort of a segment was most of a small
    /// corpus build). A symbol holding a zero byte would break that, so such records are sorted the plain way.
    package static func sortedBySymbols(_ records: [CorpusSegmentRecord]) -> [CorpusSegmentRecord] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(records.count * 8)
        var starts = [Int](repeating: 0, count: records.count + 1)
        var separators = 0
        for (index, record) in records.enumerated() {
            for symbol in record.symbols {
                bytes.append(contentsOf: symbol.utf8)
                bytes.append(0)
                separators += 1
            }
            starts[index + 1] = bytes.count
        }
        guard bytes.reduce(0, { $0 + ($1 == 0 ? 1 : 0) }) == separators else {
            return records.sorted { $0.symbols.lexicographicallyPrecedes($1.symbols, by: utf8Precedes) }
        }
        var order = Array(0..<records.count)
        bytes.withUnsafeBufferPointer { bytes in
            starts.withUnsafeBufferPointer { starts in
                order.sort { lhs, rhs in
                    let a = starts[lhs], aEnd = starts[lhs + 1], b = starts[rhs], bEnd = starts[rhs + 1]
                    let shared = min(aEnd - a, bEnd - b)
                    var offset = 0
                    while offset < shared {
                        let x = bytes[a + offset], y = bytes[b + offset]
                        if x != y { return x < y }
                        offset += 1
                    }
                    return aEnd - a < bEnd - b
                }
            }
        }
        return order.map { records[$0] }
    }

    /// The file name of the skip-k bigram segment (`skip1grams.mpk.zst`).
    public static func skipSegmentName(_ distance: Int) -> String { "skip\(distance)grams.mpk.zst" }

    /// The content hash of segment files, as `load` computes it: SHA-256 over each file's name, a zero
    /// byte and its bytes, in segment order.
    public static func contentHash(_ files: [(name: String, bytes: [UInt8])]) -> String {
        var hash = SHA256()
        for kind in CorpusSegmentKind.allCases {
            guard let file = files.first(where: { $0.name == kind.fileName }) else { continue }
            hash.update(Array(file.name.utf8) + [0])
            hash.update(file.bytes)
        }
        return hash.finalizeHex()
    }

    /// Writes a bundle into `folder` (created if missing), each file atomically; the manifest gets
    /// `content_sha256` first (a hash of the compressed segments, so it depends on `level` too). Returns the
    /// content hash.
    @discardableResult
    public static func write(_ records: NGramRecords, manifest: JSONObject, folder: String,
                             wordList: [(word: String, weight: Double)]? = nil, level: Int32 = defaultLevel) throws(InputError) -> String {
        var files = try encodeSegments(records, level: level)
        let contentHash = contentHash(files)
        var manifest = manifest
        manifest.members.insert((key: "content_sha256", value: .string(contentHash)), at: min(1, manifest.members.count))
        if let wordList {
            let object = JSONObject(wordList.map { ($0.word, JSONValue.double($0.weight)) })
            files.append((wordListName, Array((JSONWriter.write(.object(object), pretty: false) + "\n").utf8)))
        }
        do {
            try FileSystem.makeDirectories(folder)
            for file in files { try FileSystem.writeFileAtomically("\(folder)/\(file.name)", file.bytes) }
            try FileSystem.writeFileAtomically("\(folder)/\(manifestName)", Array((JSONWriter.write(.object(manifest), pretty: true) + "\n").utf8))
        } catch {
            throw .system(error)
        }
        return contentHash
    }
}
