import Foundation
import Glibc
import KeyForgeTestSupport
import Testing

@Suite("keyforge --install")
struct InstallTests {
    @Test("links beside the binary are relative (the folder can move); DIR/hive --help is keyforge hive --help")
    func relativeLinks() throws {
        let folder = makeTemporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try FileManager.default.copyItem(atPath: ProcessTests.binary, toPath: "\(folder)/keyforge")
        #expect(try ProcessTests.run("\(folder)/keyforge", ["--install", folder]).status == 0)
        for role in ["hive", "assets", "assetmgr", "agent"] {
            #expect(try FileManager.default.destinationOfSymbolicLink(atPath: "\(folder)/\(role)") == "keyforge")
        }
        let moved = folder + "-moved"
        try FileManager.default.moveItem(atPath: folder, toPath: moved)
        defer { try? FileManager.default.removeItem(atPath: moved) }
        let viaLink = try ProcessTests.run("\(moved)/hive", ["--help"])
        let direct = try ProcessTests.run("\(moved)/keyforge", ["hive", "--help"])
        #expect(viaLink.status == 0 && viaLink.output == direct.output && viaLink.output.contains("USAGE: hive"))
        // Elsewhere, the links name the binary absolutely, keyforge included.
        let other = makeTemporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: other) }
        #expect(try ProcessTests.run("\(moved)/keyforge", ["--install", other]).status == 0)
        #expect(try FileManager.default.destinationOfSymbolicLink(atPath: "\(other)/keyforge") == "\(moved)/keyforge")
        #expect(try ProcessTests.run("\(other)/agent", ["--help"]).output.contains("USAGE: agent"))
    }
}
