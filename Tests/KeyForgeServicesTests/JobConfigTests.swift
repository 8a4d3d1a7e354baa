import KeyForgeAdapters
import KeyForgeCore
import KeyForgeSystem
import KeyForgeWire
import Testing
import KeyForgeServices

@Suite("Job configs: validation, canonical encoding and job ids")
struct JobConfigTests {
    static let example = """
    {"keyboard": "corne", "corpora": [{"id": "text/en_std", "weight": 1}], "rubric": "default", "start_layout": "qwerty",
     "search": {"scope": "alpha", "restarts": 4, "anneal_share": 0.3, "seed": 1}, "pinned": [],
     "budget": {"units": 4, "seconds_per_unit": 30}, "priority": 0}
    """

    static func config(_ text: String) throws -> JobConfig { try JobConfig(json: Array(text.utf8)) }

    @Test("the canonical bytes of the example job are pinned (changing them changes every job id)")
    func canonicalGolden() throws {
        let config = try Self.config(Self.example)
        let hex = config.canonicalBytes.map { byte in
            let digits = Array("0123456789abcdef")
            return "\(digits[Int(byte >> 4)])\(digits[Int(byte & 15)])"
        }.joined()
        // Read against the format in JobConfig+Canonical: magic KFJ1; 01 string "corne"; 02 list of 2:
        // "text/en_std", 1.0; 03 "default"; 04 "qwerty"; 05 "alpha"; 06 empty list; 07 int 4; 08 float 0.3;
        // 09 int 1; 0a int 4; 0b absent; 0c float 30.0.
        #expect(hex == "4b464a31" + "010105636f726e65" + "020402010b746578742f656e5f737464033ff0000000000000"
            + "03010764656661756c74" + "040106717765727479" + "050105616c706861" + "060400" + "07020000000000000004"
            + "08033fd3333333333333" + "09020000000000000001" + "0a020000000000000004" + "0b00" + "0c03403e000000000000")
        #expect(config.jobID == SHA256.hex(config.canonicalBytes))
        #expect(config.jobID == Self.exampleJobID)
    }

    /// The id of examples/job-corne.json, recorded when the encoding was designed.
    static let exampleJobID = "3d437d004123cf3c15fcdf1c3e660bdaa9f1b0d37352dce70feedd03757fc4b7"

    @Test("examples/job-corne.json is the pinned example")
    func exampleFile() throws {
        var root = #filePath
        for _ in 0..<3 { root = FileSystem.parentFolder(of: root) }
        let config = try JobConfig(json: FileSystem.readFile(root + "/examples/job-corne.json"))
        #expect(config.jobID == Self.exampleJobID)
    }

    @Test("the same search written differently has the same id; priority does not change it")
    func sameSearchSameID() throws {
        let a = try Self.config(Self.example)
        let b = try Self.config("""
            {"priority": 5, "budget": {"seconds_per_unit": 30.0, "units": 4}, "keyboard": "corne",
             "corpora": [{"weight": 1.0, "id": "text/en_std"}], "pinned": [], "search": {"seed": 1, "anneal_share": 0.3}}
            """)
        #expect(a.jobID == b.jobID)
        // Rounds are the method of jobs from before methods existed: naming it keeps their id.
        let named = try Self.config("""
            {"keyboard": "corne", "search": {"scope": "alpha", "method": "rounds", "restarts": 4, "anneal_share": 0.3, "seed": 1},
             "budget": {"units": 4, "seconds_per_unit": 30}}
            """)
        #expect(named.method == .rounds && named.jobID == a.jobID)
        let mixed1 = try Self.config(#"{"keyboard": "corne", "corpora": [{"id": "b/x"}, {"id": "a/y", "weight": 2}], "pinned": ["z", "q", "z"], "budget": {"units": 1, "steps_per_unit": 100}}"#)
        let mixed2 = try Self.config(#"{"keyboard": "corne", "corpora": [{"id": "a/y", "weight": 2}, {"id": "b/x"}], "pinned": ["q", "z"], "budget": {"units": 1, "steps_per_unit": 100}}"#)
        #expect(mixed1.jobID == mixed2.jobID)
    }

    @Test("any change to the search changes the id", arguments: [
        #""keyboard": "sweep""#, #""rubric": "other""#, #""start_layout": "colemak""#, #""pinned": ["q"]"#,
        #""search": {"seed": 2}"#, #""search": {"restarts": 5}"#, #""search": {"scope": "all"}"#, #""search": {"method": "tempering"}"#,
        #""budget": {"units": 5, "seconds_per_unit": 30}"#, #""budget": {"units": 4, "steps_per_unit": 30}"#,
        #""corpora": [{"id": "text/en_std", "weight": 2}]"#,
    ])
    func everyFieldCounts(change: String) throws {
        let base = try Self.config(#"{"keyboard": "corne", "budget": {"units": 4, "seconds_per_unit": 30}}"#)
        var fields = [#""keyboard": "corne""#, #""budget": {"units": 4, "seconds_per_unit": 30}"#]
        let key = change.split(separator: ":").first!
        fields.removeAll { $0.hasPrefix(key) }
        fields.append(change)
        let changed = try Self.config("{" + fields.joined(separator: ", ") + "}")
        #expect(changed.jobID != base.jobID, "\(change)")
    }

    @Test("bad configs are refused naming the field", arguments: [
        (#"{"keyboard": "corne"}"#, "budget"),
        (#"{"keyboard": "corne", "budget": {"units": 0, "steps_per_unit": 1}}"#, "budget.units"),
        (#"{"keyboard": "corne", "budget": {"units": 1}}"#, "budget"),
        (#"{"keyboard": "corne", "budget": {"units": 1, "steps_per_unit": 1, "seconds_per_unit": 1}}"#, "budget"),
        (#"{"keyboard": "corne", "budget": {"units": 1, "seconds_per_unit": -1}}"#, "budget.seconds_per_unit"),
        (#"{"keyboard": "corne", "corpora": [{"id": "text/a", "weight": 0}], "budget": {"units": 1, "steps_per_unit": 1}}"#, "corpora[0].weight"),
        (#"{"keyboard": "corne", "corpora": [{"id": "text/a"}, {"id": "text/a"}], "budget": {"units": 1, "steps_per_unit": 1}}"#, "corpora"),
        (#"{"keyboard": "corne", "search": {"restarts": 0}, "budget": {"units": 1, "steps_per_unit": 1}}"#, "search.restarts"),
        (#"{"keyboard": "corne", "search": {"scope": "some"}, "budget": {"units": 1, "steps_per_unit": 1}}"#, "search.scope"),
        (#"{"keyboard": "corne", "search": {"method": "genetic"}, "budget": {"units": 1, "steps_per_unit": 1}}"#, "search.method"),
        (#"{"keyboard": "corne", "colour": "red", "budget": {"units": 1, "steps_per_unit": 1}}"#, "colour"),
        (#"{"keyboard": 7, "budget": {"units": 1, "steps_per_unit": 1}}"#, "keyboard"),
    ])
    func refused(text: String, field: String) {
        do {
            _ = try Self.config(text)
            Issue.record("accepted: \(text)")
        } catch let error as InputError {
            #expect(error.kind == .invalid)
            #expect(error.message.hasPrefix(field), "\(error.message)")
        } catch {
            Issue.record("\(error)")
        }
    }

    @Test("NaN, infinities and deep nesting never parse")
    func hostileNumbers() {
        for text in [#"{"keyboard": "corne", "budget": {"units": 1, "seconds_per_unit": NaN}}"#,
                     #"{"keyboard": "corne", "budget": {"units": 1, "seconds_per_unit": 1e999}}"#,
                     String(repeating: "[", count: 50) + String(repeating: "]", count: 50)] {
            #expect(throws: InputError.self) { try Self.config(text) }
        }
    }

    @Test("the example config resolves against the embedded assets: start layout, movable keys and the exact scorer")
    func planResolves() throws {
        let config = try Self.config(Self.example)
        let plan = try JobPlan(config: config, catalog: AssetCatalog(folders: []))
        #expect(plan.startName == "qwerty")
        #expect(plan.movableKeys.count == plan.keyboard.alphaKeys.count)
        #expect(plan.parameters(unit: 3).seed == 4)
        #expect(plan.parameters(unit: 0).method == .rounds)
        let tempering = try JobPlan(config: Self.config(#"{"keyboard": "corne", "search": {"method": "tempering"}, "budget": {"units": 1, "steps_per_unit": 10}}"#),
                                    catalog: AssetCatalog(folders: []))
        #expect(tempering.parameters(unit: 0).method == .tempering)
        // The config written back as JSON reads as the same job.
        #expect(try JobConfig(json: Array(JSONWriter.write(tempering.config.json).utf8)).jobID == tempering.config.jobID)
        let pinned = try JobPlan(config: Self.config(#"{"keyboard": "corne", "pinned": ["q", "z"], "budget": {"units": 1, "steps_per_unit": 10}}"#),
                                 catalog: AssetCatalog(folders: []))
        #expect(pinned.movableKeys.count == plan.movableKeys.count - 2)
        #expect(throws: InputError.self) {
            try JobPlan(config: Self.config(#"{"keyboard": "nope", "budget": {"units": 1, "steps_per_unit": 10}}"#), catalog: AssetCatalog(folders: []))
        }
    }
}
