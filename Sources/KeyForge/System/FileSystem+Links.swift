import Glibc

extension FileSystem {
    /// What a folder entry is, judged without following a symbolic link.
    public enum EntryKind: Equatable, Sendable {
        /// A regular file.
        case regularFile
        /// A folder.
        case directory
        /// A symbolic link (its target is not looked at).
        case symbolicLink
        /// A Unix-domain socket.
        case socket
        /// A device, a FIFO or anything else.
        case other
    }

    /// The kind of the entry at `path` itself (a link is reported as a link), or nil when there is none.
    /// The corresponding C function is `lstat`.
    public static func entryKind(_ path: String) throws(SystemError) -> EntryKind? {
        var info = stat()
        let (_, code) = uninterruptedCall("lstat") { lstat(path, &info) }
        if code == ENOENT || code == ENOTDIR { return nil }
        if code != 0 { throw SystemError(code: code, call: "lstat", subject: path) }
        switch info.st_mode & S_IFMT {
        case S_IFREG: return .regularFile
        case S_IFDIR: return .directory
        case S_IFLNK: return .symbolicLink
        case S_IFSOCK: return .socket
        default: return .other
        }
    }

    /// Creates a symbolic link at `path` whose content is `target`. The corresponding C function is `symlink`.
    public static func makeSymbolicLink(at path: String, pointingTo target: String) throws(SystemError) {
        _ = try retryingInterrupts("symlink", path) { symlink(target, path) }
    }

    /// Renames `source` to `destination` in one step, replacing what `destination` named.
    /// The corresponding C function is `rename`.
    public static func rename(_ source: String, to destination: String) throws(SystemError) {
        _ = try retryingInterrupts("rename", destination) { Glibc.rename(source, destination) }
    }

    /// The absolute path with every link, `.` and `..` resolved, or nil when it does not resolve.
    /// The corresponding C function is `realpath`.
    public static func resolvedPath(_ path: String) -> String? {
        guard let resolved = realpath(path, nil) else { return nil }
        defer { free(resolved) }
        return String(cString: resolved)
    }
}
