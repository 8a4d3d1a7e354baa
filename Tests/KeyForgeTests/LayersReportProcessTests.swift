import Foundation
import Testing
import KeyForgeSystem
@testable import KeyForge

/// `analyze` of a layout with layers, REPEAT and MAGIC (examples/corne-layers.txt) through the real binary:
/// the text and JSON reports show the layers' shares and the layer-key, REPEAT and MAGIC presses; a layout
/// without extras shows none of it.
@Suite("Layers in analyze", .serialized)
struct LayersReportProcessTests {
    static let example = "\(packageRoot)/examples/corne-layers.txt"

    @Test("text: a layers line (base, shift, sym with their key presses), REPEAT and MAGIC presses, the rules")
    func text() throws {
        let (status, output, errors) = try PaperCutProcessTests.run(["analyze", "-k", "corne", "-l", "@\(Self.example)"])
        #expect(status == 0, "\(errors)")
        let lines = output.split(separator: "\n").map(String.init)
        let layers = try #require(lines.first { $0.hasPrefix("layers ") })
        #expect(layers.contains("base ") && layers.contains("shift ") && layers.contains("(shift key ") && layers.contains("sym ")
                && layers.contains("(layer key "))
        #expect(lines.contains { $0.hasPrefix("repeat, magic REPEAT ") && $0.contains("MAGIC ") })
        #expect(lines.contains("magic rules   e→u  u→e  s→c  o→a"))
        // The sym layer is drawn under the base (its top row: ! @ # $ % on the left hand); the default shift layer is not.
        let header = try #require(lines.firstIndex(of: "  [layer sym]"))
        #expect(lines[header + 1].split(separator: " ").prefix(6) == ["·", "!", "@", "#", "$", "%"])
        #expect(!lines.contains("  [shift]"))
        let plain = try PaperCutProcessTests.run(["analyze", "-k", "corne", "-l", "colemak-dh"])
        #expect(plain.status == 0)
        #expect(!plain.output.contains("\nlayers ") && !plain.output.contains("repeat, magic") && !plain.output.contains("magic rules"))
    }

    @Test("JSON: layout_layers and magic beside layout, the layers' usage summing to 100 %, the presses as percentages")
    func json() throws {
        let (status, output, errors) = try PaperCutProcessTests.run(["analyze", "-k", "corne", "-l", "@\(Self.example)", "--json"])
        #expect(status == 0, "\(errors)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(output.utf8)) as? [String: Any])
        // The playground's shape (docs/API.md): layout_layers name -> tokens, magic after -> output, layers the usage.
        let layers = try #require(object["layout_layers"] as? [String: String])
        #expect(Set(layers.keys) == ["shift", "sym"] && layers["sym"]?.split(separator: " ").count == 42)
        #expect(object["magic"] as? [String: String] == ["e": "u", "u": "e", "s": "c", "o": "a"])
        let usage = try #require(object["layers"] as? [[String: Any]])
        #expect(usage.map { $0["name"] as? String } == ["base", "shift", "sym"])
        let total = usage.compactMap { $0["percent"] as? Double }.reduce(0, +)
        #expect(abs(total - 100) < 0.01, "the layers' shares cover every placed press: \(total)")
        let repeats = try #require(object["repeat_presses"] as? Double)
        #expect(repeats > 0 && repeats < 100)
        let plain = try PaperCutProcessTests.run(["analyze", "-k", "corne", "-l", "colemak-dh", "--json"])
        let plainObject = try #require(try JSONSerialization.jsonObject(with: Data(plain.output.utf8)) as? [String: Any])
        #expect(plainObject["layers"] == nil && plainObject["layout_layers"] == nil && plainObject["magic"] == nil)
    }

    @Test("layouts import of a .dof with --keyboard writes rows with its sections; analyze of those rows gives the .dof's score")
    func importRows() throws {
        let folder = makeTemporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let dof = "\(folder)/layers.dof", rows = "\(folder)/layers.txt"
        #expect(try PaperCutProcessTests.run(["export", "-k", "corne", "-l", "@\(Self.example)", "-f", "dof", "-o", dof]).status == 0)
        let imported = try PaperCutProcessTests.run(["layouts", "import", dof, "-k", "corne", "-o", rows])
        #expect(imported.status == 0, "\(imported.errors)")
        #expect(imported.output.contains("layers beyond main: shift, sym") && imported.output.contains("magic rules: e -> u, u -> e, s -> c, o -> a"))
        let text = try readText(rows)
        #expect(text.contains("\n[shift] default\n") && text.contains("\n[layer sym]\n") && text.contains("\n[magic]\ne -> u\n"))
        func score(_ layout: String) throws -> Double? {
            let run = try PaperCutProcessTests.run(["analyze", "-k", "corne", "-l", layout, "--json"])
            return (try JSONSerialization.jsonObject(with: Data(run.output.utf8)) as? [String: Any])?["score"] as? Double
        }
        let fromDof = try #require(try score("@\(dof)"))
        #expect(try score("@\(rows)") == fromDof)
    }
}
