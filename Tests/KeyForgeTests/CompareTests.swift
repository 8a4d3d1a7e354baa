import Foundation
import Testing
import KeyForgeCore
import KeyForgeSystem
import KeyForgeWire

/// `keyforge compare` as a process, checked against `keyforge analyze` run on each layout.
@Suite("Compare")
struct CompareTests {
    static func json(_ arguments: [String]) throws -> JSONObject {
        let result = try ProcessTests.run(ProcessTests.binary, arguments)
        #expect(result.status == 0, "\(arguments.joined(separator: " ")) exited \(result.status)")
        return try #require(try JSONParser.parse(result.output).objectValue)
    }

    static func number(_ value: JSONValue?) -> Double { value?.doubleValue ?? .nan }

    @Test("compare's deltas equal the differences of analyze's numbers, layout by layout")
    func deltasMatchAnalyze() throws {
        let layouts = ["qwerty", "colemak-dh", "qwfpbjluy;arstgmneiozxcdvkh,./"]
        let compared = try Self.json(["compare", "--keyboard", "corne"] + layouts + ["--json"])
        let analyzed = try layouts.map { try Self.json(["analyze", "--keyboard", "corne", "--layout", $0, "--json"]) }
        let entries = (compared["layouts"]?.arrayValue ?? []).compactMap { $0.objectValue }
        let deltas = (compared["deltas"]?.arrayValue ?? []).compactMap { $0.objectValue }
        #expect(entries.count == 3 && deltas.count == 2)
        #expect(entries.map { $0["name"] } == [.string("qwerty"), .string("colemak-dh"), .string("custom-3")])
        for (entry, report) in zip(entries, analyzed) {
            #expect(entry["score"] == report["score"])
            #expect(entry["layout"] == report["layout"])
            #expect(entry["metrics"] == report["metrics"])
            #expect(entry["score_parts"] == report["score_parts"])
        }
        let base = analyzed[0]
        let baseMetrics = try #require(base["metrics"]?.objectValue)
        for (delta, report) in zip(deltas, analyzed.dropFirst()) {
            #expect(delta["against"] == .string("qwerty"))
            // Both sides are rounded to 6 decimals in JSON, so their difference may be off by one in the last place.
            #expect(abs(Self.number(delta["score"]) - (Self.number(report["score"]) - Self.number(base["score"]))) < 2e-6)
            let metrics = try #require(report["metrics"]?.objectValue)
            let deltaMetrics = try #require(delta["metrics"]?.objectValue)
            for name in deltaMetrics.keys where name != "finger_usage" {
                #expect(abs(Self.number(deltaMetrics[name]) - (Self.number(metrics[name]) - Self.number(baseMetrics[name]))) < 2e-6, "\(name)")
            }
            let parts = try #require(delta["score_parts"]?.objectValue)
            for name in ["mono", "bi", "tri", "unplaced", "imbalance"] {
                let difference = Self.number(report["score_parts"]?.objectValue?[name]) - Self.number(base["score_parts"]?.objectValue?[name])
                #expect(abs(Self.number(parts[name]) - difference) < 2e-6, "\(name)")
            }
            #expect(deltaMetrics.keys.count == 17)
        }
        // colemak-dh and the same layout written out are one layout: zero deltas, same keys moved.
        #expect(deltas[0]["moved_keys"] == deltas[1]["moved_keys"])
        #expect(Self.number(deltas[0]["score"]) == Self.number(deltas[1]["score"]))
        #expect(deltas[0]["moved_keys"]?.int64Value == 20)   // qwerty and colemak-dh share q w a g z x c , . / (and the 12 other keys)
    }

    @Test("compare's drawing outlines the keys that differ from the first layout and draws an arrow for each moved symbol")
    func drawing() throws {
        let folder = makeTemporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let result = try ProcessTests.run(ProcessTests.binary, ["compare", "--keyboard", "ortho_30", "qwerty", "colemak", "--svg", "\(folder)/c.svg"])
        #expect(result.status == 0)
        #expect(result.output.contains("deltas against qwerty") && result.output.contains("keys moved"))
        let elements = try #require(SVGElements.parse(Data(try readText("\(folder)/c.svg").utf8)))
        #expect(RenderTests.keyGroups(elements, panel: 0).count == 30 && RenderTests.keyGroups(elements, panel: 1).count == 30)
        #expect(elements.filter { $0.attributes["class"] == "moved" && $0.panel == 0 }.isEmpty)
        // qwerty -> colemak on the 3x10 grid: 17 keys change (colemak keeps q w a z x c v b m , . /, h).
        let qwerty = Array("qwertyuiopasdfghjkl;zxcvbnm,./"), colemak = Array("qwfpgjluy;arstdhneiozxcvbkm,./")
        let changed = Set((0..<30).filter { qwerty[$0] != colemak[$0] })
        let outlined = Set(elements.filter { $0.attributes["class"] == "moved" && $0.panel == 1 }.compactMap { Int($0.parentAttributes["data-key"] ?? "") })
        #expect(outlined == changed)
        let arrows = elements.filter { $0.attributes["class"] == "arrow" && $0.panel == 1 }
        #expect(arrows.count == changed.count)
        for arrow in arrows {
            let from = try #require(Int(arrow.attributes["data-from"] ?? "")), to = try #require(Int(arrow.attributes["data-to"] ?? ""))
            #expect(qwerty[from] == colemak[to], "arrow \(from) -> \(to)")
        }
        #expect(try ProcessTests.run(ProcessTests.binary, ["compare", "qwerty"]).status == 64)
    }
}
