import Glibc
import KeyForgeSystem

/// The files a verb writes at the user's request (`--out`, `--svg`, `--png`): checked before any
/// long work, and written so that a failure names the path the user gave (never the temporary
/// `.tmp-PID-N` file the atomic write goes through) with exit 73 (EX_CANTCREAT).
package enum OutputFile {
    /// Fails with `.cannotCreate` unless `path` can be created now: not empty, not a folder, in a
    /// folder that exists and takes a new file. The last is tried for real (a probe file is created
    /// and removed next to `path`), so a read-only file system or a folder the user may not write
    /// fails here too, whoever runs the command.
    package static func check(_ path: String, option: String) throws(InputError) {
        guard !path.isEmpty else { throw InputError(.cannotCreate, source: option, "the output path is empty") }
        let folder = folder(of: path)
        var info = stat()
        if stat(path, &info) == 0 && (info.st_mode & S_IFMT) == S_IFDIR {
            throw InputError(.cannotCreate, source: path, "cannot create \(option) file: it is a folder")
        }
        guard stat(folder, &info) == 0 else {
            let reason = errno == ENOTDIR ? "a part of its folder \(folder) is not a folder" : "its folder \(folder) does not exist"
            throw InputError(.cannotCreate, source: path, "cannot create \(option) file: \(reason)")
        }
        guard (info.st_mode & S_IFMT) == S_IFDIR else {
            throw InputError(.cannotCreate, source: path, "cannot create \(option) file: \(folder) is not a folder")
        }
        let probe = (folder == "/" ? "" : folder) + "/.keyforge-probe-\(getpid())"
        let descriptor = open(probe, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else {
            let reason = String(cString: strerror(errno))
            throw InputError(.cannotCreate, source: path, "cannot create \(option) file in \(folder): \(reason)")
        }
        close(descriptor)
        unlink(probe)
    }

    /// Writes `bytes` to `path` atomically; any failure is `.cannotCreate` naming `path`.
    package static func write(_ path: String, _ bytes: [UInt8]) throws(InputError) {
        do {
            try FileSystem.writeFileAtomically(path, bytes)
        } catch {
            throw InputError(.cannotCreate, source: path, "cannot write it: \(error.reason)")
        }
    }

    /// The folder `path` is created in: `.` for a bare name, `/` for a name at the root.
    package static func folder(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        let folder = String(path[..<slash])
        return folder.isEmpty ? "/" : folder
    }
}
