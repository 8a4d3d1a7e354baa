import Foundation
import KeyForgeCore
import KeyForgeWire
import Testing

@Suite("analyze --profile and corpus build --words as processes")
struct ProfileProcessTests {
    @Test("the acceptance command prints every profile metric; a bundle built with --words gives the same numbers")
    func profileCommand() throws {
        let folder = makeTemporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try write(#"{"the": 5, "hello": 2, "world": 1.5, "bob's": 0.5}"#, to: "\(folder)/words.json")
        let layout = "qwertyuiop-asdfghjkl;'zxcvbnm,./\\^"
        let common = ["analyze", "--keyboard", "cyanophage-ergo", "--profile", "cyanophage-ergo", "--layout", layout, "--json"]
        let direct = try ProcessTests.run(ProcessTests.binary, common + ["--corpus", "\(folder)/words.json"])
        #expect(direct.status == 0)
        let object = try #require(try JSONParser.parse(direct.output).objectValue)
        #expect(object["profile"] == .string("cyanophage-ergo"))
        let metrics = try #require(object["metrics"]?.objectValue)
        #expect(metrics.keys == CyanophageErgo.metricNames)
        // Worked by hand in ProfileTests.alternationCase (the list's weights are used exactly as written).
        #expect(abs((metrics["sfb"]?.doubleValue ?? 0) - 200.0 / 44) < 1e-12)
        #expect(abs((metrics["alternation"]?.doubleValue ?? 0) - 1150.0 / 44) < 1e-12)
        #expect(object["native_metrics"]?.objectValue?["sfb"] != nil)
        let build = try ProcessTests.run(ProcessTests.binary, ["corpus", "build", "--words", "\(folder)/words.json", "--id", "words/tiny",
                                                               "--out", "\(folder)/bundle"])
        #expect(build.status == 0)
        let bundled = try ProcessTests.run(ProcessTests.binary, common + ["--corpus", "\(folder)/bundle"])
        #expect(try JSONParser.parse(bundled.output).objectValue?["metrics"] == .object(metrics))
        // The profile needs its board.
        #expect(try ProcessTests.run(ProcessTests.binary, ["analyze", "--keyboard", "corne", "--profile", "cyanophage-ergo",
                                                           "--corpus", "\(folder)/words.json"]).status == 65)
        #expect(try ProcessTests.run(ProcessTests.binary, ["analyze", "--profile", "genkey"]).status == 64)
    }
}
