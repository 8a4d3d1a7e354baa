import ArgumentParser
import KeyForgeCore
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
            discussion: "Letters are lower-cased (with --keep-case a capital counts SHIFT + its letter) and whitespace runs become one SPACE unless told otherwise; invalid UTF-8 is counted, skipped and reported."
        )

        @Argument(help: "Text files to count, in order; n-grams never span two files.")
        var inputs: [String] = []

        @Option(help: "Build from a word-frequency list instead of text: {\"word\": weight} JSON or word<TAB>weight lines (each word counts as typed between spaces, weights scaled to integer counts).")
        var words: String?

        @Option(help: "The corpus id, <kind>/<name>; an id containing _std gets synthetic ENTER and BACKSPACE at load time.")
        var id: String

        @Option(help: "The bundle folder to write.")
        var out: String

        @Flag(help: "Keep case by shift simulation: a run of capitals counts one SHIFT press, then its lower-case letters (SHIFT enters the n-grams). Without it capitals are folded to lower case (docs/adr/0007-lower-case-letters.md).")
        var keepCase = false

        @Option(help: ArgumentHelp("What capitals become: fold (lower case, the default), shift (the same as --keep-case), kept (symbols of their own, typed through a layout's shift layer).", valueName: "fold|shift|kept"))
        var capitals: String?

        @Flag(help: "Keep every space, TAB and newline (as ENTER) instead of collapsing whitespace runs to one SPACE.")
        var keepWhitespace = false

        @Flag(help: "With --keep-whitespace: drop the indentation at the start of each line (editors type it).")
        var dropIndentation = false

        @Flag(help: "Fold accented Latin letters to their base letter (é -> e) and drop combining marks.")
        var foldAccents = false

        @Flag(help: ArgumentHelp("The same as --keep-case (its former name).", visibility: .hidden))
        var countShift = false

        @Option(help: "Also write skip-1 ... skip-N bigram segments (N = 1 ... 3; pairs with N symbols between them).")
        var skipGrams: Int = 0

        @Option(help: "The zstd level of the segments, 1 ... 22 (default 3: fast to write).")
        var level: Int32?

        @Flag(help: "Compress for publishing (zstd level 19: smaller, slower to write); the committed bundles are built so.")
        var publish = false

        func validate() throws {
            if let level, !(1...22).contains(level) { throw ArgumentParser.ValidationError("--level must be 1 ... 22") }
            if level != nil && publish { throw ArgumentParser.ValidationError("--level and --publish exclude each other") }
            if inputs.isEmpty == (words == nil) { throw ArgumentParser.ValidationError("give text files or --words FILE (one of the two)") }
            if let capitals, CaseHandling(rawValue: capitals) == nil {
                throw ArgumentParser.ValidationError("--capitals must be fold, shift or kept")
            }
            if capitals != nil && (keepCase || countShift) { throw ArgumentParser.ValidationError("--capitals and --keep-case exclude each other") }
            if !(0...3).contains(skipGrams) { throw ArgumentParser.ValidationError("--skip-grams must be 0 ... 3") }
            if dropIndentation && !keepWhitespace {
                throw ArgumentParser.ValidationError("--drop-indentation needs --keep-whitespace (collapsed whitespace has no indentation)")
            }
            let parts = id.split(separator: "/", omittingEmptySubsequences: false)
            guard parts.count == 2, parts.allSatisfy({ !$0.isEmpty && $0.allSatisfy { $0.isLetter || $0.isNumber || $0 == "_" || $0 == "-" } }) else {
                throw ArgumentParser.ValidationError("--id must look like kind/name (letters, digits, _ and -), e.g. text/en_std")
            }
        }

        func run() throws {
            let builder = CorpusBuilder(id: id, out: out, level: publish ? CorpusBundle.publishLevel : level ?? CorpusBundle.defaultLevel)
            let corpus: NGramCorpus
            if let words {
                corpus = try builder.buildFromWords(words)
            } else {
                let options = CorpusCounterOptions(caseHandling: capitals.flatMap(CaseHandling.init(rawValue:)) ?? (keepCase || countShift ? .shift : .fold), collapseWhitespace: !keepWhitespace,
                                                   dropIndentation: dropIndentation, foldAccents: foldAccents, skipGrams: skipGrams)
                corpus = try builder.build(inputs, options: options)
            }
            print("wrote \(out): \(corpus.totalUnigrams) characters, \(corpus.symbols.count) symbols, \(corpus.bigrams.count) bigrams, "
                  + "\(corpus.trigrams.count) trigrams, \(corpus.words.count) words")
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
            for line in CorpusSummary.lines(try AssetCatalog().loadCorpus(corpus), top: top) { print(line) }
        }
    }

    /// `keyforge corpus list`.
    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List the corpora: the workspace's and system folder's, then the embedded ones.")

        func run() throws {
            for (id, location) in try AssetCatalog().corpusLocations() { print("\(id)\t\(location)") }
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
