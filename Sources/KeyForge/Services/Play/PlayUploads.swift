import KeyForgeCore
import KeyForgeSystem
import KeyForgeWire

/// Boards made from files dropped on the playground (`POST /api/boards/import`): each imported by
/// `BoardImport`, the code `keyboard import` runs, and kept in memory only, under an id derived from
/// what was imported (`upload-` and 12 hex digits of SHA-256), so the same file gives the same id.
/// At most `capacity` are kept; the oldest goes first. Nothing is written to disk.
package final class PlayUploads: Sendable {
    /// One imported board.
    package struct Upload: Sendable {
        /// `upload-<12 hex>`: the board's name and the id every route takes as `keyboard`.
        package var id: String
        package var keyboard: Keyboard
        /// Which reader took the file.
        package var format: BoardImport.Format
        /// The import's `guessed:` lines, without the prefix.
        package var guesses: [String]
    }

    /// How many uploaded boards are kept.
    package static let capacity = 32
    /// The largest file taken.
    package static let maxBytes = 1 << 20
    /// The id prefix.
    package static let prefix = "upload-"

    private let boards = Locked<[Upload]>([])

    package init() {}

    /// True when `name` has the shape of an upload id.
    package static func isUploadID(_ name: String) -> Bool {
        guard name.hasPrefix(prefix) else { return false }
        let digits = name.utf8.dropFirst(prefix.utf8.count)
        return digits.count == 12 && digits.allSatisfy { (48...57).contains($0) || (97...102).contains($0) }
    }

    /// The board called `id`; a missing one is an error that says uploads live in memory only.
    package func keyboard(_ id: String) throws(InputError) -> Keyboard {
        guard let upload = upload(id) else {
            throw InputError(.missing, source: id, "no such uploaded board: uploads are kept in memory only (the \(Self.capacity) latest, until the server stops); drop the file again")
        }
        return upload.keyboard
    }

    /// The upload called `id`, if still kept.
    package func upload(_ id: String) -> Upload? {
        boards.withLock { list in list.first { $0.id == id } }
    }

    /// The ids kept, oldest first.
    package var ids: [String] { boards.withLock { $0.map(\.id) } }

    /// Imports `bytes` (`format` nil: detected) and keeps the board; answers it and the id dropped to stay
    /// within the bound, if any. A file the import refuses is its `InputError`, and nothing is kept.
    package func add(_ bytes: [UInt8], format: BoardImport.Format?, fileName: String, layoutMacro: String?,
                     keycodes: KeycodeTable) throws(InputError) -> (Upload, dropped: String?) {
        guard !bytes.isEmpty else { throw InputError(.invalid, source: fileName, "the file is empty") }
        guard bytes.count <= Self.maxBytes else { throw InputError(.invalid, source: fileName, "the file is over \(Self.maxBytes) bytes") }
        let chosen = format ?? BoardImport.Format.detect(bytes)
        var hash = SHA256()
        hash.update(Array("\(chosen.rawValue)\u{0}\(layoutMacro ?? "")\u{0}".utf8))
        hash.update(bytes)
        let id = Self.prefix + String(hash.finalizeHex().prefix(12))
        if let kept = upload(id) { return (kept, nil) }
        var request = BoardImport.Request(format: chosen, source: fileName, name: id)
        request.layoutMacro = layoutMacro
        let result = try BoardImport.run(bytes, request, keycodes: keycodes)
        let upload = Upload(id: id, keyboard: result.keyboard, format: chosen, guesses: result.guesses)
        let dropped = boards.withLock { list -> String? in
            list.removeAll { $0.id == id }
            list.append(upload)
            return list.count > Self.capacity ? list.removeFirst().id : nil
        }
        return (upload, dropped)
    }
}
