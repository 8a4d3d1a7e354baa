import KeyForgeAdapters
import KeyForgeCore
import KeyForgeSystem
import KeyForgeWire
import Testing
import KeyForgeServices

/// A job names its assets by identifier only: the hive refuses a path with 422 before any file is
/// touched, so a job config can neither probe the hive's files nor make it read a device.
@Suite("Hive jobs name assets by identifier, never by path")
struct HiveResponderJobAssetTests {
    /// A config with `field` set to `value` (JSON text).
    private func config(keyboard: String = "\"corne\"", rubric: String = "\"default\"", corpus: String = "\"text/en_std\"") -> String {
        #"{"keyboard": \#(keyboard), "rubric": \#(rubric), "corpora": [{"id": \#(corpus)}], "budget": {"units": 1, "steps_per_unit": 1000}}"#
    }

    /// Submits `body` and expects a 422 `invalid_config` naming `field`; returns the message.
    private func refused(_ hive: HiveResponderFixture, _ body: String, field: String) -> String {
        let answer = hive.call("POST", "/jobs", body)
        #expect(answer.status == 422, "\(body): \(answer.status) \(answer.json.errorMessage ?? "")")
        #expect(answer.json.errorCode == "invalid_config")
        let message = answer.json.errorMessage ?? ""
        #expect(message.contains(field) && message.contains("identifier"), "\(message)")
        return message
    }

    @Test("a keyboard or rubric given as /proc/self/environ is refused as not an identifier, and shows no byte of the file")
    func procEnviron() throws {
        let hive = try HiveResponderFixture()
        for body in [config(keyboard: "\"/proc/self/environ\""), config(rubric: "\"/proc/self/environ\"")] {
            let message = refused(hive, body, field: body.contains("\"keyboard\": \"/proc") ? "keyboard" : "rubric")
            #expect(!message.contains("found"), "\(message)")
        }
        #expect(try hive.store.listJobs(limit: 10).isEmpty)
    }

    @Test("an existing and a missing path get the same answer: the hive does not tell which files exist")
    func noExistenceOracle() throws {
        let hive = try HiveResponderFixture()
        let existing = refused(hive, config(keyboard: "\"/etc/hostname\""), field: "keyboard")
        let missing = refused(hive, config(keyboard: "\"/etc/no-such-file-here\""), field: "keyboard")
        #expect(existing.replacingOccurrences(of: "/etc/hostname", with: "X") == missing.replacingOccurrences(of: "/etc/no-such-file-here", with: "X"))
    }

    @Test("a corpus of /dev/zero is refused as not an identifier by the config, before the catalog could open the device")
    func devZero() throws {
        let hive = try HiveResponderFixture()
        _ = refused(hive, config(corpus: "\"/dev/zero\""), field: "corpora[0].id")
        #expect(try hive.store.listJobs(limit: 10).isEmpty)
    }

    @Test("relative paths, file names, traversal and mix syntax are refused in every asset field",
          arguments: ["corne.json", "./corne", "../corne", "keyboards/corne", "Corne", "corne ", "", String(repeating: "a", count: 65)])
    func hostileNames(name: String) throws {
        let hive = try HiveResponderFixture()
        let quoted = "\"\(name)\""
        _ = refused(hive, config(keyboard: quoted), field: "keyboard")
        _ = refused(hive, config(rubric: quoted), field: "rubric")
    }

    @Test("corpus ids must be kind/name",
          arguments: ["text", "text/", "/text/en_std", "text/en_std/x", "text/../en_std", "text/en_std:0.5", "TEXT/en_std", "text//en_std"])
    func hostileCorpusIDs(id: String) throws {
        let hive = try HiveResponderFixture()
        _ = refused(hive, config(corpus: "\"\(id)\""), field: "corpora[0].id")
    }

    @Test("identifiers that name real assets are still accepted")
    func identifiersAccepted() throws {
        let hive = try HiveResponderFixture()
        #expect(hive.call("POST", "/jobs", config(keyboard: "\"cyanophage-ergo\"")).status == 201)
        #expect(hive.call("POST", "/jobs", config(keyboard: "\"ortho_30\"", corpus: "\"code/python\"")).status == 201)
    }

    @Test("the agent's catalog resolves identifiers only: a path is refused without reading it")
    func identifierOnlyCatalog() throws {
        let catalog = try AssetCatalog(folders: [], identifiersOnly: true)
        for reference in ["/proc/self/environ", "/etc/hostname", "../x", "x.json"] {
            #expect(throws: InputError.self) { try catalog.keyboard(reference) }
            #expect(throws: InputError.self) { try catalog.rubric(reference) }
        }
        #expect(throws: InputError.self) { try catalog.loadCorpus("/dev/zero") }
        #expect(throws: InputError.self) { try catalog.loadCorpus("/tmp") }
        #expect(try catalog.keyboard("corne").keys.count > 30)
        #expect(try catalog.loadCorpus("text/en_std").corpus.id == "text/en_std")
    }
}
