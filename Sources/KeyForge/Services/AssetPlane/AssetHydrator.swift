import KeyForgeAdapters
import KeyForgeCore
import KeyForgeSystem

/// What one hydration or update pass did.
public struct HydrationReport: Equatable, Sendable {
    /// Paths stored because they were new or changed.
    public var published: [String] = []
    /// Paths whose stored hash already matched.
    public var unchanged = 0
    /// Paths whose keys were collected because their file is gone.
    public var removed: [String] = []
    /// Files that failed validation, with the reason; their previous valid version (if any) stays.
    public var invalid: [InputError] = []
    /// Files under the data folder that are not assets (skipped).
    public var ignored: [String] = []

    /// Creates an empty report.
    public init() {}
}

/// Brings Valkey in line with a data folder: validate, store what changed, collect what is gone.
public struct AssetHydrator: Sendable {
    /// The largest asset file read.
    public static let maxFileBytes = 256 << 20

    /// The data folder (its layout is docs/ARCHITECTURE.md section 6's `data/system`).
    public let dataFolder: String
    /// The writer.
    public let publisher: AssetPublisher
    /// The unix time for `updated` fields (a parameter for tests).
    public let now: @Sendable () -> Double

    /// Creates a hydrator of `dataFolder` through `publisher`.
    public init(dataFolder: String, publisher: AssetPublisher, now: @escaping @Sendable () -> Double = WallClock.unixSeconds) {
        self.dataFolder = dataFolder
        self.publisher = publisher
        self.now = now
    }

    /// A full pass: every file validated, changed ones stored, keys of vanished files collected.
    public func hydrate() throws(ValkeyError) -> HydrationReport {
        var report = HydrationReport()
        let scan: AssetFolderScan
        do { scan = try AssetFolderScan(root: dataFolder) } catch {
            report.invalid.append(.system(error))
            return report
        }
        report.ignored = scan.ignored
        let stored = try publisher.manifestHashes()
        try update(paths: scan.assets, stored: stored, into: &report)
        let present = Set(scan.assets)
        let orphans = Set(stored.keys).union(try publisher.blobPaths()).subtracting(present)
        for path in orphans.sorted() {
            try publisher.remove(path: path)
            report.removed.append(path)
        }
        return report
    }

    /// An incremental pass over `paths` (relative): each existing one is validated and stored if
    /// changed; each missing one is collected.
    public func update(paths: [String]) throws(ValkeyError) -> HydrationReport {
        var report = HydrationReport()
        // Only the changed paths' entries: a one-file edit must not scan the whole manifest.
        let stored = try publisher.hashes(of: paths)
        var existing: [String] = []
        for path in paths.sorted() {
            guard AssetKind(path: path) != nil else { report.ignored.append(path); continue }
            if FileSystem.exists("\(dataFolder)/\(path)") {
                existing.append(path)
            } else if stored[path] != nil {
                try publisher.remove(path: path)
                report.removed.append(path)
            }
        }
        try update(paths: existing, stored: stored, into: &report)
        return report
    }

    private func update(paths: [String], stored: [String: String], into report: inout HydrationReport) throws(ValkeyError) {
        let validator: AssetValidator
        do { validator = try AssetValidator.forDataFolder(dataFolder) } catch {
            report.invalid.append(error)
            return
        }
        for path in paths {
            let asset: StoredAsset
            do throws(InputError) {
                let bytes: [UInt8]
                do { bytes = try FileSystem.readFile("\(dataFolder)/\(path)", limit: Self.maxFileBytes) } catch {
                    throw InputError.system(error)
                }
                try validator.validate(path: path, bytes: bytes)
                asset = try StoredAsset(path: path, fileBytes: bytes)
            } catch {
                report.invalid.append(InputError(error.kind, source: path, error.message))
                continue
            }
            if stored[path] == asset.hash {
                report.unchanged += 1
                continue
            }
            try publisher.publish(asset, updated: Int64(now()))
            report.published.append(path)
        }
    }
}

/// The asset files under a data folder (relative paths, sorted), and the other files found there.
public struct AssetFolderScan: Sendable {
    /// Files that are assets by their place (`AssetKind`).
    public var assets: [String] = []
    /// Files that are not (README files, editor leftovers), skipped.
    public var ignored: [String] = []

    /// Walks `root` recursively (hidden entries are skipped: editors' temporary files start with a dot).
    public init(root: String) throws(SystemError) {
        var pending = [""]
        while let relative = pending.popLast() {
            let folder = relative.isEmpty ? root : "\(root)/\(relative)"
            for name in try FileSystem.listDirectory(folder) where !name.hasPrefix(".") {
                let path = relative.isEmpty ? name : "\(relative)/\(name)"
                if FileSystem.isDirectory("\(root)/\(path)") {
                    pending.append(path)
                } else if AssetKind(path: path) != nil {
                    assets.append(path)
                } else {
                    ignored.append(path)
                }
            }
        }
        assets.sort()
        ignored.sort()
    }
}
