import KeyForgeAdapters

/// The size limits on asset files read from disk or from the asset plane, each checked before the bytes
/// are read or decompressed.
public enum AssetLimits {
    /// The largest asset file read or decompressed (`assetmgr`'s scan and hydration, a stored asset's
    /// bytes), 256 MiB: the largest asset is a corpus segment, so this is the largest segment the decoder
    /// accepts, and no file the decoder would refuse is read whole first.
    public static let maxFileBytes = CorpusSegmentLimits.defaultMaxCompressedBytes

    /// The largest JSON asset file read (a keyboard, a rubric, the keycode table), 16 MiB: shipped ones
    /// are a few KiB, so this allows boards with thousands of keys while bounding what a wrong path (a
    /// corpus, a log) makes the client read.
    public static let maxJSONFileBytes = 16 << 20
}
