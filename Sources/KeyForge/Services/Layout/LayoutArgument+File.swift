import KeyForgeCore
import KeyForgeSystem

/// `--layout @FILE`: a layout read from a file of rows (`Layout.parse(rows:)`), or another analyzer's layout
/// file (`CommunityLayout`: Oxeylyzer's .dof, cmini's JSON, genkey's text with its finger rows), for the command line only.
///
/// Kept apart from `resolve` on purpose: a job's start layout is resolved on the hive and the agents,
/// which must never read a path that a client wrote into a job.
extension LayoutArgument {
    /// The largest layout file read, in bytes.
    public static let maxFileBytes = 1 << 20

    /// `@FILE` reads FILE as rows; anything else is `resolve(text)`.
    public static func resolveOption(_ text: String, keyboard: Keyboard, keycodes: KeycodeTable,
                                     thumb: CyanophageErgo.Thumb = .left) throws(InputError) -> (String, Layout) {
        guard text.hasPrefix("@") else { return try resolve(text, keyboard: keyboard, keycodes: keycodes, thumb: thumb) }
        let path = String(text.dropFirst())
        if path.isEmpty { throw InputError(.invalid, source: "--layout", "'@' must be followed by a file name (--layout @my-layout.txt)") }
        let bytes: [UInt8]
        do { bytes = try FileSystem.readFile(path, limit: maxFileBytes) } catch { throw InputError.system(error) }
        guard let content = String(validating: bytes, as: UTF8.self) else {
            throw InputError(.invalid, source: path, "is not UTF-8 text")
        }
        // A .dof or cmini JSON layout, by its content; genkey's text when it is not rows of the board.
        if content.drop(while: { $0.isWhitespace || $0 == "\u{FEFF}" }).first == "{" {
            let read = try CommunityLayout.read(bytes, source: path)
            return (read.name, try read.layout(for: keyboard, keycodes: keycodes, source: path))
        }
        do {
            return (fileLayoutName(path), try Layout.parse(rows: content, for: keyboard, keycodes: keycodes))
        } catch {
            if let read = try? CommunityLayout.read(bytes, source: path), read.format == .genkey, read.fingers != nil,
               let layout = try? read.layout(for: keyboard, keycodes: keycodes, source: path) {
                return (read.name, layout)
            }
            throw InputError.invalid(path, error)
        }
    }

    /// The file's name without folders and extension (`layouts/mine.txt` -> `mine`), the layout's name in reports.
    static func fileLayoutName(_ path: String) -> String {
        let base = path.split(separator: "/").last.map(String.init) ?? path
        let stem = base.split(separator: ".", omittingEmptySubsequences: false).first.map(String.init) ?? base
        return stem.isEmpty ? base : stem
    }
}
