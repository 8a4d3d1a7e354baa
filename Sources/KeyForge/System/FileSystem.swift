import Glibc

/// Files and folders through POSIX calls: bounded reads, atomic writes, listings.
public enum FileSystem {
    /// The largest file `readFile` accepts unless told otherwise.
    public static let defaultReadLimit = 256 << 20
    /// The chunk size of streaming reads.
    public static let chunkBytes = 1 << 20

    /// The whole file, refusing files larger than `limit` bytes (checked before reading).
    public static func readFile(_ path: String, limit: Int = defaultReadLimit) throws(SystemError) -> [UInt8] {
        let fd = try retryingInterrupts("open", path) { open(path, O_RDONLY | O_CLOEXEC) }
        defer { close(fd) }
        var info = stat()
        _ = try retryingInterrupts("fstat", path) { fstat(fd, &info) }
        if (info.st_mode & S_IFMT) == S_IFDIR { throw SystemError(code: EISDIR, call: "read", subject: path) }
        if Int(info.st_size) > limit { throw SystemError(code: EFBIG, call: "read (above \(limit) bytes)", subject: path) }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(Int(info.st_size))
        try streamFile(fd: fd, path: path) { chunk throws(SystemError) in
            if bytes.count + chunk.count > limit { throw SystemError(code: EFBIG, call: "read (above \(limit) bytes)", subject: path) }
            bytes.append(contentsOf: chunk)
        }
        return bytes
    }

    /// Reads `path` in chunks of `chunkBytes`, handing each to `body`; memory stays bounded by one chunk.
    public static func streamFile(_ path: String, _ body: (UnsafeBufferPointer<UInt8>) throws(SystemError) -> Void) throws(SystemError) {
        let fd = try retryingInterrupts("open", path) { open(path, O_RDONLY | O_CLOEXEC) }
        defer { close(fd) }
        try streamFile(fd: fd, path: path, body)
    }

    private static func streamFile(fd: Int32, path: String, _ body: (UnsafeBufferPointer<UInt8>) throws(SystemError) -> Void) throws(SystemError) {
        let buffer = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: chunkBytes)
        defer { buffer.deallocate() }
        while true {
            let count = try retryingInterrupts("read", path) { read(fd, buffer.baseAddress, chunkBytes) }
            if count == 0 { return }
            try body(UnsafeBufferPointer(rebasing: buffer[0..<count]))
        }
    }

    /// The size of a regular file in bytes.
    public static func fileSize(_ path: String) throws(SystemError) -> Int64 {
        var info = stat()
        _ = try retryingInterrupts("stat", path) { stat(path, &info) }
        return Int64(info.st_size)
    }

    /// True when `path` names a folder.
    public static func isDirectory(_ path: String) -> Bool {
        var info = stat()
        return stat(path, &info) == 0 && (info.st_mode & S_IFMT) == S_IFDIR
    }

    /// True when `path` names anything.
    public static func exists(_ path: String) -> Bool { access(path, F_OK) == 0 }

    /// Creates `path` and its missing parents (mode 0755).
    public static func makeDirectories(_ path: String) throws(SystemError) {
        var prefix = path.hasPrefix("/") ? "/" : ""
        for part in path.split(separator: "/") {
            prefix += part
            let code = uninterruptedCall("mkdir") { mkdir(prefix, 0o755) }.errno
            if code != 0 && code != EEXIST { throw SystemError(code: code, call: "mkdir", subject: prefix) }
            prefix += "/"
        }
    }

    /// Writes `bytes` to `path` atomically: a temporary file in the same folder, fsync, rename, fsync of the folder.
    /// A reader sees the old content or the new, never a mix, even if the process dies part way.
    public static func writeFileAtomically(_ path: String, _ bytes: [UInt8]) throws(SystemError) {
        // On a throw the writer is dropped uncommitted, which removes its temporary file.
        let writer = try AtomicFileWriter(destination: path)
        try writer.write(bytes)
        try writer.commit()
    }

    private static func writeAll(fd: Int32, _ bytes: [UInt8], subject: String) throws(SystemError) {
        // Array.withUnsafeBytes rethrows untyped errors, so the typed error is carried out by hand.
        var failure: SystemError?
        bytes.withUnsafeBytes { raw in
            var written = 0
            while written < raw.count {
                do throws(SystemError) {
                    written += try retryingInterrupts("write", subject) { write(fd, raw.baseAddress! + written, raw.count - written) }
                } catch {
                    failure = error
                    return
                }
            }
        }
        if let failure { throw failure }
    }

    /// The names in a folder (not `.` or `..`), sorted by bytes.
    public static func listDirectory(_ path: String) throws(SystemError) -> [String] {
        guard let handle = opendir(path) else { throw SystemError(code: errno, call: "opendir", subject: path) }
        defer { closedir(handle) }
        var names: [String] = []
        while let entry = readdir(handle) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(decoding: raw.prefix(while: { $0 != 0 }), as: UTF8.self)
            }
            if name != "." && name != ".." { names.append(name) }
        }
        return names.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
    }

    /// The folder part of a path (`.` for a bare name).
    public static func parentFolder(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        return slash == path.startIndex ? "/" : String(path[..<slash])
    }

    /// The last component of a path, ignoring one trailing slash (`a/b/` is `b`).
    public static func lastComponent(of path: String) -> String {
        let trimmed = path.hasSuffix("/") ? String(path.dropLast()) : path
        return trimmed.split(separator: "/", omittingEmptySubsequences: false).last.map(String.init) ?? trimmed
    }

    /// Writes `text` to standard error (unbuffered, whole, EINTR retried); errors are ignored.
    public static func writeStandardError(_ text: String) {
        guard isStandardErrorOpen else { return }
        try? writeAll(fd: 2, Array(text.utf8), subject: "stderr")
    }

    /// Whether descriptor 2 was open at the first write: a process started with it closed is not a
    /// bug, so its writes are skipped here rather than trapping on EBADF in the choke point.
    private static let isStandardErrorOpen = fcntl(2, F_GETFD) != -1

    /// True when standard error is a terminal (progress lines then redraw in place).
    public static var isStandardErrorTerminal: Bool { isatty(2) == 1 }
}
