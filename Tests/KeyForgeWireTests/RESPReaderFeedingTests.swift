import Testing
@testable import KeyForgeWire

/// Drip-feeding: whole, byte by byte, every prefix, many replies in one buffer, and big replies in pieces.
@Suite("RESP reader feeding")
struct RESPReaderFeedingTests {
    @Test("many replies in one buffer come out one by one, in order, then nil")
    func manyRepliesInOneBuffer() throws {
        #expect(try respReplies(respSampleStream) == respSamples.map(\.value))
    }

    @Test("every prefix of a reply returns nil, then the rest completes it")
    func everyPrefix() throws {
        for sample in respSamples {
            let bytes = respBytes(sample.text)
            for cut in 0..<bytes.count {
                var reader = RESPReader()
                reader.feed(bytes[..<cut])
                #expect(try reader.next() == nil, "\(sample.text.debugDescription) cut at \(cut)")
                #expect(reader.bufferedByteCount == cut)
                reader.feed(bytes[cut...])
                #expect(try reader.next() == sample.value, "\(sample.text.debugDescription) cut at \(cut)")
                #expect(try reader.next() == nil)
                #expect(reader.bufferedByteCount == 0)
            }
        }
    }

    @Test("replies fed byte by byte read the same as fed whole")
    func byteByByte() throws {
        #expect(try respDripFed(respSampleStream, chunkSize: 1) == respSamples.map(\.value))
    }

    @Test("replies fed in pieces of every size from 2 to 64 read the same as fed whole")
    func everyChunkSize() throws {
        for size in 2...64 {
            #expect(try respDripFed(respSampleStream, chunkSize: size) == respSamples.map(\.value), "pieces of \(size)")
        }
    }

    @Test("a \\r\\n split across two feeds")
    func crlfSplitAcrossFeeds() throws {
        var reader = RESPReader()
        reader.feed(respBytes("+OK\r"))
        #expect(try reader.next() == nil)
        reader.feed(respBytes("\n"))
        #expect(try reader.next() == .simpleString("OK"))
        reader.feed(respBytes("$2\r\nab\r"))
        #expect(try reader.next() == nil)
        reader.feed(respBytes("\n"))
        #expect(try reader.next() == .bulkString(respBytes("ab")))
    }

    @Test("a CR at the end of one feed followed by a wrong byte in the next is an error")
    func crThenWrongByte() throws {
        var reader = RESPReader()
        reader.feed(respBytes("+OK\r"))
        #expect(try reader.next() == nil)
        reader.feed(respBytes("X"))
        #expect(throws: RESPProtocolError(message: "CR not followed by LF at byte 4", offset: 4)) { try reader.next() }
    }

    @Test("a 10 MB bulk string fed in 4 KiB pieces costs linear time")
    func bigBulkInPieces() throws {
        let size = 10_000_000
        let body = (0..<size).map { UInt8(truncatingIfNeeded: $0 &* 31) }
        let bytes = respBytes("$\(size)\r\n") + body + respBytes("\r\n")
        var reader = RESPReader()
        var reply: RESPValue?
        let elapsed = try ContinuousClock().measure {
            for start in stride(from: 0, to: bytes.count, by: 4096) {
                reader.feed(bytes[start..<min(start + 4096, bytes.count)])
                if let value = try reader.next() { reply = value }
            }
        }
        #expect(reply == .bulkString(body))
        // A re-parse per feed would copy or scan about 12 GB here; linear work takes well under a second.
        #expect(elapsed < .seconds(10))
    }

    @Test("a line at the length limit fed byte by byte is scanned once")
    func longLineByteByByte() throws {
        let text = "+" + String(repeating: "a", count: RESPLimits.defaultMaxLineLength) + "\r\n"
        var reader = RESPReader()
        var reply: RESPValue?
        let elapsed = try ContinuousClock().measure {
            for byte in respBytes(text) {
                reader.feed(CollectionOfOne(byte))
                if let value = try reader.next() { reply = value }
            }
        }
        #expect(reply == .simpleString(String(repeating: "a", count: RESPLimits.defaultMaxLineLength)))
        #expect(elapsed < .seconds(10))
    }

    @Test("an aggregate of many elements fed in pieces keeps what it has read and releases its bytes")
    func bigAggregateInPieces() throws {
        let count = 100_000
        let bytes = respBytes("*\(count)\r\n") + (0..<count).flatMap { respBytes(":\($0)\r\n") }
        var reader = RESPReader()
        var reply: RESPValue?
        var largestBuffer = 0
        for start in stride(from: 0, to: bytes.count, by: 1000) {
            reader.feed(bytes[start..<min(start + 1000, bytes.count)])
            largestBuffer = max(largestBuffer, reader.buffer.count)
            if let value = try reader.next() { reply = value }
        }
        #expect(reply == .array((0..<count).map { .integer(Int64($0)) }))
        // Consumed elements are dropped while the array is still open, so the buffer stays small.
        #expect(largestBuffer < 16 << 10)
    }

    @Test("a long stream of small replies keeps the buffer bounded")
    func compaction() throws {
        var reader = RESPReader()
        let reply = respBytes("$5\r\nhello\r\n")
        var largestBuffer = 0
        for index in 0..<20_000 {
            // Feed a reply and a half each time so a partial reply always stays behind.
            reader.feed(index == 0 ? reply + reply.prefix(5) : Array(reply.suffix(6)) + reply + reply.prefix(5))
            while let value = try reader.next() { #expect(value == .bulkString(respBytes("hello"))) }
            largestBuffer = max(largestBuffer, reader.buffer.count)
        }
        #expect(largestBuffer < 16 << 10)
        #expect(reader.bufferedByteCount == 5)
    }

    @Test("feeding an UnsafeRawBufferPointer reads the same as feeding an array")
    func rawBufferFeed() throws {
        var reader = RESPReader()
        respSampleStream.withUnsafeBytes { reader.feed($0) }
        var replies: [RESPValue] = []
        while let reply = try reader.next() { replies.append(reply) }
        #expect(replies == respSamples.map(\.value))
    }

    @Test("feeding nothing changes nothing, and a fresh reader has nothing buffered")
    func emptyFeeds() throws {
        var reader = RESPReader()
        #expect(reader.bufferedByteCount == 0)
        #expect(try reader.next() == nil)
        reader.feed([UInt8]())
        reader.feed(UnsafeRawBufferPointer(start: nil, count: 0))
        #expect(try reader.next() == nil)
        #expect(reader.bufferedByteCount == 0)
    }
}
