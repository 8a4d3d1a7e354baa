import ArgumentParser
import KeyForgeAdapters
import KeyForgeCore
import KeyForgeSystem
import KeyForgeWire

/// `keyforge corpus`: build bundles from raw text and show them.
struct CorpusCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "corpus",
        abstract: "Build and show corpus bundles.",
        subcommands: [Build.self, Show.self]
    )

    /// `keyforge corpus build INPUT... --id ID --out DIR`.
    struct Build: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Count n-grams in UTF-8 text files (streaming, bounded memory) and write a bundle.",
            discussion: "Letters are lower-cased and whitespace runs become one SPACE unless told otherwise; invalid UTF-8 is counted, skipped and reported."
        )

        @Argument(help: "Text files to count, in order; n-grams never span two files.")
        var inputs: [String]

        @Option(help: "The corpus id, <kind>/<name>; an id containing _std gets synthetic ENTER and BACKSPACE at load time.")
        var id: String

        @Option(help: "The bundle folder to write.")
        var out: String

        @Flag(help: "Keep capitals instead of lower-casing (ADR-007 lower-cases by default).")
        var keepCase = false

        @Flag(help: "Keep every space, TAB and newline (as ENTER) instead of collapsing whitespace runs to one SPACE.")
        var keepWhitespace = false

        func validate() throws {
            let parts = id.split(separator: "/", omittingEmptySubsequences: false)
            guard parts.count == 2, parts.allSatisfy({ !$0.isEmpty && $0.allSatisfy { $0.isLetter || $0.isNumber || $0 == "_" || $0 == "-" } }) else {
                throw ArgumentParser.ValidationError("--id must look like kind/name (letters, digits, _ and -), e.g. text/en_std")
            }
        }

        func run() throws {
            let options = CorpusCounterOptions(lowercase: !keepCase, collapseWhitespace: !keepWhitespace)
            var counter = CorpusCounter(options: options)
            var sources: [JSONValue] = []
            var totalBytes: Int64 = 0
            for input in inputs {
                do { totalBytes += try FileSystem.fileSize(input) } catch { throw InputError.system(error) }
            }
            let progress = ByteProgress(label: "corpus build", totalBytes: totalBytes)
            for input in inputs {
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
                source.append("bytes", .int((try? FileSystem.fileSize(input)) ?? 0))
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
            manifest.append("options", .object(optionObject))
            var totals = JSONObject()
            totals.append("unigrams", .int(corpus.totalUnigrams))
            totals.append("bigrams", .int(corpus.totalBigrams))
            totals.append("trigrams", .int(corpus.totalTrigrams))
            totals.append("distinct_trigrams", .int(Int64(corpus.trigrams.count)))
            totals.append("words", .int(corpus.words.reduce(0) { $0 + $1.count }))
            totals.append("invalid_bytes", .int(counter.invalidBytes))
            manifest.append("totals", .object(totals))
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
            let corpus = try AssetCatalog().corpus(self.corpus)
            let n1 = corpus.totalUnigrams, n2 = corpus.totalBigrams, n3 = corpus.totalTrigrams
            print("corpus \(corpus.id)\(corpus.hasSyntheticKeys ? " (synthetic ENTER and BACKSPACE injected)" : "")")
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
}
