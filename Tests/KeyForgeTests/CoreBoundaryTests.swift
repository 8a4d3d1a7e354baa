import Testing
import KeyForgeSystem

/// The layers (docs/adr/0001-layers.md): Core and Wire import nothing but the Swift standard library.
@Suite("Target boundaries")
struct CoreBoundaryTests {
    @Test("no file in Core or Wire has an import statement", arguments: ["Core", "Wire"])
    func noImports(folder: String) throws {
        var checked = 0
        for path in try swiftFiles("\(packageRoot)/Sources/KeyForge/\(folder)") {
            let text = String(decoding: try FileSystem.readFile(path), as: UTF8.self)
            for line in text.split(separator: "\n") {
                let trimmed = line.drop { $0 == " " || $0 == "\t" }
                let words = trimmed.split(separator: " ")
                let importWord = words.first { !$0.hasPrefix("@") }
                #expect(importWord != "import", "\(path): \(line)")
            }
            checked += 1
        }
        #expect(checked > 5)
    }

    private func swiftFiles(_ folder: String) throws -> [String] {
        var files: [String] = []
        for name in try FileSystem.listDirectory(folder) {
            let path = "\(folder)/\(name)"
            if FileSystem.isDirectory(path) { files += try swiftFiles(path) } else if name.hasSuffix(".swift") { files.append(path) }
        }
        return files
    }
}
