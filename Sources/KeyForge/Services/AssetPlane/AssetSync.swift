import KeyForgeAdapters
import KeyForgeSystem
import KeyForgeWire

/// What one sync did.
public struct AssetSyncReport: Sendable {
    /// Assets downloaded, verified and written.
    public var downloaded: [String] = []
    /// Assets already up to date.
    public var unchanged = 0
    /// Assets removed because the server no longer lists them.
    public var removed: [String] = []
    /// Assets that failed (download, checksum, validation); their previous file, if any, is kept.
    public var failed: [(path: String, reason: String)] = []
    /// Manifest entries refused before any download (unsafe paths, malformed hashes).
    public var rejected: [String] = []

    /// Creates an empty report.
    public init() {}
}

/// Why a sync could not run at all.
public enum AssetSyncError: Error, Sendable, CustomStringConvertible {
    /// The assets server could not be reached: the cached assets stay in use.
    case offline(String)
    /// The server answered, but not with a manifest.
    case badManifest(String)
    /// The server has no manifest to give (503, or one listing nothing: Valkey restarted empty while
    /// assetmgr is away). Nothing was changed: the cached assets stay in use.
    case notReady(String)

    /// A sentence for people.
    public var description: String {
        switch self {
        case .offline(let reason): return "offline: \(reason)"
        case .badManifest(let reason): return "the assets server's manifest is unusable: \(reason)"
        case .notReady(let reason): return "the assets server is not ready: \(reason); nothing was changed"
        }
    }
}

/// The client side of the asset plane: mirror the server's assets into a local folder, verified.
///
/// Every file is downloaded to a staging file with its SHA-256 checked on the way, then (JSON
/// assets) decompressed, validated with the domain model, and written atomically into place; a
/// file that fails any step leaves the previous version untouched. `.sync-manifest.json` records
/// the stored hash of each file this sync wrote, so the next run fetches only what changed.
public struct AssetSync: Sendable {
    /// The record of synced files, inside the folder.
    public static let recordName = ".sync-manifest.json"
    /// Where downloads land before they are checked, inside the folder.
    public static let stagingName = ".staging"
    /// The largest manifest accepted.
    public static let maxManifestBytes = 16 << 20

    /// One step, for progress display.
    public struct Progress: Sendable {
        /// 1-based index of the asset among those to download.
        public var index: Int
        /// How many assets are to be downloaded.
        public var total: Int
        /// The asset path.
        public var path: String
        /// Its stored size in bytes, once downloaded.
        public var bytes: Int64
    }

    /// The assets server, e.g. `http://127.0.0.1:3001`.
    public let baseURL: String
    /// The local folder mirrored into (`<workspace>/system`).
    public let folder: String
    /// The HTTP client.
    public let client: HTTPClient

    /// Creates a sync of `baseURL` into `folder`.
    public init(baseURL: String, folder: String, client: HTTPClient) {
        self.baseURL = baseURL.hasSuffix("/") ? String(baseURL.dropLast()) : baseURL
        self.folder = folder
        self.client = client
    }

    /// Fetches the manifest and brings the folder in line with it.
    public func run(progress: (Progress) -> Void = { _ in }) throws(AssetSyncError) -> AssetSyncReport {
        var report = AssetSyncReport()
        let manifest = try fetchManifest(&report)
        do { try FileSystem.makeDirectories("\(folder)/\(Self.stagingName)") } catch {
            throw .badManifest("cannot create \(folder): \(error)")
        }
        var record = loadRecord()
        let wanted = manifest.keys.sorted().filter { record[$0] != manifest[$0] || !FileSystem.exists("\(folder)/\($0)") }
        report.unchanged = manifest.count - wanted.count
        // Read the keycodes once; again only after a new keycodes file (sorted first) has landed.
        var validator: AssetValidator
        do { validator = try AssetValidator.forDataFolder(folder) } catch { throw .badManifest("no keycode table: \(error)") }
        for (index, path) in wanted.enumerated() {
            let hash = manifest[path]!
            // Forget the file's old hash before replacing it: killed between the rename and the record's
            // update, a record still naming the old hash would later match a manifest that went back to
            // it, and the new bytes would stay. Without an entry, the next run fetches the file again.
            if record.removeValue(forKey: path) != nil { saveRecord(record) }
            do throws(InputError) {
                let bytes = try fetch(path, hash: hash, validator: validator)
                if AssetKind(path: path) == .keycodes { validator = try AssetValidator.forDataFolder(folder) }
                record[path] = hash
                saveRecord(record)
                report.downloaded.append(path)
                progress(Progress(index: index + 1, total: wanted.count, path: path, bytes: bytes))
            } catch {
                report.failed.append((path, error.message))
            }
        }
        for path in record.keys.sorted() where manifest[path] == nil {
            _ = try? FileSystem.removeFile("\(folder)/\(path)")
            removeEmptyFolders(above: path)
            record[path] = nil
            report.removed.append(path)
        }
        saveRecord(record)
        return report
    }

