import Glibc
import KeyForgeServices
import KeyForgeSystem

/// `keyforge --install DIR`: symlinks named after each role, pointing at this binary.
enum Installer {
    /// Makes DIR (if needed) and the links `hive`, `assets`, `assetmgr`, `agent` (and `keyforge` when
    /// the binary lives elsewhere): relative when the binary is in DIR, else absolute. An existing
    /// symlink is replaced atomically; a regular file is never overwritten.
    static func install(into directory: String) -> Int32 {
        guard let binary = selfPath() else {
            printError("keyforge: --install: cannot read /proc/self/exe")
            return ExitStatus.ioError
        }
        do throws(SystemError) {
            try FileSystem.makeDirectories(directory)
        } catch {
            printError("keyforge: --install: \(error)")
            return ExitStatus.ioError
        }
        var names = Role.allCases.filter { $0 != .client }.map(\.rawValue)
        let target = "\(directory)/keyforge"
        if realPath(target) != realPath(binary) { names.append("keyforge") }
        // Beside the binary, a link names it relatively, so the folder can move (DESTDIR staging, a
        // container root) without breaking the links.
        let binaryFolder = String(binary[..<(binary.lastIndex(of: "/") ?? binary.startIndex)])
        let linkTarget = realPath(directory) == realPath(binaryFolder.isEmpty ? "/" : binaryFolder)
            ? String(binary[binary.index(after: binary.lastIndex(of: "/") ?? binary.startIndex)...]) : binary
        for name in names {
            let link = "\(directory)/\(name)"
            if let kind = (try? FileSystem.entryKind(link)) ?? nil, kind != .symbolicLink {
                printError("keyforge: --install: \(link) exists and is not a symlink; leaving it alone")
                return ExitStatus.ioError
            }
            let temporary = "\(link).tmp-\(SystemInfo.processID)"
            try? FileSystem.removeFile(temporary)
            do throws(SystemError) {
                try FileSystem.makeSymbolicLink(at: temporary, pointingTo: linkTarget)
                try FileSystem.rename(temporary, to: link)
            } catch {
                try? FileSystem.removeFile(temporary)
                printError("keyforge: --install: \(link): \(error.reason)")
                return ExitStatus.ioError
            }
            print("\(link) -> \(linkTarget)")
        }
        return ExitStatus.ok
    }

    private static func selfPath() -> String? { realPath("/proc/self/exe") }

    private static func realPath(_ path: String) -> String? { FileSystem.resolvedPath(path) }
}
