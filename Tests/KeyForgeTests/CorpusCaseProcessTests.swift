import Foundation
import KeyForgeWire
import Testing

@Suite("corpus build --keep-case and corpus show as processes")
struct CorpusCaseProcessTests {
    @Test("--keep-case simulates SHIFT (no capital symbol), the manifest says case shift, and corpus show prints it")
    func keepCase() throws {
        let folder = makeTemporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        // "HTTPError = Foo": SHIFT h t t p e r r o r SPACE = SPACE SHIFT f o o (one SHIFT per run of capitals).
        try write("HTTPError = Foo\n", to: "\(folder)/code.py")
        for (flag, name) in [("--keep-case", "kept"), ("--count-shift", "counted")] {
            let built = try ProcessTests.run(ProcessTests.binary, ["corpus", "build", "\(folder)/code.py", "--id", "code/tiny", flag,
                                                                  "--out", "\(folder)/\(name)"])
            #expect(built.status == 0)
            let manifest = try #require(try JSONParser.parse(Array(try Data(contentsOf: URL(fileURLWithPath: "\(folder)/\(name)/manifest.json"))))
                .objectValue)
            #expect(manifest["options"]?.objectValue?["case"] == .string("shift"))
            // Keystrokes: h t t p e r r o r (9) and f o o (3), 12 letters; 2 SHIFT; 1 "="; 3 SPACE (the two spaces and
            // the final newline, each a whitespace run after a symbol): 18, over the 10 symbols SHIFT SPACE = e f h o p
            // r t, none a capital.
            let shown = try ProcessTests.run(ProcessTests.binary, ["corpus", "show", "\(folder)/\(name)"])
            #expect(shown.status == 0)
            #expect(shown.output.contains("case: shift simulated"))
            #expect(shown.output.contains("18 monograms over 10 symbols"), "\(shown.output)")
        }
        let folded = try ProcessTests.run(ProcessTests.binary, ["corpus", "build", "\(folder)/code.py", "--id", "code/tiny", "--out", "\(folder)/folded"])
        #expect(folded.status == 0)
        let shown = try ProcessTests.run(ProcessTests.binary, ["corpus", "show", "\(folder)/folded"])
        #expect(shown.output.contains("case: folded"))
        // Folded: the same 12 letters, 3 SPACE and "=", no SHIFT: 16 over 9 symbols.
        #expect(shown.output.contains("16 monograms over 9 symbols"), "\(shown.output)")
    }

    @Test("the embedded code/python simulates SHIFT and the text corpora fold case")
    func embedded() throws {
        let python = try ProcessTests.run(ProcessTests.binary, ["corpus", "show", "code/python", "--top", "1000"])
        #expect(python.output.contains("case: shift simulated"))
        // Its monograms (labels between the shares): SHIFT ("sft") among them, no capital letter.
        let line = python.output.split(separator: "\n").first { $0.hasPrefix("top monograms:") } ?? ""
        let labels = line.dropFirst("top monograms:".count).split(separator: " ").filter { !$0.hasSuffix("%") }
        #expect(labels.contains("sft"), "\(line)")
        #expect(labels.count > 50 && !labels.contains { $0.count == 1 && $0.first!.isUppercase }, "\(line)")
        let prose = try ProcessTests.run(ProcessTests.binary, ["corpus", "show", "text/en_std"])
        #expect(prose.output.contains("case: folded"))
    }
}
