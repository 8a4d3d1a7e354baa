// libFuzzer entry for corpus segments (`<kind>.mpk.zst`, the files `keyforge sync` downloads and
// the asset manager validates): built and run by `make fuzz` like FuzzRESP (see its header for the
// flags that matter). The first byte picks the segment kind and whether the rest is read as the
// compressed file (zstd, then MessagePack) or as its MessagePack directly, which lets the fuzzer
// reach the record decoder without having to learn zstd. Every input must either be refused with a
// CorpusSegmentError or decode to records that encode again and decode back to the same records.
import KeyForgeAdapters

/// Small limits so that the fuzzer reaches every limit with short inputs.
let fuzzLimits = CorpusSegmentLimits(maxCompressedBytes: 1 << 16, maxDecompressedBytes: 1 << 16, maxRecords: 512,
                                     maxSymbolBytes: 32, maxFrequency: 1 << 40)

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ d: UnsafePointer<UInt8>, _ n: Int) -> CInt {
    guard n > 0 else { return 0 }
    let selector = Int(d[0])
    let kind = CorpusSegmentKind.allCases[selector % CorpusSegmentKind.allCases.count]
    let compressed = selector & 0x80 != 0
    let bytes = Array(UnsafeBufferPointer(start: d + 1, count: n - 1))
    let records: [CorpusSegmentRecord]
    do {
        records = compressed
            ? try CorpusSegmentCodec.decode(bytes, kind: kind, limits: fuzzLimits)
            : try CorpusSegmentCodec.decodeMessagePack(bytes, kind: kind, limits: fuzzLimits)
    } catch {
        return 0
    }
    let again: [CorpusSegmentRecord]
    do {
        let encoded = try CorpusSegmentCodec.encode(records, kind: kind, level: 1, limits: fuzzLimits)
        again = try CorpusSegmentCodec.decode(encoded, kind: kind, limits: fuzzLimits)
    } catch {
        fatalError("decoded records do not survive encoding: \(error) for \(records)")
    }
    precondition(again == records, "round trip changed the records: \(records) -> \(again)")
    return 0
}
