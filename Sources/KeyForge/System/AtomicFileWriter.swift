import Glibc
import Synchronization

/// Writes a file in pieces and places it atomically: the bytes go to a temporary file in the same
/// folder, and `commit()` fsyncs it, renames it over the destination and fsyncs the folder.
///
/// Until `commit()` the destination is untouched; `discard()` (or dropping the writer uncommitted)
/// removes the temporary file. A reader sees the old content or the new, never a mix, even if the
/// process dies part way (a crash can leave a `*.tmp-*` file behind, never a half-written destination).
///
/// Thread rule: one owner at a time (it is not `Sendable`).
public final class AtomicFileWriter {
    /// The file that `commit()` replaces.
    public let destination: String
    /// The temporary file the bytes go to, next to `destination`.
    public let temporaryPath: String
    /// Bytes written so far.
    public private(set) var byteCount: Int64 = 0

    private var descriptor: Int32
    private var isFinished = false

    /// Distinguishes temporary files of concurrent writers in one process.
    private static let sequence = Atomic<Int>(0)

    /// Creates the temporary file (mode 0644, exclusive) next to `destination`.
    public init(destination: String) throws(SystemError) {
        let serial = Self.sequence.add(1, ordering: .relaxed).newValue
        let temporary = "\(destination).tmp-\(getpid())-\(serial)"
        descriptor = try retryingInterrupts("open", temporary) {
            open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
        }
        self.destination = destination
        temporaryPath = temporary
    }

    deinit {
        if !isFinished { discard() }
    }

    /// Appends `bytes` to the temporary file (whole: short writes and EINTR are retried).
    public func write(_ bytes: UnsafeRawBufferPointer) throws(SystemError) {
        precondition(!isFinished, "AtomicFileWriter used after commit or discard")
        var written = 0
        while written < bytes.count {
            let count = try retryingInterrupts("write", temporaryPath) {
                Glibc.write(descriptor, bytes.baseAddress! + written, bytes.count - written)
            }
            written += count
        }
        byteCount += Int64(bytes.count)
    }

    /// Appends `bytes` to the temporary file.
    public func write(_ bytes: [UInt8]) throws(SystemError) {
        // Array.withUnsafeBytes rethrows untyped, so the typed error is carried out by hand.
        var failure: SystemError?
        bytes.withUnsafeBytes { raw in
            do throws(SystemError) { try write(raw) } catch { failure = error }
        }
        if let failure { throw failure }
    }

    /// Makes the bytes durable and places them at `destination` in one step. On failure the temporary
    /// file is removed and the destination keeps its old content.
    public func commit() throws(SystemError) {
        precondition(!isFinished, "AtomicFileWriter committed twice or after discard")
        do throws(SystemError) {
            _ = try retryingInterrupts("fsync", temporaryPath) { fsync(descriptor) }
            // close can report a delayed write error (NFS); after fsync that is rare, but it still counts.
            let status = close(descriptor)
            descriptor = -1
            if status == -1 && errno != EINTR { throw SystemError(code: errno, call: "close", subject: temporaryPath) }
            _ = try retryingInterrupts("rename", destination) { rename(temporaryPath, destination) }
        } catch {
            discard()
            throw error
        }
        isFinished = true
        // The rename is durable only once the folder entry is: best effort, the data itself is safe.
        let folderFD = open(FileSystem.parentFolder(of: destination), O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        if folderFD >= 0 {
            _ = fsync(folderFD)
            close(folderFD)
        }
    }

    /// Closes and removes the temporary file; the destination is untouched. Later calls do nothing.
    public func discard() {
        guard !isFinished else { return }
        isFinished = true
        if descriptor >= 0 { close(descriptor) }
        descriptor = -1
        unlink(temporaryPath)
    }
}
