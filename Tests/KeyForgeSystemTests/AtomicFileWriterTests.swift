import Glibc
import KeyForgeSystem
import Testing

/// Atomic replacement: a reader sees the old bytes or the new, never a mix, and no temporary file stays.
@Suite("Atomic file writes")
struct AtomicFileWriterTests {
    /// Contents large enough (1 MiB) that a write in place would be seen half done.
    static let old = [UInt8](repeating: UInt8(ascii: "o"), count: 1 << 20)
    static let new = [UInt8](repeating: UInt8(ascii: "n"), count: (1 << 20) + 4096)

    @Test("a reader polling while the file is replaced 40 times sees only whole old or whole new contents")
    func readersNeverSeeAMix() throws {
        let folder = makeTemporaryFolder()
        defer { removeFolder(folder) }
        let path = "\(folder)/target"
        try FileSystem.writeFileAtomically(path, Self.old)
        struct Seen: Sendable { var reads = 0; var torn = 0; var isDone = false }
        let seen = ConditionLock(Seen())
        let reader = try SystemThread(name: "kf-test-reader") {
            while !seen.read({ $0.isDone }) {
                let bytes = (try? FileSystem.readFile(path)) ?? []
                let isWhole = bytes == Self.old || bytes == Self.new
                seen.withLock {
                    $0.reads += 1
                    if !isWhole { $0.torn += 1 }
                }
            }
        }
        // Keep replacing until the reader has looked often enough to have caught a torn file.
        var round = 0
        while round < 40 || seen.read({ $0.reads }) < 40 {
            try FileSystem.writeFileAtomically(path, round % 2 == 0 ? Self.new : Self.old)
            round += 1
            if round > 4000 { break }
        }
        seen.withLock { $0.isDone = true }
        reader.join()
        #expect(seen.read { $0.torn } == 0)
        #expect(seen.read { $0.reads } >= 40)
        #expect(try FileSystem.listDirectory(folder) == ["target"], "a temporary file was left behind")
    }

    @Test("a writer discarded (or dropped) before commit leaves the old contents and removes its temporary file")
    func discardKeepsOldContents() throws {
        let folder = makeTemporaryFolder()
        defer { removeFolder(folder) }
        let path = "\(folder)/target"
        try FileSystem.writeFileAtomically(path, Self.old)
        let writer = try AtomicFileWriter(destination: path)
        try writer.write(Self.new)
        #expect(FileSystem.exists(writer.temporaryPath))
        #expect(try FileSystem.listDirectory(folder).count == 2)
        writer.discard()
        #expect(try FileSystem.readFile(path) == Self.old)
        #expect(try FileSystem.listDirectory(folder) == ["target"])
        do {
            let dropped = try AtomicFileWriter(destination: path)
            try dropped.write(Self.new)
        }
        #expect(try FileSystem.listDirectory(folder) == ["target"])
        #expect(try FileSystem.readFile(path) == Self.old)
    }

    @Test("a commit that cannot rename (the target is a folder) throws, keeps the target and removes the temporary file")
    func failedCommitCleansUp() throws {
        let folder = makeTemporaryFolder()
        defer { removeFolder(folder) }
        let path = "\(folder)/target"
        try FileSystem.makeDirectories(path)
        defer { rmdir(path) }
        let writer = try AtomicFileWriter(destination: path)
        try writer.write(Self.new)
        #expect(throws: SystemError.self) { try writer.commit() }
        #expect(FileSystem.isDirectory(path))
        #expect(try FileSystem.listDirectory(folder) == ["target"])
    }
}
