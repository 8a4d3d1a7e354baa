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

    /// "Hello World" counted with `--capitals kept`: H e l l o SPACE W o r l d SPACE, 12 presses over 8 symbols, H and W
    /// capitals of their own. examples/corne-layers.txt has a default shift layer, so it types them (SHIFT, h) and
    /// (SHIFT, w): nothing unplaced, 2 presses of 12 on the shift layer. Colemak-DH without a shift layer leaves them
    /// unplaced: 2 of the 10 character presses (letters scope).
    @Test("--capitals kept counts capitals as symbols; a layout's shift layer types them, a layout without one leaves them unplaced")
    func capitalsKept() throws {
        let folder = makeTemporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try write("Hello World\n", to: "\(folder)/hello.txt")
        let built = try ProcessTests.run(ProcessTests.binary, ["corpus", "build", "\(folder)/hello.txt", "--id", "text/hello", "--capitals", "kept",
                                                              "--out", "\(folder)/kept"])
        #expect(built.status == 0, "\(built.output)")
        let shown = try ProcessTests.run(ProcessTests.binary, ["corpus", "show", "\(folder)/kept"])
        #expect(shown.output.contains("case: capitals kept as symbols"), "\(shown.output)")
        #expect(shown.output.contains("12 monograms over 8 symbols"), "\(shown.output)")
        func analyze(_ layout: String) throws -> [String: Any] {
            let result = try ProcessTests.run(ProcessTests.binary, ["analyze", "--keyboard", "corne", "--layout", layout,
                                                                   "--corpus", "\(folder)/kept", "--json"])
            #expect(result.status == 0, "\(result.output)")
            return try #require(try JSONSerialization.jsonObject(with: Data(result.output.utf8)) as? [String: Any])
        }
        let layered = try analyze("@\(LayersReportProcessTests.example)")
        let metrics = try #require(layered["typing_metrics"] as? [String: Any])
        #expect(metrics["unplaced"] as? Double == 0)
        let usage = try #require(layered["layers"] as? [[String: Any]])
        let shift = try #require(usage.first { $0["name"] as? String == "shift" })
        #expect(abs((shift["percent"] as? Double ?? 0) - 100.0 / 6) < 1e-6)   // JSON keeps 6 decimals
        let plain = try analyze("colemak-dh")
        let letters = try #require(plain["metrics"] as? [String: Any])
        #expect(abs((letters["unplaced"] as? Double ?? 0) - 20) < 1e-6)
        #expect(plain["layers"] == nil)
        let bad = try ProcessTests.runCapturingErrors(["corpus", "build", "\(folder)/hello.txt", "--id", "text/hello", "--capitals", "upper",
                                                       "--out", "\(folder)/bad"])
        #expect(bad.status != 0 && bad.errors.contains("--capitals must be fold, shift or kept"), "\(bad.errors)")
    }
}
