import KeyForgeCore
import KeyForgeSystem
import KeyForgeWire

/// `keyforge corpus build`: counts text files (streaming, bounded memory) or a word-frequency list into a bundle
/// folder, with a manifest naming the sources, the counting options and the totals. With `--keep-case` the
/// counter simulates SHIFT (`CaseHandling.shift`; how the n-grams around a SHIFT press are counted is in
/// `CorpusCounter`'s doc comment and docs/PHYSICS.md section 1.3); the manifest's `options.case` records it.
package struct CorpusBuilder {
    /// The corpus id, `kind/name`.
    package let id: String
    /// The bundle folder to write.
    package let out: String
    /// The zstd level of the segments (`CorpusBundle.defaultLevel`, or `publishLevel` for published bundles).
    package let level: Int32

    package init(id: String, out: String, level: Int32 = CorpusBundle.defaultLevel) {
        self.id = id
        self.out = out
        self.level = level
    }

    /// Counts `inputs` in order (n-grams never span two files), with a progress line, and writes the bundle.
    /// Invalid UTF-8 is counted, skipped and reported on standard error.
    package func build(_ inputs: [String], options: CorpusCounterOptions) throws -> NGramCorpus {
        let workspaceLock = try lockWorkspace()
        defer { withExtendedLifetime(workspaceLock) {} }
        var counter = CorpusCounter(options: options)
        var sources: [JSONValue] = []
        var sizes: [Int64] = []
        for input in inputs {
            do { sizes.append(try FileSystem.fileSize(input)) } catch { throw InputError.system(error) }
        }
        let progress = ByteProgress(label: "corpus build", totalBytes: sizes.reduce(0, +))
        for (input, size) in zip(inputs, sizes) {
            let before = counter.invalidBytes
            do {
                try FileSystem.streamFile(input) { chunk in
                    counter.feed(chunk)
                    progress.update(done: counter.bytesRead)
                }
            } catch {
                throw InputError.system(error)
            }
            counter.endDocument()
            let invalid = counter.invalidBytes - before
            if invalid > 0 { printError("keyforge: \(input): \(invalid) bytes of invalid UTF-8 skipped") }
            sources.append(.object(JSONObject([("name", .string(FileSystem.lastComponent(of: input))), ("bytes", .int(size)),
                                               ("invalid_bytes", .int(invalid))])))
        }
        progress.finish(done: counter.bytesRead)
        let records = counter.records()
        let corpus = try makeCorpus(records)
        var manifest = JSONObject()
        manifest.append("id", .string(id))
        manifest.append("sources", .array(sources))
        manifest.append("options", .object(Self.optionsJSON(options)))
        var totals = Self.totals(corpus)
        totals.append("invalid_bytes", .int(counter.invalidBytes))
        manifest.append("totals", .object(totals))
        try CorpusBundle.write(records, manifest: manifest, folder: out, level: level)
        return corpus
    }

    /// The bundle of a word-frequency list (`--words FILE`): the n-gram segments (weights scaled to integer counts,
    /// `WordList`) and the list itself with its exact weights (`CorpusBundle.wordListName`), for profiles.
    package func buildFromWords(_ path: String) throws -> NGramCorpus {
        let workspaceLock = try lockWorkspace()
        defer { withExtendedLifetime(workspaceLock) {} }
        let loaded = try AssetCatalog.loadWordList(path)
        let records = loaded.corpus.records
        let corpus = try makeCorpus(records)
        let source = JSONObject([("name", .string(FileSystem.lastComponent(of: path))), ("sha256", .string(loaded.contentHash)),
                                 ("word_list", .bool(true))])
        let manifest = JSONObject([("id", .string(id)), ("sources", .array([.object(source)])),
                                   ("totals", .object(Self.totals(corpus)))])
        try CorpusBundle.write(records, manifest: manifest, folder: out, wordList: loaded.wordWeights, level: level)
        return corpus
    }

    /// Writing into the workspace: make its folders and hold its lock while writing.
    private func lockWorkspace() throws -> FileLock? {
        guard let workspace = Workspace.current, out.hasPrefix(workspace.root + "/") else { return nil }
        try workspace.initialize(.create)
        return try workspace.lock()
    }

    private func makeCorpus(_ records: NGramRecords) throws -> NGramCorpus {
        do { return try NGramCorpus(id: id, records: records) } catch { throw InputError.invalid(id, error) }
    }

    /// The counting options as the manifest records them (defaults written, the rest only when set). `case` is
    /// `fold` or `shift` (`CaseHandling`); `corpus show` prints it.
    private static func optionsJSON(_ options: CorpusCounterOptions) -> JSONObject {
        var object = JSONObject()
        object.append("case", .string(options.caseHandling.rawValue))
        object.append("collapse_whitespace", .bool(options.collapseWhitespace))
        if options.dropIndentation { object.append("drop_indentation", .bool(true)) }
        if options.foldAccents { object.append("fold_accents", .bool(true)) }
        if options.skipGrams > 0 { object.append("skip_grams", .int(Int64(options.skipGrams))) }
        return object
    }

    private static func totals(_ corpus: NGramCorpus) -> JSONObject {
        var totals = JSONObject()
        totals.append("unigrams", .int(corpus.totalUnigrams))
        totals.append("bigrams", .int(corpus.totalBigrams))
        totals.append("trigrams", .int(corpus.totalTrigrams))
        totals.append("distinct_trigrams", .int(Int64(corpus.trigrams.count)))
        totals.append("words", .int(corpus.words.reduce(0) { $0 + $1.count }))
        return totals
    }
}
