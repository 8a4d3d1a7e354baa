import Glibc
import KeyForgeSystem
import Testing

/// flock: exclusive between open files and between processes, and released when its holder closes.
@Suite("File locks")
struct FileLockTests {
    @Test("a second open of the locked file cannot take the lock; once the first is released it can")
    func exclusiveBetweenDescriptors() throws {
        let folder = makeTemporaryFolder()
        defer { removeFolder(folder) }
        let path = "\(folder)/lock"
        var holder = try FileLock.tryAcquire(path)
        #expect(holder != nil)
        #expect(try FileLock.tryAcquire(path) == nil, "two open files held the same exclusive lock")
        holder = nil
        let next = try FileLock.tryAcquire(path)
        #expect(next != nil, "the lock was not released when its holder was")
        #expect(next?.path == path)
    }

    @Test("another process (flock -n) is refused while we hold the lock, and gets it once we release it")
    func exclusiveBetweenProcesses() throws {
        guard FileSystem.exists("/usr/bin/flock") else { return }
        let folder = makeTemporaryFolder()
        defer { removeFolder(folder) }
        let path = "\(folder)/lock"
        var holder = try FileLock.tryAcquire(path)
        #expect(holder != nil)
        #expect(runProcess(["/usr/bin/flock", "-n", "-E", "75", path, "/bin/true"]) == 75, "the other process took a held lock")
        holder = nil
        #expect(runProcess(["/usr/bin/flock", "-n", "-E", "75", path, "/bin/true"]) == 0, "the lock stayed held after release")
    }

    /// Runs `argv` to the end with an empty signal mask (POSIX_SPAWN_SETSIGMASK: the mask is inherited
    /// across exec) and returns its exit status, or -1 when it did not exit normally.
    private func runProcess(_ argv: [String]) -> Int32 {
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var empty = sigset_t()
        sigemptyset(&empty)
        posix_spawnattr_setsigmask(&attributes, &empty)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK))
        var cArguments: [UnsafeMutablePointer<CChar>?] = argv.map { strdup($0) } + [nil]
        defer { for pointer in cArguments { free(pointer) } }
        var pid: pid_t = 0
        guard posix_spawn(&pid, argv[0], nil, &attributes, &cArguments, environ) == 0 else { return -1 }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) == -1 && errno == EINTR {}
        // WIFEXITED and WEXITSTATUS are macros Swift cannot see.
        return status & 0x7f == 0 ? (status >> 8) & 0xff : -1
    }
}
