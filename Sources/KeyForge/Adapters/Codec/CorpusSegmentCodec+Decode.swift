import CShims

extension CorpusSegmentCodec {
    /// Decodes the uncompressed MessagePack of a segment into its records, in file order.
    ///
    /// The top-level array header is read here and its count checked against `maxRecords` and the
    /// bytes present before anything is reserved. Each record is then bounded by the skimmer (no
    /// declared count beyond the bytes present, no deep nesting, no more bytes than a well-formed
    /// record can take) and only then parsed by msgpack-c (`msgpack_unpack_next`, one zone per
    /// record, freed at once), so hostile input never makes msgpack-c allocate in proportion to
    /// the sizes it claims.
    public static func decodeMessagePack(
        _ bytes: [UInt8], kind: CorpusSegmentKind, limits: CorpusSegmentLimits = .standard
    ) throws(CorpusSegmentError) -> [CorpusSegmentRecord] {
        guard bytes.count <= limits.maxDecompressedBytes else {
            throw CorpusSegmentError(
                "MessagePack is \(bytes.count) bytes, above the limit of \(limits.maxDecompressedBytes)")
        }
        let result = bytes.withUnsafeBufferPointer { buffer in
            Result { () throws(CorpusSegmentError) in try decodeRecords(buffer, kind: kind, limits: limits) }
        }
        return try result.get()
    }

    /// Decodes the top-level array in `buffer` and every record in it.
    private static func decodeRecords(
        _ buffer: UnsafeBufferPointer<UInt8>, kind: CorpusSegmentKind, limits: CorpusSegmentLimits
    ) throws(CorpusSegmentError) -> [CorpusSegmentRecord] {
        var skimmer = MessagePackSkimmer(bytes: buffer)
        guard let top = try skimmer.header(at: 0) else {
            throw CorpusSegmentError(buffer.isEmpty
                ? "not a MessagePack array: the input is empty"
                : "not a MessagePack array: truncated header")
        }
        guard top.family == .array else {
            throw CorpusSegmentError("not a MessagePack array: the top level is \(top.family.rawValue)")
        }
        guard top.count <= limits.maxRecords else {
            throw CorpusSegmentError(
                "MessagePack array declares \(top.count) records, above the limit of \(limits.maxRecords)")
        }
        var offset = top.headerBytes
        guard top.count <= buffer.count - offset else {
            throw CorpusSegmentError(
                "truncated MessagePack: the array declares \(top.count) records but only \(buffer.count - offset) bytes follow")
        }
        var records: [CorpusSegmentRecord] = []
        // Reserve only what the bytes present could hold, so a lying count costs nothing.
        records.reserveCapacity(min(top.count, (buffer.count - offset) / minimumRecordBytes(for: kind)))
        var unpacked = msgpack_unpacked()
        msgpack_unpacked_init(&unpacked)
        defer { msgpack_unpacked_destroy(&unpacked) }
        let maxRecordBytes = limits.maxRecordBytes(for: kind)
        let reader = CorpusSegmentRecordReader(kind: kind, limits: limits)
        for index in 0..<top.count {
            let end = try skimmer.valueEnd(from: offset, maxBytes: maxRecordBytes, label: "record \(index)")
            var parsed = 0
            let status = buffer.withMemoryRebound(to: CChar.self) { characters in
                msgpack_unpack_next(&unpacked, characters.baseAddress! + offset, end - offset, &parsed)
            }
            guard status == MSGPACK_UNPACK_SUCCESS, parsed == end - offset else {
                throw CorpusSegmentError(
                    "record \(index): malformed MessagePack at byte \(offset) (msgpack-c status \(status.rawValue))")
            }
            records.append(try reader.record(unpacked.data, index: index))
            msgpack_unpacked_destroy(&unpacked)
            offset = end
        }
        guard offset == buffer.count else {
            throw CorpusSegmentError(
                "trailing bytes after the MessagePack array: \(buffer.count - offset) bytes at offset \(offset)")
        }
        return records
    }

    /// The fewest bytes a valid record of `kind` takes: a fixmap header, each key a fixstr of at
    /// least 4 characters (5 bytes), each symbol a fixstr of at least 1 byte (2 bytes), the count a
    /// positive fixint (1 byte).
    private static func minimumRecordBytes(for kind: CorpusSegmentKind) -> Int {
        1 + kind.arity * (5 + 2) + (5 + 1)
    }
}
