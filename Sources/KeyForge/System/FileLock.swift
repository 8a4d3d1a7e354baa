import Glibc

/// An exclusive advisory lock on a file (flock), held while the value lives.
///
/// The lock file is created if missing and never unlinked: unlinking would let a second process lock
/// a fresh inode while a first still holds the old one. The kernel drops the lock when the process
/// dies, so a killed holder never blocks the next one.
public final class FileLock {
    private let fd: Int32
    /// The locked file's path.
    public let path: String

    private init(fd: Int32, path: String) {
        self.fd = fd
        self.path = path
    }

    deinit {
        _ = flock(fd, LOCK_UN)
        close(fd)
    }

    /// Takes the lock once without waiting: nil when another process holds it.
    public static func tryAcquire(_ path: String) throws(SystemError) -> FileLock? {
        let fd = try retryingInterrupts("open", path) { open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644) }
        do throws(SystemError) {
            // LOCK_NB: another holder is EWOULDBLOCK, an expected outcome returned as nil.
            guard try retryingInterruptsUnlessWouldBlock("flock", path, { flock(fd, LOCK_EX | LOCK_NB) }) != nil else {
                close(fd)
                return nil
            }
        } catch {
            close(fd)
            throw error
        }
        return FileLock(fd: fd, path: path)
    }

    /// Sleeps for `milliseconds` (a signal does not cut it short; see `WallClock.sleep(for:)`).
    public static func sleep(milliseconds: Int) {
        WallClock.sleep(for: .milliseconds(milliseconds))
    }
}

/// Reads of the process environment.
public enum Environment {
    /// The value of `name`, or nil when unset or empty.
    public static func value(_ name: String) -> String? {
        guard let raw = getenv(name) else { return nil }
        let value = String(cString: raw)
        return value.isEmpty ? nil : value
    }
}
