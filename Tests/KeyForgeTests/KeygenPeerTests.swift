import Foundation
import KeyForgeCore
import KeyForgeWire
import Testing

/// `analyze --profile keygen` against keygen's own printed figures on texts of our own.
///
/// Expected values were recorded from xsznix/keygen itself (built by scripts/peers/keygen.sh) with
///     build/peers/keygen/target/release/keygen run-ref Tests/Fixtures/peers/text-a.txt
///     build/peers/keygen/target/release/keygen run-ref Tests/Fixtures/peers/text-b.txt
/// (its "total: T; scaled: S" line per reference layout, and for text-b on QWERTY the part lines).
/// scripts/peers/compare-keygen.sh re-runs the comparison when keygen is installed.
@Suite("keygen profile against keygen's figures")
struct KeygenPeerTests {
    static let recorded: [String: [(String, Double, Double)]] = [
        "text-a": [("qwerty", 876.375, 1.7921779141104295), ("dvorak", 574.875, 1.1756134969325154),
                   ("colemak", 530.375, 1.0846114519427403), ("qgmlwy", 542.25, 1.1088957055214723),
                   ("workman", 553.25, 1.1313905930470347), ("maltron", 403.875, 0.825920245398773),
                   ("mtgap", 450.625, 0.9215235173824131), ("capewell", 550.625, 1.1260224948875255),
                   ("arensito", 385.75, 0.7888548057259713), ("initial", 391.25, 0.8001022494887525)],
        "text-b": [("qwerty", 3966, 1.841225626740947), ("dvorak", 2283.75, 1.0602367688022285),
                   ("colemak", 2245, 1.042246982358403), ("qgmlwy", 2399.875, 1.1141480965645312),
                   ("workman", 2084.375, 0.9676764159702879), ("maltron", 1996.375, 0.926822191272052),
                   ("mtgap", 1832.625, 0.8508008356545961), ("capewell", 2250.125, 1.0446262766945218),
                   ("arensito", 1660.625, 0.7709493964716806), ("initial", 1464.875, 0.6800719591457753)],
    ]
    /// keygen's part lines for QWERTY on text-b (same command).
    static let qwertyPartsB: [String: Double] = [
        "base": 2428, "same_finger": 660, "long_jump_hand": 126, "long_jump": 230, "long_jump_consecutive": 50,
        "pinky_ring_twist": 20, "roll_reversal": 40, "same_hand": 85, "alternating_hand": 198.5, "roll_out": 29.625,
        "roll_in": -51.125, "long_jump_sandwich": 150, "twist": 0,
    ]

    @Test("every reference layout's total and scaled penalty equal keygen's (1e-6 relative; in fact exact)",
          arguments: ["text-a", "text-b"])
    func referenceFigures(text: String) throws {
        for (name, total, scaled) in try #require(Self.recorded[text]) {
            let result = try ProcessTests.run(ProcessTests.binary, ["analyze", "--profile", "keygen", "--keyboard", "keygen", "--layout", name,
                                                                    "--corpus", "\(packageRoot)/Tests/Fixtures/peers/\(text).txt", "--json"])
            #expect(result.status == 0, "\(name)")
            let metrics = try #require(try JSONParser.parse(result.output).objectValue?["metrics"]?.objectValue)
            let ourScaled = try #require(metrics["scaled_penalty"]?.doubleValue)
            #expect(abs(ourScaled - scaled) <= 1e-6 * scaled, "\(text) \(name): \(ourScaled) vs keygen \(scaled)")
            #expect(metrics["total_penalty"]?.doubleValue == total, "\(text) \(name)")
            if text == "text-b" && name == "qwerty" {
                let parts = try #require(metrics["parts"]?.objectValue)
                #expect(parts.keys.count == Self.qwertyPartsB.count)
                for (part, value) in Self.qwertyPartsB { #expect(parts[part]?.doubleValue == value, "\(part)") }
            }
        }
    }

    @Test("bad input: another board, a missing text, an unknown layout")
    func badInput() throws {
        let text = "\(packageRoot)/Tests/Fixtures/peers/text-a.txt"
        #expect(try ProcessTests.run(ProcessTests.binary, ["analyze", "--profile", "keygen", "--keyboard", "corne", "--corpus", text]).status == 65)
        #expect(try ProcessTests.run(ProcessTests.binary, ["analyze", "--profile", "keygen", "--keyboard", "keygen", "--corpus", "/nonexistent.txt"]).status == 66)
        #expect(try ProcessTests.run(ProcessTests.binary, ["analyze", "--profile", "keygen", "--keyboard", "keygen", "--corpus", text,
                                                           "--layout", "nosuchlayout"]).status == 65)
    }

    @Test("search --profile keygen ends below its start and prints the peer's figure")
    func search() throws {
        let text = "\(packageRoot)/Tests/Fixtures/peers/text-b.txt"
        let result = try ProcessTests.run(ProcessTests.binary, ["search", "--profile", "keygen", "--keyboard", "keygen", "--corpus", text,
                                                                "--layout", "qwerty", "--steps", "20000", "--seed", "3", "--json"])
        #expect(result.status == 0)
        let object = try #require(try JSONParser.parse(result.output).objectValue)
        let scaled = try #require(object["metrics"]?.objectValue?["scaled_penalty"]?.doubleValue)
        #expect(scaled < 1.841225626740947)
        // The reported layout re-scores to the reported figure.
        let layout = try #require(object["layout"]?.stringValue)
        let again = try ProcessTests.run(ProcessTests.binary, ["analyze", "--profile", "keygen", "--keyboard", "keygen", "--corpus", text,
                                                               "--layout", layout, "--json"])
        #expect(try JSONParser.parse(again.output).objectValue?["metrics"]?.objectValue?["scaled_penalty"]?.doubleValue == scaled)
    }
}
