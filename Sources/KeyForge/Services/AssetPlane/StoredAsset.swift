import KeyForgeAdapters
import KeyForgeWire

/// An asset as it is stored in Valkey and served: JSON zstd-compressed, corpus segments as they are,
/// with the SHA-256 of exactly those bytes (what the manifest, the ETag and sync's check use).
public struct StoredAsset: Equatable, Sendable {
    /// The zstd level for JSON assets (small files; deterministic for a given libzstd).
    public static let compressionLevel: Int32 = 19

    /// The asset path, e.g. `keyboards/corne.json`.
    public var path: String
    /// The stored bytes.
    public var bytes: [UInt8]
    /// SHA-256 of `bytes`, lower-case hex.
    public var hash: String

    /// The stored form of a validated file.
    public init(path: String, fileBytes: [UInt8]) throws(InputError) {
        guard let kind = AssetKind(path: path) else { throw InputError(.invalid, source: path, "not an asset path") }
        self.path = path
        if kind.isCompressedForStorage {
            do { bytes = try ZstdCodec.compress(fileBytes, level: Self.compressionLevel) } catch {
                throw InputError(.invalid, source: path, "cannot compress: \(error.message)")
            }
        } else {
            bytes = fileBytes
        }
        hash = SHA256.hex(bytes)
    }

    /// The file's bytes from the stored form (decompressing JSON assets, bounded by `maxFileBytes`).
    public static func fileBytes(path: String, stored: [UInt8], maxFileBytes: Int = AssetLimits.maxFileBytes) throws(InputError) -> [UInt8] {
        guard let kind = AssetKind(path: path) else { throw InputError(.invalid, source: path, "not an asset path") }
        guard kind.isCompressedForStorage else { return stored }
        do { return try ZstdCodec.decompress(stored, maxOutputBytes: maxFileBytes) } catch {
            throw InputError(.invalid, source: path, "stored bytes do not decompress: \(error.message)")
        }
    }
}