    /// The server's manifest, each entry checked: a safe asset path and a 64-hex-digit hash.
    private func fetchManifest(_ report: inout AssetSyncReport) throws(AssetSyncError) -> [String: String] {
        let response: HTTPClientResponse
        do { response = try client.send(.get("\(baseURL)/manifest")) } catch {
            if error.isTransient { throw .offline(error.description) }
            throw .badManifest(error.description)
        }
        if response.status == 503 { throw .notReady("GET /manifest answered 503 (\(Self.errorText(response.body)))") }
        guard response.status == 200 else { throw .badManifest("GET /manifest answered \(response.status)") }
        guard response.body.count <= Self.maxManifestBytes else { throw .badManifest("larger than \(Self.maxManifestBytes) bytes") }
        let files: JSONObject
        do {
            guard let object = try JSONParser.parse(response.body).objectValue?["files"]?.objectValue else {
                throw AssetSyncError.badManifest("no \"files\" object")
            }
            files = object
        } catch let error as AssetSyncError {
            throw error
        } catch {
            throw .badManifest("malformed JSON: \(error)")
        }
        var manifest: [String: String] = [:]
        for (path, value) in files.members {
            // Never trust a path from the network: it must be an asset path (no traversal, no absolute
            // path, no hidden file), or it is refused before anything is fetched or written.
            guard AssetKind(path: path) != nil, let hash = value.stringValue, Self.isSHA256Hex(hash) else {
                report.rejected.append(path)
                continue
            }
            manifest[path] = hash
        }
        // An empty manifest is never "delete everything": that is a server without its assets, not a
        // decision to remove them (a removal of some assets still arrives as a shorter, non-empty list).
        guard !manifest.isEmpty else { throw .notReady("the manifest lists no usable asset") }
        return manifest
    }

    /// The `error` member of a JSON error body, or a note that there was none.
    private static func errorText(_ body: [UInt8]) -> String {
        (try? JSONParser.parse(body))?.objectValue?["error"]?.stringValue ?? "no reason given"
    }

    /// Removes the folders of `path` that its removal left empty, up to the mirror's root, so an empty
    /// `keyboards/` or `corpora/text/en_std/` never shadows the embedded defaults (docs/ARCHITECTURE.md section 6).
    private func removeEmptyFolders(above path: String) {
        var parts = path.split(separator: "/").dropLast()
        while !parts.isEmpty {
            guard FileSystem.removeEmptyDirectory("\(folder)/\(parts.joined(separator: "/"))") else { return }
            parts.removeLast()
        }
    }

    /// Downloads, verifies, validates and places one asset; returns its stored size.
    private func fetch(_ path: String, hash: String, validator: AssetValidator) throws(InputError) -> Int64 {
        let staging = "\(folder)/\(Self.stagingName)/\(path.replacingSlashes())"
        defer { _ = try? FileSystem.removeFile(staging) }
        let download: HTTPClientDownload
        do { download = try client.download(url: "\(baseURL)/data/\(path)", to: staging, expectedSHA256: hash) } catch {
            throw InputError(.io, source: path, error.description)
        }
        let stored: [UInt8]
        do { stored = try FileSystem.readFile(staging) } catch { throw .system(error) }
        let fileBytes = try StoredAsset.fileBytes(path: path, stored: stored)
        try validator.validate(path: path, bytes: fileBytes)
        do {
            try FileSystem.makeDirectories(FileSystem.parentFolder(of: "\(folder)/\(path)"))
            try FileSystem.writeFileAtomically("\(folder)/\(path)", fileBytes)
        } catch {
            throw .system(error)
        }
        return download.byteCount
    }

    /// The hashes this sync wrote last time (an unreadable record counts as empty: everything is re-checked).
    public func loadRecord() -> [String: String] {
        guard let bytes = try? FileSystem.readFile("\(folder)/\(Self.recordName)", limit: Self.maxManifestBytes),
              let files = (try? JSONParser.parse(bytes))?.objectValue?["files"]?.objectValue else { return [:] }
        var record: [String: String] = [:]
        for (path, value) in files.members { if let hash = value.stringValue { record[path] = hash } }
        return record
    }

    private func saveRecord(_ record: [String: String]) {
        var files = JSONObject()
        for (path, hash) in record.sorted(by: { $0.key < $1.key }) { files.append(path, .string(hash)) }
        var object = JSONObject()
        object.append("files", .object(files))
        try? FileSystem.writeFileAtomically("\(folder)/\(Self.recordName)", Array(JSONWriter.write(.object(object), pretty: true).utf8))
    }

    static func isSHA256Hex(_ text: String) -> Bool {
        text.utf8.count == 64 && text.utf8.allSatisfy { (48...57).contains($0) || (97...102).contains($0) }
    }
}

extension String {
    /// The path with `/` replaced by `__`, for a flat staging folder.
    func replacingSlashes() -> String { split(separator: "/").joined(separator: "__") }
}
