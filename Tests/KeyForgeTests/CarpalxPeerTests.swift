import Foundation
import KeyForgeCore
import KeyForgeWire
import Testing

/// `analyze --profile carpalx` against carpalx 0.12's own printed figures (3 decimals) on texts of our own.
///
/// Expected values were recorded from carpalx itself (set up by scripts/peers/carpalx.sh) with
///     build/peers/carpalx/run.sh Tests/Fixtures/peers/TEXT.txt reporteffort LAYOUT
/// (its `b`, `p`, `s` and `all` lines under "Keyboard effort"); text-c.txt is text-b, text-a, text-b, text-a,
/// text-b concatenated. scripts/peers/compare-carpalx.sh re-runs the comparison when carpalx is installed.
@Suite("carpalx profile against carpalx's figures")
struct CarpalxPeerTests {
    /// (layout, b, p, s, all) as carpalx printed them.
    static let recorded: [String: [(String, Double, Double, Double, Double)]] = [
        "text-b": [("qwerty", 1.243, 0.457, 0.984, 2.684), ("dvorak", 0.237, 0.242, 0.294, 0.773),
                   ("colemak", 0.103, 0.157, 0.160, 0.420), ("qgmlwy", 0.134, 0.477, 0.219, 0.830),
                   ("workman", 0.103, 0.616, 0.380, 1.099), ("norman", 0.103, 0.297, 0.541, 0.940),
                   ("arensito", 0.103, 0.938, 0.570, 1.612)],
        "text-c": [("qwerty", 1.101, 0.877, 1.049, 3.027), ("dvorak", 0.186, 0.668, 0.650, 1.504),
                   ("colemak", 0.233, 0.626, 0.583, 1.441), ("qgmlwy", 0.203, 0.555, 0.480, 1.237),
                   ("workman", 0.158, 0.674, 0.700, 1.533), ("norman", 0.152, 0.743, 0.750, 1.644),
                   ("arensito", 0.224, 0.944, 0.704, 1.872)],
    ]

    static func rounded(_ value: Double) -> Double { (value * 1000).rounded() / 1000 }

    @Test("every reference layout's effort and parts print as carpalx prints them", arguments: ["text-b", "text-c"])
    func referenceFigures(text: String) throws {
        for (name, base, penalty, path, all) in try #require(Self.recorded[text]) {
            let result = try ProcessTests.run(ProcessTests.binary, ["analyze", "--profile", "carpalx", "--keyboard", "carpalx", "--layout", name,
                                                                    "--corpus", "\(packageRoot)/Tests/Fixtures/peers/\(text).txt", "--json"])
            #expect(result.status == 0, "\(name)")
            let metrics = try #require(try JSONParser.parse(result.output).objectValue?["metrics"]?.objectValue)
            let parts = try #require(metrics["parts"]?.objectValue)
            #expect(Self.rounded(metrics["effort"]?.doubleValue ?? .nan) == all, "\(text) \(name) effort")
            #expect(Self.rounded(parts["base"]?.doubleValue ?? .nan) == base, "\(text) \(name) b")
            #expect(Self.rounded(parts["penalty"]?.doubleValue ?? .nan) == penalty, "\(text) \(name) p")
            #expect(Self.rounded(parts["path"]?.doubleValue ?? .nan) == path, "\(text) \(name) s")
        }
    }

    @Test("search --profile carpalx ends below its start; its layout re-scores to its figure")
    func search() throws {
        let text = "\(packageRoot)/Tests/Fixtures/peers/text-c.txt"
        let result = try ProcessTests.run(ProcessTests.binary, ["search", "--profile", "carpalx", "--keyboard", "carpalx", "--corpus", text,
                                                                "--steps", "20000", "--seed", "5", "--json"])
        #expect(result.status == 0)
        let object = try #require(try JSONParser.parse(result.output).objectValue)
        let effort = try #require(object["metrics"]?.objectValue?["effort"]?.doubleValue)
        #expect(effort < 3.027)
        let layout = try #require(object["layout"]?.stringValue)
        let again = try ProcessTests.run(ProcessTests.binary, ["analyze", "--profile", "carpalx", "--keyboard", "carpalx", "--corpus", text,
                                                               "--layout", layout, "--json"])
        #expect(try JSONParser.parse(again.output).objectValue?["metrics"]?.objectValue?["effort"]?.doubleValue == effort)
    }

    @Test("a text with no triad seen 10 times is bad data (65)")
    func tooShort() throws {
        #expect(try ProcessTests.run(ProcessTests.binary, ["analyze", "--profile", "carpalx", "--keyboard", "carpalx", "--corpus",
                                                           "\(packageRoot)/Tests/Fixtures/peers/text-a.txt"]).status == 65)
    }
}
