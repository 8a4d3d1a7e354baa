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
}
