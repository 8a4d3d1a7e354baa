import Glibc

extension FileSystem {
    /// Removes a file (not a folder); a file that is already gone is not an error.
    /// The corresponding C function is `unlink`.
    public static func removeFile(_ path: String) throws(SystemError) {
        if unlink(path) == 0 { return }
        let code = errno
        if code == ENOENT { return }
        throw SystemError(code: code, call: "unlink", subject: path)
    }

    /// Removes a folder if it is empty; true when it was removed, false when it is not empty, is gone or
    /// cannot be removed (the caller only tidies up, so no reason is needed).
    /// The corresponding C function is `rmdir`.
    public static func removeEmptyDirectory(_ path: String) -> Bool {
        rmdir(path) == 0
    }
}
