import Testing
import KeyForgeWire

/// The chunked decoder on its own: slices, consumed counts, stickiness and round trips with the writer.
@Suite("HTTP chunked decoder")
struct HTTPChunkedDecoderTests {
    @Test("data events point into the caller's buffer and consume exactly up to them")
    func dataSlices() {
        var decoder = HTTPChunkedDecoder()
        let bytes = http("5\r\nhello\r\n0\r\n\r\nNEXT")
        #expect(decoder.decode(bytes) == .data(3..<8))
        #expect(decoder.decode(Array(bytes[8...])) == .end(consumed: 7))
        #expect(decoder.isComplete)
        #expect(decoder.decode(http("NEXT")) == .end(consumed: 0))
    }

    @Test("a chunk split across feeds comes out as several slices of the same chunk")
    func chunkAcrossFeeds() {
        var decoder = HTTPChunkedDecoder()
        #expect(decoder.decode(http("a\r\n0123")) == .data(3..<7))
        #expect(decoder.decode(http("456")) == .data(0..<3))
        #expect(decoder.decode(http("789\r")) == .data(0..<3))
        #expect(decoder.decode(http("\r")) == .needsMore)
        #expect(decoder.decode(http("\n0\r\n")) == .needsMore)
        #expect(decoder.decode(http("\r\n")) == .end(consumed: 2))
    }

    @Test("a CR split from its LF across feeds is not a bare CR")
    func splitCRLF() {
        var decoder = HTTPChunkedDecoder()
        #expect(decoder.decode(http("0\r")) == .needsMore)
        #expect(decoder.decode(http("\n\r")) == .needsMore)
        #expect(decoder.decode(http("\n")) == .end(consumed: 1))
    }

    @Test("an empty buffer needs more and changes nothing")
    func emptyBuffer() {
        var decoder = HTTPChunkedDecoder()
        #expect(decoder.decode([]) == .needsMore)
        #expect(!decoder.isComplete)
    }

    @Test("a failure is sticky")
    func sticky() {
        var decoder = HTTPChunkedDecoder()
        guard case .failure(let error) = decoder.decode(http("z\r\n")) else {
            Issue.record("expected a failure")
            return
        }
        #expect(error.status == 400)
        #expect(decoder.decode(http("0\r\n\r\n")) == .failure(error))
    }

    @Test("sixteen hex digits of Int.max overflow-check exactly: 7FFFFFFFFFFFFFFF is 413, one more digit 400")
    func hexBoundary() {
        #expect(decodeChunked(http("7FFFFFFFFFFFFFFF\r\n")).failureStatus == 413)
        #expect(decodeChunked(http("7FFFFFFFFFFFFFFF0\r\n")).failureStatus == 400)
        #expect(decodeChunked(http("00000000000000000000001\r\nx\r\n0\r\n\r\n")).body == http("x"))
    }

    @Test("the writer's chunks decode back to the original bytes, whatever the chunk sizes")
    func writerRoundTrip() {
        let payload = (0..<3000).map { UInt8(truncatingIfNeeded: $0 &* 7) }
        for size in [1, 15, 16, 255, 256, 4096] {
            var framed: [UInt8] = []
            var offset = 0
            while offset < payload.count {
                HTTPResponseWriter.appendChunk(payload[offset..<min(offset + size, payload.count)], to: &framed)
                offset += size
            }
            HTTPResponseWriter.appendLastChunk(to: &framed)
            let decoded = decodeChunked(framed)
            #expect(decoded.body == payload, "chunk size \(size)")
            #expect(decoded.consumed == framed.count)
        }
    }
}

/// Accessors for the outcome of `decodeChunked`.
extension Result where Success == (body: [UInt8], consumed: Int), Failure == HTTPParseError {
    /// The decoded body, when decoding ended.
    var body: [UInt8]? {
        if case .success(let value) = self { return value.body }
        return nil
    }

    /// The bytes consumed, when decoding ended.
    var consumed: Int? {
        if case .success(let value) = self { return value.consumed }
        return nil
    }

    /// The failure's status, when decoding failed.
    var failureStatus: Int? {
        if case .failure(let error) = self { return error.status }
        return nil
    }
}
