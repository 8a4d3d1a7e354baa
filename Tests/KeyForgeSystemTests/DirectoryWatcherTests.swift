import Glibc
import KeyForgeSystem
import Testing

/// inotify through the event loop: files written, renamed in and removed are reported by name.
@Suite("Directory watcher")
struct DirectoryWatcherTests {
    @Test("a file created, one renamed into place and one deleted are each reported by their final names")
    func seesCreatedRenamedAndDeleted() throws {
        let folder = makeTemporaryFolder()
        defer { removeFolder(folder) }
        try FileSystem.writeFileAtomically("\(folder)/doomed", [1])
        let loop = try EventLoop()
        var seen: Set<String> = []
        let expected: Set<String> = ["created", "renamed", "doomed"]
        let watcher = try DirectoryWatcher(root: folder, loop: loop) { changes in
            for change in changes { if case .file(let name) = change { seen.insert(name) } }
            if seen.isSuperset(of: expected) { loop.stop() }
        }
        #expect(watcher.watchedFolderCount == 1)
        // The events queue in the kernel until the loop reads them.
        let created = open("\(folder)/created", O_WRONLY | O_CREAT | O_CLOEXEC, 0o644)
        #expect(created >= 0)
        close(created)
        try FileSystem.writeFileAtomically("\(folder)/renamed", [2, 3])
        try FileSystem.removeFile("\(folder)/doomed")
        #expect(try runUntilStopped(loop), "saw only \(seen.sorted())")
        #expect(seen.isSuperset(of: expected))
        // The atomic write's temporary name is reported too (it closed after writing); nothing else is.
        #expect(seen.subtracting(expected).allSatisfy { $0.hasPrefix("renamed.tmp-") })
    }

    @Test("a folder created under the root gets its own watch, and a file written in it is reported with its path")
    func watchesNewFolders() throws {
        let folder = makeTemporaryFolder()
        defer {
            try? FileSystem.removeFile("\(folder)/sub/inner")
            rmdir("\(folder)/sub")
            removeFolder(folder)
        }
        let loop = try EventLoop()
        var seen: Set<String> = []
        let watcher = try DirectoryWatcher(root: folder, loop: loop) { changes in
            for change in changes { if case .file(let name) = change { seen.insert(name) } }
            if seen.contains("sub/inner") { loop.stop() }
        }
        try FileSystem.makeDirectories("\(folder)/sub")
        // Written after the folder event is read, so it can only be seen through the new watch.
        loop.execute {
            try? FileSystem.writeFileAtomically("\(folder)/sub/inner", [4])
        }
        #expect(try runUntilStopped(loop), "saw only \(seen.sorted())")
        #expect(watcher.watchedFolderCount == 2)
    }
}
