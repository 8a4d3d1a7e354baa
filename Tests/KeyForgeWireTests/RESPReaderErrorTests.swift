import Testing
import KeyForgeWire

/// Protocol errors: what they say, where they point, and that they stick.
@Suite("RESP reader errors")
struct RESPReaderErrorTests {
    @Test("an error says what went wrong and at which byte of the stream")
    func messageAndOffset() {
        let error = respError("+OK\r\n$-2\r\n")
        #expect(error == RESPProtocolError(message: "negative bulk string length '-2' at byte 5", offset: 5))
        #expect(error?.description == "RESP protocol error: negative bulk string length '-2' at byte 5")
    }

    @Test("a CR not followed by LF inside a line is an error at the byte after the CR")
    func bareCR() {
        #expect(respError("+O\rK\r\n")?.message == "CR not followed by LF at byte 3")
    }

    @Test("an LF without a CR before it is an error, so LF-only line ends are rejected")
    func bareLF() {
        #expect(respError("+OK\n")?.message == "LF without a CR before it at byte 3")
        #expect(respError(":1\n:2\n")?.offset == 2)
        #expect(respError("*1\n") != nil)
    }

    @Test("an error is sticky: every later call throws the same error, even after valid bytes")
    func stickyError() throws {
        var reader = RESPReader()
        reader.feed(respBytes("+OK\r\n$x\r\n+NEXT\r\n"))
        #expect(try reader.next() == .simpleString("OK"))
        let expected = RESPProtocolError(message: "invalid bulk string length 'x' at byte 5", offset: 5)
        #expect(throws: expected) { try reader.next() }
        #expect(throws: expected) { try reader.next() }
        reader.feed(respBytes("+OK\r\n"))
        #expect(throws: expected) { try reader.next() }
        #expect(reader.bufferedByteCount == 0)
    }

    @Test("replies complete before a bad byte are all returned before the error")
    func repliesBeforeError() throws {
        var reader = RESPReader()
        reader.feed(respBytes(":1\r\n:2\r\n?"))
        #expect(try reader.next() == .integer(1))
        #expect(try reader.next() == .integer(2))
        #expect(throws: RESPProtocolError.self) { try reader.next() }
    }

    @Test("offsets count from the first byte ever fed, across compaction")
    func offsetsAcrossCompaction() throws {
        var reader = RESPReader()
        let reply = respBytes("+PONG\r\n")
        for _ in 0..<10_000 {
            reader.feed(reply)
            #expect(try reader.next() == .simpleString("PONG"))
        }
        reader.feed(respBytes("*1\r\n:1\r\n:x\r\n"))
        #expect(try reader.next() == .array([.integer(1)]))
        #expect(throws: RESPProtocolError(message: "invalid integer 'x' at byte 70008", offset: 70_008)) { try reader.next() }
    }

    @Test("an error inside an aggregate points at the bad item, not at the aggregate")
    func errorInsideAggregate() {
        #expect(respError("*3\r\n:1\r\n#x\r\n:3\r\n")?.message == "invalid boolean 'x' at byte 8")
    }

    @Test("bad bytes in a message are escaped, and a long bad line is cut after 32 bytes")
    func quoting() {
        #expect(respError(respBytes(":1") + [0, 0xFF] + respBytes("'\\\r\n"))?.message == "invalid integer '1\\x00\\xFF\\x27\\x5C' at byte 0")
        let long = String(repeating: "9", count: 40)
        #expect(respError("#\(long)\r\n")?.message == "invalid boolean '\(String(repeating: "9", count: 32))...' at byte 0")
    }
}
