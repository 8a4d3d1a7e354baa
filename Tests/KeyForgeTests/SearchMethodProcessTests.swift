import Foundation
import Testing
@testable import KeyForge

/// How `keyforge search` chooses and runs its method, through the real binary (docs/PHYSICS.md section 5).
@Suite("Search method", .serialized)
struct SearchMethodProcessTests {
    static func report(_ arguments: [String]) throws -> [String: Any] {
        let result = try PaperCutProcessTests.run(arguments)
        #expect(result.status == 0, "\(result.errors)")
        return try #require(JSONSerialization.jsonObject(with: Data(result.output.utf8)) as? [String: Any])
    }

    @Test("tempering with a step budget makes exactly those steps, beats qwerty, and repeats itself with the same seed")
    func tempering() throws {
        let arguments = ["search", "--keyboard", "ortho_30", "--method", "tempering", "--steps", "300000", "--threads", "1",
                         "--seed", "5", "--json"]
        let first = try Self.report(arguments), second = try Self.report(arguments)
        let qwerty = try Self.report(["analyze", "--keyboard", "ortho_30", "--layout", "qwerty", "--json"])
        let score = try #require(first["score"] as? Double), start = try #require(qwerty["score"] as? Double)
        #expect(score < start)
        #expect((first["search"] as? [String: Any])?["steps"] as? Int == 300_000)
        #expect(second["score"] as? Double == score)
        #expect(second["layout"] as? String == first["layout"] as? String)
    }

    @Test("a search without --method tempers; an option of the rounds, or magic-rule moves, makes it search by rounds")
    func defaultMethod() throws {
        let common = ["search", "--keyboard", "ortho_30", "--steps", "20000", "--threads", "1", "--seed", "3", "--json"]
        func method(_ extra: [String]) throws -> String? {
            (try Self.report(common + extra)["search"] as? [String: Any])?["method"] as? String
        }
        #expect(try method([]) == "tempering")
        #expect(try method(["--round-steps", "10000"]) == "rounds")
        #expect(try method(["--restarts", "2"]) == "rounds")
        #expect(try method(["--method", "rounds"]) == "rounds")
        let magic = try Self.report(["search", "--keyboard", "corne", "--magic", "2", "--steps", "5000", "--threads", "1",
                                     "--seed", "3", "--json"])
        #expect((magic["search"] as? [String: Any])?["method"] as? String == "rounds")
    }

    @Test("tempering refuses the options that shape rounds, naming the method that has them")
    func refusesRoundOptions() throws {
        for option in [["--restarts", "2"], ["--round-steps", "5000"], ["--anneal-share", "0.5"]] {
            let result = try PaperCutProcessTests.run(["search", "--keyboard", "ortho_30", "--method", "tempering", "--steps", "1000"] + option)
            #expect(result.status == 64, "\(option)")
            #expect(result.errors.contains("--method rounds"), "\(option)")
        }
    }

    @Test("tempering refuses magic-rule moves with a message naming the way that has them")
    func refusesMagic() throws {
        let result = try PaperCutProcessTests.run(["search", "--keyboard", "corne", "--method", "tempering", "--magic", "4",
                                                   "--steps", "1000"])
        #expect(result.status == 64)
        #expect(result.errors.contains("--method rounds"))
    }
}
