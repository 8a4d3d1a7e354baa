import CShims

extension CorpusSegmentCodec {
    /// Encodes `records` as the uncompressed MessagePack of a segment: an array of maps whose keys
    /// come in the kind's order, symbols as str, counts as the smallest unsigned integer encoding.
    ///
    /// Refuses what `decodeMessagePack` with the same `limits` would refuse, including output
    /// beyond `maxDecompressedBytes` (checked as it grows, so memory stays within that bound).
    public static func encodeMessagePack(
        _ records: [CorpusSegmentRecord], kind: CorpusSegmentKind, limits: CorpusSegmentLimits = .standard
    ) throws(CorpusSegmentError) -> [UInt8] {
        guard records.count <= limits.maxRecords, records.count <= Int(UInt32.max) else {
            throw CorpusSegmentError("\(records.count) records, above the limit of \(limits.maxRecords)")
        }
        for (index, record) in records.enumerated() {
            try validate(record, index: index, kind: kind, limits: limits)
        }
        var sink = Sink(limit: limits.maxDecompressedBytes)
        withUnsafeMutablePointer(to: &sink) { sinkPointer in
            var packer = msgpack_packer()
            msgpack_packer_init(&packer, sinkPointer, { context, data, length in
                let sink = context!.assumingMemoryBound(to: Sink.self)
                guard sink.pointee.bytes.count + length <= sink.pointee.limit else {
                    sink.pointee.isOverLimit = true
                    return -1
                }
                sink.pointee.bytes.append(contentsOf: UnsafeRawBufferPointer(start: data, count: length))
                return 0
            })
            var status = msgpack_pack_array(&packer, records.count)
            let keys = kind.symbolKeys
            for record in records where status == 0 {
                status |= msgpack_pack_map(&packer, kind.arity + 1)
                for (key, symbol) in zip(keys, record.symbols) {
                    status |= pack(key, into: &packer)
                    status |= pack(symbol, into: &packer)
                }
                status |= pack(CorpusSegmentKind.frequencyKey, into: &packer)
                status |= msgpack_pack_uint64(&packer, UInt64(record.freq))
            }
        }
        guard !sink.isOverLimit else {
            throw CorpusSegmentError(
                "encoded MessagePack would exceed the limit of \(limits.maxDecompressedBytes) bytes")
        }
        return sink.bytes
    }

    /// Packs a string as MessagePack str: header, then its UTF-8 bytes.
    private static func pack(_ string: String, into packer: inout msgpack_packer) -> Int32 {
        var string = string
        return string.withUTF8 { utf8 in
            msgpack_pack_str(&packer, utf8.count) | msgpack_pack_str_body(&packer, utf8.baseAddress, utf8.count)
        }
    }

    /// Where msgpack-c's write callback appends, refusing to grow past `limit` bytes.
    private struct Sink {
        var bytes: [UInt8] = []
        let limit: Int
        var isOverLimit = false
    }
}
