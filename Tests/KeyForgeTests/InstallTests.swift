import Foundation
import Glibc
import KeyForgeTestSupport
import Testing

@Suite("keyforge --install")
struct InstallTests {
    /// Runs `executable` with `arguments`; its exit status and standard output.
    static func run(_ executable: String, _ arguments: [String]) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = FileHandle.nullDevice
        try process.run()
        let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return (process.terminationStatus, output)
    }

    @Test("links beside the binary are relative (the folder can move); DIR/hive --help is keyforge hive --help")
    func relativeLinks() throws {
        let folder = makeTemporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try FileManager.default.copyItem(atPath: ProcessTests.binary, toPath: "\(folder)/keyforge")
        #expect(try Self.run("\(folder)/keyforge", ["--install", folder]).status == 0)
        for role in ["hive", "assets", "assetmgr", "agent"] {
            #expect(try FileManager.default.destinationOfSymbolicLink(atPath: "\(folder)/\(role)") == "keyforge")
        }
        let moved = folder + "-moved"
        try FileManager.default.moveItem(atPath: folder, toPath: moved)
        defer { try? FileManager.default.removeItem(atPath: moved) }
        let viaLink = try Self.run("\(moved)/hive", ["--help"])
        let direct = try Self.run("\(moved)/keyforge", ["hive", "--help"])
        #expect(viaLink.status == 0 && viaLink.output == direct.output && viaLink.output.contains("USAGE: hive"))
        // Elsewhere, the links name the binary absolutely, keyforge included.
        let other = makeTemporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: other) }
        #expect(try Self.run("\(moved)/keyforge", ["--install", other]).status == 0)
        #expect(try FileManager.default.destinationOfSymbolicLink(atPath: "\(other)/keyforge") == "\(moved)/keyforge")
        #expect(try Self.run("\(other)/agent", ["--help"]).output.contains("USAGE: agent"))
    }
}
