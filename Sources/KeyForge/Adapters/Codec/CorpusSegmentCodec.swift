/// Reads and writes corpus segment files (`<kind>.mpk.zst`): one zstd frame holding a MessagePack
/// array of maps, one map per record, in file order.
///
/// Bytes in, values out: no file I/O here. Encoding is deterministic (same records, kind and level
/// give the same bytes); decoding treats its input as hostile and reports every problem as a
/// `CorpusSegmentError` naming the record and key at fault.
public enum CorpusSegmentCodec {
    /// Encodes `records` as a compressed segment of `kind`, in the order given.
    ///
    /// Records that a decoder with the same `limits` would refuse (wrong symbol count, empty or
    /// oversized symbols, negative or oversized counts, too many records) are refused here.
    public static func encode(
        _ records: [CorpusSegmentRecord], kind: CorpusSegmentKind, level: Int32 = 19,
        limits: CorpusSegmentLimits = .standard
    ) throws(CorpusSegmentError) -> [UInt8] {
        let messagePack = try encodeMessagePack(records, kind: kind, limits: limits)
        let compressed = try ZstdCodec.compress(messagePack, level: level)
        guard compressed.count <= limits.maxCompressedBytes else {
            throw CorpusSegmentError(
                "segment is \(compressed.count) bytes compressed, above the limit of \(limits.maxCompressedBytes)")
        }
        return compressed
    }

    /// Decodes a compressed segment of `kind` into its records, in file order.
    public static func decode(
        _ bytes: [UInt8], kind: CorpusSegmentKind, limits: CorpusSegmentLimits = .standard
    ) throws(CorpusSegmentError) -> [CorpusSegmentRecord] {
        guard bytes.count <= limits.maxCompressedBytes else {
            throw CorpusSegmentError(
                "segment is \(bytes.count) bytes compressed, above the limit of \(limits.maxCompressedBytes)")
        }
        let messagePack = try ZstdCodec.decompress(bytes, maxOutputBytes: limits.maxDecompressedBytes)
        return try decodeMessagePack(messagePack, kind: kind, limits: limits)
    }

    /// Checks one record against the segment rules shared by encoder and decoder; the message
    /// names the record by its index in the array.
    static func validate(
        _ record: CorpusSegmentRecord, index: Int, kind: CorpusSegmentKind, limits: CorpusSegmentLimits
    ) throws(CorpusSegmentError) {
        guard record.symbols.count == kind.arity else {
            throw CorpusSegmentError(
                "record \(index): \(record.symbols.count) symbols, a \(kind.rawValue) record has \(kind.arity)")
        }
        for (key, symbol) in zip(kind.symbolKeys, record.symbols) {
            try validateSymbol(byteCount: symbol.utf8.count, key: key, index: index, limits: limits)
        }
        try validateFrequency(record.freq, index: index, limits: limits)
    }

    /// Checks a symbol's length in UTF-8 bytes: not empty, not above the limit.
    static func validateSymbol(
        byteCount: Int, key: String, index: Int, limits: CorpusSegmentLimits
    ) throws(CorpusSegmentError) {
        guard byteCount > 0 else {
            throw CorpusSegmentError("record \(index): \"\(key)\" is empty")
        }
        guard byteCount <= limits.maxSymbolBytes else {
            throw CorpusSegmentError(
                "record \(index): \"\(key)\" is \(byteCount) bytes, above the limit of \(limits.maxSymbolBytes)")
        }
    }

    /// Checks a count: not negative, not above the limit.
    static func validateFrequency(
        _ freq: Int64, index: Int, limits: CorpusSegmentLimits
    ) throws(CorpusSegmentError) {
        guard freq >= 0 else {
            throw CorpusSegmentError("record \(index): freq \(freq) is negative")
        }
        guard freq <= limits.maxFrequency else {
            throw CorpusSegmentError("record \(index): freq \(freq) is above the limit of \(limits.maxFrequency)")
        }
    }
}
