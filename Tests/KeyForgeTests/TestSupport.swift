import Glibc
import KeyForgeSystem

/// The package root, found from this file's path.
let packageRoot: String = {
    var path = #filePath
    for _ in 0..<3 { path = FileSystem.parentFolder(of: path) }
    return path
}()

/// A fresh temporary folder.
func makeTemporaryFolder() -> String {
    var template = Array("/tmp/keyforge-test-XXXXXX".utf8CString)
    let made = template.withUnsafeMutableBufferPointer { mkdtemp($0.baseAddress!) }
    precondition(made != nil, "mkdtemp failed")
    return String(cString: template.withUnsafeBufferPointer { $0.baseAddress! })
}

/// Writes `text` to `path`.
func write(_ text: String, to path: String) throws {
    try FileSystem.writeFileAtomically(path, Array(text.utf8))
}

/// Writes `bytes` to `path`.
func write(_ bytes: [UInt8], to path: String) throws {
    try FileSystem.writeFileAtomically(path, bytes)
}

/// Reads `path` as UTF-8 text.
func readText(_ path: String) throws -> String {
    String(decoding: try FileSystem.readFile(path), as: UTF8.self)
}
