import KeyForgeAdapters
import KeyForgeSystem
import KeyForgeWire

/// Writes assets to Valkey: blob and manifest entry in one MULTI/EXEC, then an `asset_updates` message.
///
/// Only the asset manager uses this (docs/adr/0020-assetmgr-only-writer.md). A reader that sees a manifest
/// entry finds the blob it names: both change in one transaction, so there is no moment with one
/// without the other.
public struct AssetPublisher: Sendable {
    /// The client (pool) it writes through.
    public let client: ValkeyClient

    /// Creates a publisher on `client`.
    public init(client: ValkeyClient) {
        self.client = client
    }

    /// Every manifest entry's hash, by asset path.
    public func manifestHashes() throws(ValkeyError) -> [String: String] {
        let keys = try client.scanKeys(matching: CoordinatorKeyspace.manifestPrefix + "*", batch: 1000)
        return try hashes(of: keys.map { String($0.dropFirst(CoordinatorKeyspace.manifestPrefix.count)) })
    }

    /// The stored hashes of `paths` (absent ones left out), in one pipeline.
    public func hashes(of paths: [String]) throws(ValkeyError) -> [String: String] {
        let keys = paths.map(CoordinatorKeyspace.manifest)
        guard !keys.isEmpty else { return [:] }
        let replies = try client.pipeline(keys.map { ["HGET", $0, "hash"] }, retryIfIdempotent: true)
        var hashes: [String: String] = [:]
        for (path, reply) in zip(paths, replies) {
            if let hash = reply.asString { hashes[path] = hash }
        }
        return hashes
    }

    /// Paths that have a blob key, whether or not the manifest names them (to collect orphans too).
    public func blobPaths() throws(ValkeyError) -> [String] {
        try client.scanKeys(matching: CoordinatorKeyspace.blobPrefix + "*", batch: 1000).map { String($0.dropFirst(CoordinatorKeyspace.blobPrefix.count)) }
    }

    /// Stores `asset` and its manifest entry atomically, then announces it.
    public func publish(_ asset: StoredAsset, updated: Int64) throws(ValkeyError) {
        let commands: [[[UInt8]]] = [
            [bytes("MULTI")],
            [bytes("SET"), bytes(CoordinatorKeyspace.blob(asset.path)), asset.bytes],
            ["HSET", CoordinatorKeyspace.manifest(asset.path), "hash", asset.hash, "size", String(asset.bytes.count),
             "updated", String(updated)].map(bytes),
            [bytes("EXEC")],
            ["PUBLISH", CoordinatorKeyspace.assetUpdatesChannel, asset.path].map(bytes),
        ]
        try runTransaction(commands, what: "publish \(asset.path)")
    }

    /// Deletes an asset's blob and manifest entry atomically, then announces the path.
    public func remove(path: String) throws(ValkeyError) {
        let commands: [[[UInt8]]] = [
            [bytes("MULTI")],
            ["DEL", CoordinatorKeyspace.blob(path), CoordinatorKeyspace.manifest(path)].map(bytes),
            [bytes("EXEC")],
            ["PUBLISH", CoordinatorKeyspace.assetUpdatesChannel, path].map(bytes),
        ]
        try runTransaction(commands, what: "remove \(path)")
    }

    private func runTransaction(_ commands: [[[UInt8]]], what: String) throws(ValkeyError) {
        let replies = try client.withConnection { connection throws(ValkeyError) in try connection.pipeline(bytes: commands) }
        for reply in replies {
            if case .error(let message) = reply { throw .server("\(what): \(message)") }
        }
        // EXEC answers nil when the transaction was aborted; its array holds each command's reply.
        let exec = replies[commands.count - 2]
        guard let results = exec.asArray else { throw .unexpectedReply("\(what): EXEC answered \(exec)") }
        for case .error(let message) in results { throw .server("\(what): \(message)") }
    }

    private func bytes(_ text: String) -> [UInt8] { Array(text.utf8) }
}
