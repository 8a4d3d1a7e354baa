import Foundation
import KeyForgeAdapters
import Testing
import KeyForgeServices

@Suite("Settings: flag, then environment, then config file, then default")
struct SettingsTests {
    @Test("each level wins over the ones below it; empty values count as unset")
    func precedence() {
        let environment: [String: String] = ["KEYFORGE_HIVE_URL": "http://env:3000", "KEYFORGE_ASSETS_URL": ""]
        let settings = Settings(file: ["KEYFORGE_HIVE_URL": "http://file:3000", "KEYFORGE_ASSETS_URL": "http://file:3001",
                                       "DATABASE_URL": "postgres://file/db", "HIVE_SECRET": ""],
                                filePath: "/etc/keyforge/keyforge.conf", environment: { environment[$0] })
        #expect(settings.value(flag: "http://flag:3000", "KEYFORGE_HIVE_URL") == "http://flag:3000")
        #expect(settings.value(flag: nil, "KEYFORGE_HIVE_URL") == "http://env:3000")
        #expect(settings.value(flag: "", "KEYFORGE_HIVE_URL") == "http://env:3000")
        #expect(settings.value(flag: nil, "KEYFORGE_ASSETS_URL") == "http://file:3001")  // the empty variable is unset
        #expect(settings.value(flag: nil, "DATABASE_URL") == "postgres://file/db")
        #expect(settings.value(flag: nil, "HIVE_SECRET") == nil)
        #expect(settings.value(flag: nil, "KEYFORGE_VALKEY_URL") == nil)
    }

    @Test("the file: comments, blank lines, quotes, CRLF; an unknown name or a line without = names its line")
    func parse() throws {
        let text = "# KeyForge\r\n\nHIVE_SECRET='s3cret=='\r\n  DATABASE_URL = \"postgres://h/db\"\nKEYFORGE_VALKEY_URL=redis://v:6379/0\n; note\n"
        #expect(try Settings.parse(text, source: "f") == ["HIVE_SECRET": "s3cret==", "DATABASE_URL": "postgres://h/db",
                                                           "KEYFORGE_VALKEY_URL": "redis://v:6379/0"])
        #expect(throws: InputError(.invalid, source: "f:2", "unknown setting \"KEYFORGE_HIVE_ULR\" (known: "
                                   + Settings.known.joined(separator: ", ") + ")")) {
            try Settings.parse("HIVE_SECRET=x\nKEYFORGE_HIVE_ULR=http://typo\n", source: "f")
        }
        #expect(throws: InputError(.invalid, source: "f:1", "expected NAME=value")) { try Settings.parse("HIVE_SECRET\n", source: "f") }
    }

    @Test("KEYFORGE_CONFIG names the file, which must then exist; its values fill in under the environment")
    func load() throws {
        let path = NSTemporaryDirectory() + "keyforge-settings-\(getpid()).conf"
        try "KEYFORGE_HIVE_URL=http://file:3000\nHIVE_SECRET=from-file\n".write(toFile: path, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let environment = ["KEYFORGE_CONFIG": path, "HIVE_SECRET": "from-env"]
        let settings = try Settings.load(environment: { environment[$0] })
        #expect(settings.filePath == path)
        #expect(settings.value(flag: nil, "KEYFORGE_HIVE_URL") == "http://file:3000")
        #expect(settings.value(flag: nil, "HIVE_SECRET") == "from-env")
        #expect(throws: InputError.self) { try Settings.load(environment: { $0 == "KEYFORGE_CONFIG" ? path + ".missing" : nil }) }
    }
}
