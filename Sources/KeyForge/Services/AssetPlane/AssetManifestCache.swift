import KeyForgeAdapters
import KeyForgeSystem
import Synchronization

/// The assets server's view of the manifest (path -> hash and size) and a bounded cache of blobs.
///
/// Refreshed from Valkey when `asset_updates` says something changed, after every resubscription
/// (messages may have been lost), and every `refreshInterval` in any case: pub/sub is at most once.
/// Blobs are cached by hash (so a changed asset is a different key) and only once verified.
public final class AssetManifestCache: Sendable {
    /// The default bound on cached blob bytes.
    public static let defaultMaxCachedBytes = 128 << 20

    private struct State {
        var entries: [String: ManifestEntry] = [:]
        var loadedAt: Double?
        var lastError: String?
        var blobs: [String: [UInt8]] = [:]
        var blobOrder: [String] = []
        var blobBytes = 0
    }

    private let state = Locked(State())
    private let isDirty = Atomic<Bool>(true)
    private let maxCachedBytes: Int

    /// Creates an empty cache.
    public init(maxCachedBytes: Int = AssetManifestCache.defaultMaxCachedBytes) {
        self.maxCachedBytes = maxCachedBytes
    }

    /// Marks the manifest stale (an `asset_updates` message, a resubscription).
    public func markDirty() { isDirty.store(true, ordering: .releasing) }

    /// Takes the stale flag (true once per `markDirty`).
    public func takeDirty() -> Bool { isDirty.exchange(false, ordering: .acquiringAndReleasing) }

    /// Replaces the manifest with `entries`.
    public func replace(_ entries: [String: ManifestEntry], at time: Double) {
        state.withLock { state in
            state.entries = entries
            state.loadedAt = time
            state.lastError = nil
            // Blobs whose hash no entry names any more are dropped.
            let live = Set(entries.values.map(\.hash))
            state.blobOrder.removeAll { hash in
                guard !live.contains(hash) else { return false }
                state.blobBytes -= state.blobs.removeValue(forKey: hash)?.count ?? 0
                return true
            }
        }
    }

    /// Records that a refresh failed (the old manifest stays in use).
    public func refreshFailed(_ message: String) { state.withLock { $0.lastError = message } }

    /// The entry for `path`, if the manifest has it.
    public func entry(_ path: String) -> ManifestEntry? { state.withLock { $0.entries[path] } }

    /// Every path and its hash.
    public var hashes: [String: String] { state.withLock { $0.entries.mapValues(\.hash) } }

    /// When the manifest was last loaded, and the last refresh error if the latest one failed.
    public var status: (loadedAt: Double?, count: Int, lastError: String?) {
        state.withLock { ($0.loadedAt, $0.entries.count, $0.lastError) }
    }

    /// Why the server is not ready to serve the manifest, or nil when it is: a manifest that was never
    /// loaded, or one that lists nothing (Valkey restarted empty while assetmgr is away). An empty manifest
    /// is never served as "no assets", or every `keyforge sync` would delete its mirror.
    public var notReadyReason: String? {
        state.withLock { state in
            if state.loadedAt == nil { return "the manifest has not been loaded from Valkey yet" }
            if state.entries.isEmpty { return "the manifest in Valkey is empty (is assetmgr running?)" }
            return nil
        }
    }

    /// A cached, verified blob by hash.
    public func blob(hash: String) -> [UInt8]? { state.withLock { $0.blobs[hash] } }

    /// Caches a verified blob, evicting the oldest ones past the byte bound (a blob larger than the bound is not kept).
    public func store(blob: [UInt8], hash: String) {
        guard blob.count <= maxCachedBytes else { return }
        state.withLock { state in
            guard state.blobs[hash] == nil else { return }
            state.blobs[hash] = blob
            state.blobOrder.append(hash)
            state.blobBytes += blob.count
            while state.blobBytes > maxCachedBytes, !state.blobOrder.isEmpty {
                let oldest = state.blobOrder.removeFirst()
                state.blobBytes -= state.blobs.removeValue(forKey: oldest)?.count ?? 0
            }
        }
    }
}
