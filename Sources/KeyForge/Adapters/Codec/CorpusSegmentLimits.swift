/// Upper bounds on a corpus segment, each checked before anything of that size is allocated.
public struct CorpusSegmentLimits: Sendable {
    /// The default largest compressed segment, 256 MiB: shipped segments are well under 1 MiB, so this
    /// leaves room for corpora built from far more text while keeping one read bounded.
    public static let defaultMaxCompressedBytes = 256 << 20
    /// The default largest decompressed segment, 512 MiB: twice the compressed cap, the most one segment
    /// may make a reader allocate before its records are even counted.
    public static let defaultMaxDecompressedBytes = 512 << 20

    /// The largest compressed segment (`.mpk.zst` bytes) accepted.
    public var maxCompressedBytes: Int
    /// The largest decompressed MessagePack accepted; a zstd frame declaring more is refused from
    /// its header, and a frame of unknown size is refused once it would grow past this.
    public var maxDecompressedBytes: Int
    /// The most records one segment may hold.
    public var maxRecords: Int
    /// The longest symbol (or word), in UTF-8 bytes.
    public var maxSymbolBytes: Int
    /// The largest count a record may carry.
    public var maxFrequency: Int64

    /// Makes limits; every argument defaults to the value in `standard`.
    public init(
        maxCompressedBytes: Int = CorpusSegmentLimits.defaultMaxCompressedBytes,
        maxDecompressedBytes: Int = CorpusSegmentLimits.defaultMaxDecompressedBytes,
        maxRecords: Int = 20_000_000,
        maxSymbolBytes: Int = 256,
        maxFrequency: Int64 = 1 << 40
    ) {
        self.maxCompressedBytes = maxCompressedBytes
        self.maxDecompressedBytes = maxDecompressedBytes
        self.maxRecords = maxRecords
        self.maxSymbolBytes = maxSymbolBytes
        self.maxFrequency = maxFrequency
    }

    /// The limits for shipped and downloaded corpora: 256 MiB compressed, 512 MiB decompressed,
    /// 20 million records, 256-byte symbols, counts up to 2^40.
    public static let standard = CorpusSegmentLimits()

    /// The most bytes one well-formed record can take, even written with the widest MessagePack
    /// headers (map32, str32, uint64): 16 bytes of map header and slack, and per entry a key of at
    /// most 10 bytes plus a value of at most `5 + maxSymbolBytes`.
    func maxRecordBytes(for kind: CorpusSegmentKind) -> Int {
        16 + (kind.arity + 1) * (16 + max(maxSymbolBytes, 0))
    }
}
