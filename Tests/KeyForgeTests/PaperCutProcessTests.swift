import Foundation
import Testing
import KeyForgeSystem
@testable import KeyForge

/// Issue 21 section 6 as a user meets it, through the real binary: output paths checked before a
/// search, a failed write after it that still prints the report, `@FILE` for render and compare, a
/// mistyped verb, a raw text or an empty file given as a corpus.
@Suite("Paper cuts", .serialized)
struct PaperCutProcessTests {
    /// Runs the binary to the end: exit status, standard output and standard error.
    static func run(_ arguments: [String]) throws -> (status: Int32, output: String, errors: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: ProcessTests.binary)
        process.arguments = arguments
        let output = Pipe(), errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        // Standard error is small here; read it on another thread so a full stdout pipe cannot stall either side.
        nonisolated(unsafe) var errorText = ""
        let reader = Thread { errorText = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self) }
        reader.start()
        let printed = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        while !reader.isFinished { usleep(1000) }
        return (process.terminationStatus, printed, errorText)
    }

    @Test("search --out/--svg/--png into a folder that cannot take the file exits 73 before searching, naming the path")
    func outputCheckedFirst() throws {
        let folder = makeTemporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try write("not a folder\n", to: "\(folder)/file")
        // A file where a folder should be, and a folder that does not exist (tests run as root, so a
        // chmod'ed folder would not stop them).
        let cases: [(option: String, path: String)] = [("--out", "\(folder)/file/best.json"), ("--svg", "\(folder)/missing/best.svg"),
                                                       ("--png", "\(folder)/missing/best.png"), ("--out", folder)]
        for (option, path) in cases {
            // --time 600: were the search started, the test would take ten minutes, not fail quietly.
            let result = try Self.run(["search", "--keyboard", "ortho_30", "--time", "600", "--threads", "1", "--seed", "1", option, path])
            #expect(result.status == 73, "\(option) \(path): \(result.errors)")
            #expect(result.output.isEmpty)
            let lines = result.errors.split(separator: "\n")
            #expect(lines.count == 1 && lines[0].hasPrefix("keyforge: \(path): cannot create"), "\(result.errors)")
            #expect(!result.errors.contains(".tmp-"))
        }
        #expect(try FileSystem.listDirectory(folder) == ["file"])
        let render = try Self.run(["render", "--keyboard", "corne", "--out", "\(folder)/missing/c.svg"])
        #expect(render.status == 73 && render.errors.contains("\(folder)/missing/c.svg"))
    }

    @Test("a write that fails after the search still prints the report, names the path asked for and exits 73")
    func failedWriteKeepsReport() throws {
        let folder = makeTemporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let target = "\(folder)/gone"
        try FileSystem.makeDirectories(target)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: ProcessTests.binary)
        process.arguments = ["search", "--keyboard", "ortho_30", "--time", "600", "--threads", "1", "--seed", "3",
                             "--out", "\(target)/best.json", "--svg", "\(target)/best.svg"]
        let output = Pipe(), errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        // The first progress line: the paths were checked and the search is under way. Then the folder
        // goes, and Ctrl-C ends the search, which keeps its best layout and tries to write it.
        var line: [UInt8] = []
        var started = false
        while !started {
            let data = errors.fileHandleForReading.readData(ofLength: 1)
            guard let byte = data.first else { break }
            if byte == UInt8(ascii: "\n") {
                started = String(decoding: line, as: UTF8.self).hasPrefix("search:")
                line.removeAll()
            } else {
                line.append(byte)
            }
        }
        #expect(started)
        try FileManager.default.removeItem(atPath: target)
        kill(process.processIdentifier, SIGINT)
        let printed = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        let rest = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 73)
        #expect(printed.contains("score") && printed.contains("stopped by Ctrl-C"), "stdout: \(printed)")
        #expect(!printed.contains("wrote "))
        #expect(rest.contains("keyforge: \(target)/best.json: cannot write it"), "stderr: \(rest)")
        #expect(rest.contains("keyforge: \(target)/best.svg: cannot write it"), "stderr: \(rest)")
        #expect(!rest.contains(".tmp-"))
    }

    @Test("render and compare take @FILE layouts like analyze")
    func fileLayouts() throws {
        let folder = makeTemporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        // Dvorak's three alpha rows on corne, as a rows file with a comment.
        try write("# dvorak\n' , . p y f g c r l\na o e u i d h t n s\n; q j k x b m w v z\n", to: "\(folder)/hd.txt")
        let compare = try Self.run(["compare", "--keyboard", "corne", "qwerty", "@\(folder)/hd.txt", "dvorak"])
        #expect(compare.status == 0, "\(compare.errors)")
        #expect(compare.output.contains("hd"))
        // The file and the reference are the same layout: their rows of the table agree.
        let analyzeFile = try Self.run(["analyze", "--keyboard", "corne", "--layout", "@\(folder)/hd.txt", "--json"])
        let analyzeName = try Self.run(["analyze", "--keyboard", "corne", "--layout", "dvorak", "--json"])
        let score = { (text: String) in text.split(separator: "\n").first { $0.contains("\"score\"") } }
        #expect(score(analyzeFile.output) != nil && score(analyzeFile.output) == score(analyzeName.output))

        let render = try Self.run(["render", "--keyboard", "corne", "--layout", "@\(folder)/hd.txt", "--out", "\(folder)/hd.svg"])
        #expect(render.status == 0, "\(render.errors)")
        let drawn = try #require(SVGElements.parse(Data(try readText("\(folder)/hd.svg").utf8)))
        let legends = drawn.filter { $0.attributes["class"] == "legend" }.map(\.text).joined()
        #expect(legends.contains("',.pyfgcrl") && legends.contains("aoeuidhtns") && legends.contains(";qjkxbmwvz"))
        let missing = try Self.run(["compare", "qwerty", "@\(folder)/none.txt"])
        #expect(missing.status == 66 && missing.errors.contains("none.txt"))
    }

    @Test("a mistyped verb suggests the nearest one; a word near none lists the verbs")
    func verbSuggestion() throws {
        for (typed, meant) in [("analyse", "analyze"), ("serach", "search"), ("comapre", "compare"), ("rendr", "render"), ("exprot", "export")] {
            let result = try Self.run([typed, "--keyboard", "corne"])
            #expect(result.status == 64)
            #expect(result.errors == "keyforge: unknown verb '\(typed)'; did you mean \(meant)? (keyforge --help lists the verbs)\n")
        }
        let far = try Self.run(["frobnicate"])
        #expect(far.status == 64)
        #expect(far.errors.hasPrefix("keyforge: unknown verb 'frobnicate'; the verbs are analyze, search, compare"))
        #expect(!far.errors.contains("debug"))
        // The edit distance behind it, by hand: one swap, one substitution, three edits, a unique prefix.
        #expect(VerbSuggestion.editDistance(Array("anaylze"), Array("analyze")) == 1)
        #expect(VerbSuggestion.editDistance(Array("analyse"), Array("analyze")) == 1)
        #expect(VerbSuggestion.editDistance(Array("kitten"), Array("sitting")) == 3)   // k->s, e->i, +g
        #expect(VerbSuggestion.closest(to: "valid", among: ClientCommand.verbs.map(\.name)) == "validate")
        #expect(VerbSuggestion.closest(to: "job", among: ["job", "bench"]) == "job")
        #expect(VerbSuggestion.closest(to: "xy", among: ClientCommand.verbs.map(\.name)) == nil)
        #expect(try Self.run(["analyze", "--keyboard", "ortho_30"]).status == 0)
    }

    @Test("--corpus with a raw text says at once to count it with corpus build; an empty corpus is exit 65")
    func plainTextCorpus() throws {
        let folder = makeTemporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        // A text whose file is 300 MB: a sparse tail of zero bytes after one paragraph. Reading it whole
        // would fail on the 256 MB word-list limit instead; the answer comes from its first line.
        let path = "\(folder)/book.txt"
        try write("It was the best of times, it was the worst of times.\nIt was the age of wisdom.\n", to: path)
        #expect(truncate(path, 300 << 20) == 0)
        let result = try Self.run(["analyze", "--keyboard", "corne", "--corpus", path])
        #expect(result.status == 65)
        #expect(result.errors == "keyforge: \(path): is plain text, not a counted corpus: count it first with `keyforge corpus build \(path) "
                + "--id text/NAME --out DIR`, then pass --corpus DIR (a word-frequency list is word<TAB>weight lines or {\"word\": weight} JSON)\n")
        // A real word list still loads.
        try write("# word<TAB>weight\nthe\t50\nof\t20\nand\t19\n", to: "\(folder)/words.tsv")
        #expect(try Self.run(["analyze", "--keyboard", "corne", "--corpus", "\(folder)/words.tsv"]).status == 0)

        try write("", to: "\(folder)/empty.txt")
        let empty = try Self.run(["analyze", "--keyboard", "corne", "--corpus", "\(folder)/empty.txt"])
        #expect(empty.status == 65 && empty.errors.contains("the corpus is empty"), "\(empty.errors)")
        try write("{}", to: "\(folder)/empty.json")
        let emptyJSON = try Self.run(["analyze", "--keyboard", "corne", "--corpus", "\(folder)/empty.json"])
        #expect(emptyJSON.status == 65 && emptyJSON.errors.contains("\(folder)/empty.json"), "\(emptyJSON.errors)")
        // A bundle counted from an empty text: loads, but counts no keystroke.
        #expect(try Self.run(["corpus", "build", "\(folder)/empty.txt", "--id", "text/empty", "--out", "\(folder)/bundle"]).status == 0)
        let bundle = try Self.run(["analyze", "--keyboard", "corne", "--corpus", "\(folder)/bundle"])
        #expect(bundle.status == 65)
        #expect(bundle.errors == "keyforge: \(folder)/bundle: the corpus is empty: it counts no keystrokes (build it from a text with at least one character)\n")
    }
}
