import ArgumentParser
import KeyForgeCore
import KeyForgeSystem
import KeyForgeWire
import KeyForgeServices

/// `keyforge corpus`: build bundles from raw text and show them.
struct CorpusCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "corpus",
        abstract: "Build and show corpus bundles.",
        subcommands: [Build.self, Show.self, List.self, Diff.self]
    )

    /// `keyforge corpus build INPUT... --id ID --out DIR`.
    struct Build: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Count n-grams in UTF-8 text files (streaming, bounded memory) and write a bundle.",
            discussion: "Letters are lower-cased and whitespace runs become one SPACE unless told otherwise; invalid UTF-8 is counted, skipped and reported."
        )

        @Argument(help: "Text files to count, in order; n-grams never span two files.")
        var inputs: [String] = []

        @Option(help: "Build from a word-frequency list instead of text: {\"word\": weight} JSON or word<TAB>weight lines (each word counts as typed between spaces, weights scaled to integer counts).")
        var words: String?

        @Option(help: "The corpus id, <kind>/<name>; an id containing _std gets synthetic ENTER and BACKSPACE at load time.")
        var id: String

        @Option(help: "The bundle folder to write.")
        var out: String

        @Flag(help: "Keep capitals instead of lower-casing (lower-cased by default, docs/adr/0007-lower-case-letters.md).")
        var keepCase = false

        @Flag(help: "Keep every space, TAB and newline (as ENTER) instead of collapsing whitespace runs to one SPACE.")
        var keepWhitespace = false

        @Flag(help: "With --keep-whitespace: drop the indentation at the start of each line (editors type it).")
        var dropIndentation = false

        @Flag(help: "Fold accented Latin letters to their base letter (é -> e) and drop combining marks.")
        var foldAccents = false

        @Flag(help: "Count a SHIFT press before each capital (with lower-casing; SHIFT enters the n-grams).")
        var countShift = false

        @Option(help: "Also write skip-1 ... skip-N bigram segments (N = 1 ... 3; pairs with N symbols between them).")
        var skipGrams: Int = 0

        func validate() throws {
            if inputs.isEmpty == (words == nil) { throw ArgumentParser.ValidationError("give text files or --words FILE (one of the two)") }
            if !(0...3).contains(skipGrams) { throw ArgumentParser.ValidationError("--skip-grams must be 0 ... 3") }
            if countShift && keepCase {
                throw ArgumentParser.ValidationError("--count-shift needs lower-casing (with --keep-case a capital is its own symbol)")
            }
            if dropIndentation && !keepWhitespace {
                throw ArgumentParser.ValidationError("--drop-indentation needs --keep-whitespace (collapsed whitespace has no indentation)")
            }
            let parts = id.split(separator: "/", omittingEmptySubsequences: false)
            guard parts.count == 2, parts.allSatisfy({ !$0.isEmpty && $0.allSatisfy { $0.isLetter || $0.isNumber || $0 == "_" || $0 == "-" } }) else {
                throw ArgumentParser.ValidationError("--id must look like kind/name (letters, digits, _ and -), e.g. text/en_std")
            }
        }

        func run() throws {
            // Writing into the workspace: make its folders and hold its lock while writing.
            var workspaceLock: FileLock?
            if let workspace = Workspace.current, out.hasPrefix(workspace.root + "/") {
                try workspace.initialize(.create)
                workspaceLock = try workspace.lock()
            }
            defer { withExtendedLifetime(workspaceLock) {} }
            if let words {
                try buildFromWords(words)
                return
            }
            let options = CorpusCounterOptions(lowercase: !keepCase, collapseWhitespace: !keepWhitespace, dropIndentation: dropIndentation,
                                               foldAccents: foldAccents, countShift: countShift, skipGrams: skipGrams)
            var counter = CorpusCounter(options: options)
            var sources: [JSONValue] = []
            var sizes: [Int64] = []
            for input in inputs {
                do { sizes.append(try FileSystem.fileSize(input)) } catch { throw InputError.system(error) }
            }
            let totalBytes = sizes.reduce(0, +)
            let progress = ByteProgress(label: "corpus build", totalBytes: totalBytes)
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
                var source = JSONObject()
                source.append("name", .string(Invocation.basename(input)))
                source.append("bytes", .int(size))
                source.append("invalid_bytes", .int(invalid))
                sources.append(.object(source))
            }
            progress.finish(done: counter.bytesRead)
            let records = counter.records()
            let corpus: NGramCorpus
            do { corpus = try NGramCorpus(id: id, records: records) } catch { throw InputError.invalid(id, error) }
            var manifest = JSONObject()
            manifest.append("id", .string(id))
            manifest.append("sources", .array(sources))
            var optionObject = JSONObject()
            optionObject.append("lowercase", .bool(options.lowercase))
            optionObject.append("collapse_whitespace", .bool(options.collapseWhitespace))
            if options.dropIndentation { optionObject.append("drop_indentation", .bool(true)) }
            if options.foldAccents { optionObject.append("fold_accents", .bool(true)) }
            if options.countShift { optionObject.append("count_shift", .bool(true)) }
            if options.skipGrams > 0 { optionObject.append("skip_grams", .int(Int64(options.skipGrams))) }
            manifest.append("options", .object(optionObject))
            var totals = Self.totals(corpus)
            totals.append("invalid_bytes", .int(counter.invalidBytes))
            manifest.append("totals", .object(totals))
            try write(records, corpus, manifest)
        }

        /// `--words FILE`: the bundle of a word-frequency list.
        private func buildFromWords(_ path: String) throws {
            let loaded = try AssetCatalog.loadWordList(path)
            let records = loaded.corpus.records
            let corpus: NGramCorpus
            do { corpus = try NGramCorpus(id: id, records: records) } catch { throw InputError.invalid(id, error) }
            var source = JSONObject()
            source.append("name", .string(Invocation.basename(path)))
            source.append("sha256", .string(loaded.contentHash))
            source.append("word_list", .bool(true))
            var manifest = JSONObject()
            manifest.append("id", .string(id))
            manifest.append("sources", .array([.object(source)]))
            manifest.append("totals", .object(Self.totals(corpus)))
            try write(records, corpus, manifest)
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

        private func write(_ records: NGramRecords, _ corpus: NGramCorpus, _ manifest: JSONObject) throws {
            try CorpusBundle.write(records, manifest: manifest, folder: out)
            print("wrote \(out): \(corpus.totalUnigrams) characters, \(corpus.symbols.count) symbols, \(corpus.bigrams.count) bigrams, \(corpus.trigrams.count) trigrams, \(corpus.words.count) words")
        }
    }

    /// `keyforge corpus show ID|DIR`.
    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Print a corpus's totals and its most frequent n-grams.")

        @Argument(help: "A corpus id (text/en_std) or a bundle folder.")
        var corpus: String = "text/en_std"

        @Option(help: "How many of each kind to list.")
        var top: Int = 15

        func validate() throws {
            guard (1...1000).contains(top) else { throw ArgumentParser.ValidationError("--top must be 1 ... 1000") }
        }

        func run() throws {
            let loaded = try AssetCatalog().loadCorpus(self.corpus)
            let corpus = loaded.corpus
            let n1 = corpus.totalUnigrams, n2 = corpus.totalBigrams, n3 = corpus.totalTrigrams
            print("corpus \(corpus.id)\(corpus.hasSyntheticKeys ? " (synthetic ENTER and BACKSPACE injected)" : "")")
            print("  sha256 \(loaded.contentHash)")
            print("  \(n1) monograms over \(corpus.symbols.count) symbols; \(n2) bigrams (\(corpus.bigrams.count) distinct); \(n3) trigrams (\(corpus.trigrams.count) distinct); \(corpus.words.count) distinct words")
            func share(_ count: Int64, _ total: Int64) -> String { ReportText.fixed(total > 0 ? Double(count) / Double(total) * 100 : 0, digits: 3) + "%" }
            func name(_ index: Int32) -> String { ReportText.label(corpus.symbols[Int(index)]) }
            print("top monograms: " + corpus.unigrams.sorted { $0.count > $1.count }.prefix(top).map { "\(name($0.a)) \(share($0.count, n1))" }.joined(separator: "  "))
            print("top bigrams:   " + corpus.bigrams.sorted { $0.count > $1.count }.prefix(top).map { "\(name($0.a))\(name($0.b)) \(share($0.count, n2))" }.joined(separator: "  "))
            print("top trigrams:  " + corpus.trigrams.sorted { $0.count > $1.count }.prefix(top).map { "\(name($0.a))\(name($0.b))\(name($0.c)) \(share($0.count, n3))" }.joined(separator: "  "))
            let wordTotal = corpus.words.reduce(0) { $0 + $1.count }
            print("top words:     " + corpus.words.sorted { $0.count > $1.count }.prefix(top).map { "\($0.word) \(share($0.count, wordTotal))" }.joined(separator: "  "))
        }
    }

    /// `keyforge corpus list`.
    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List the corpora: the workspace's and system folder's, then the embedded ones.")

        func run() throws {
            let catalog = try AssetCatalog()
            for folder in catalog.folders {
                let root = "\(folder)/corpora"
                guard FileSystem.isDirectory(root) else { continue }
                for kind in (try? FileSystem.listDirectory(root)) ?? [] where FileSystem.isDirectory("\(root)/\(kind)") {
                    for name in (try? FileSystem.listDirectory("\(root)/\(kind)")) ?? [] where FileSystem.isDirectory("\(root)/\(kind)/\(name)") {
                        print("\(kind)/\(name)\t\(root)/\(kind)/\(name)")
                    }
                }
            }
            for id in catalog.corpusIDs { print("\(id)\tembedded") }
        }
    }

    /// `keyforge corpus diff A B`.
    struct Diff: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "The bigrams whose shares differ most between two corpora.")

        @Argument(help: "The first corpus (id, folder or mix).")
        var first: String

        @Argument(help: "The second corpus.")
        var second: String

        @Option(help: "How many bigrams to list.")
        var top: Int = 20

        func validate() throws {
            guard (1...1000).contains(top) else { throw ArgumentParser.ValidationError("--top must be 1 ... 1000") }
        }

        func run() throws {
            let catalog = try AssetCatalog()
            let a = try catalog.corpus(first), b = try catalog.corpus(second)
            for line in CorpusDiff.lines(a, b, top: top) { print(line) }
        }
    }
}

/// The bigram shares of two corpora, compared.
enum CorpusDiff {
    static func shares(_ corpus: NGramCorpus) -> [SymbolPair: Double] {
        let total = Double(corpus.totalBigrams)
        var shares: [SymbolPair: Double] = [:]
        for entry in corpus.bigrams {
            shares[SymbolPair(corpus.symbols[Int(entry.a)], corpus.symbols[Int(entry.b)])] = total > 0 ? Double(entry.count) / total * 100 : 0
        }
        return shares
    }

    static func lines(_ a: NGramCorpus, _ b: NGramCorpus, top: Int) -> [String] {
        let left = shares(a), right = shares(b)
        let pairs = Set(left.keys).union(right.keys)
        let ranked = pairs.map { ($0, (left[$0] ?? 0), (right[$0] ?? 0)) }
            .sorted { lhs, rhs in
                let dl = abs(lhs.1 - lhs.2), dr = abs(rhs.1 - rhs.2)
                if dl != dr { return dl > dr }
                return (lhs.0.first, lhs.0.second) < (rhs.0.first, rhs.0.second)
            }
        var lines = ["bigram      \(ReportText.padLeft(a.id, 14)) \(ReportText.padLeft(b.id, 14))   difference (% of bigrams)"]
        for (pair, x, y) in ranked.prefix(top) {
            let name = ReportText.label(pair.first) + ReportText.label(pair.second)
            lines.append(ReportText.padRight(name, 10) + "  " + ReportText.padLeft(ReportText.fixed(x, digits: 3), 14) + " "
                         + ReportText.padLeft(ReportText.fixed(y, digits: 3), 14) + "   " + ReportText.padLeft(ReportText.fixed(y - x, digits: 3), 10))
        }
        return lines
    }
}
