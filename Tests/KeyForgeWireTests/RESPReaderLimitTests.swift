import Testing
import KeyForgeWire

/// Every limit exactly at its value and one past it, and headers that must fail before allocating.
@Suite("RESP reader limits")
struct RESPReaderLimitTests {
    @Test("the standard limits are depth 16, 16 Mi values, 512 MiB bulks and 64 KiB lines")
    func standardLimits() {
        let limits = RESPLimits.standard
        #expect(limits.maxDepth == 16)
        #expect(limits.maxElements == 16_777_216)
        #expect(limits.maxBulkLength == 536_870_912)
        #expect(limits.maxLineLength == 65_536)
    }

    @Test("depth at the maximum reads")
    func depthAtMaximum() throws {
        #expect(try respReply(respNestedArrays(16)) == respNestedValue(16))
    }

    @Test("depth one past the maximum is an error at the header that goes too deep")
    func depthOnePast() {
        let error = respError(respNestedArrays(17))
        #expect(error?.message == "aggregates nested deeper than 16 at byte 64")
        #expect(error?.offset == 64)
    }

    @Test("depth counts every aggregate type, empty ones and attributes included")
    func depthCountsEveryAggregate() throws {
        let limits = RESPLimits(maxDepth: 2)
        #expect(try respReply("*1\r\n%0\r\n", limits: limits) == .array([.map([])]))
        #expect(respError("*1\r\n*1\r\n~0\r\n", limits: limits) != nil)
        #expect(respError("*1\r\n>1\r\n*0\r\n", limits: limits) != nil)
        #expect(respError("*1\r\n|1\r\n*0\r\n+a\r\n:1\r\n", limits: limits) != nil)
        #expect(try respReply("*1\r\n|1\r\n+k\r\n+v\r\n:1\r\n", limits: limits) == .array([.integer(1)]))
    }

    @Test("with depth 0 a scalar reads and any aggregate, even empty, is one past it")
    func depthZero() throws {
        let limits = RESPLimits(maxDepth: 0)
        #expect(try respReply(":1\r\n", limits: limits) == .integer(1))
        #expect(try respReply("*-1\r\n", limits: limits) == .null)
        #expect(respError("*0\r\n", limits: limits)?.message == "aggregates nested deeper than 0 at byte 0")
    }

    @Test("a bulk string at the length limit reads")
    func bulkAtLimit() throws {
        let limits = RESPLimits(maxBulkLength: 10)
        #expect(try respReply("$10\r\n0123456789\r\n", limits: limits) == .bulkString(respBytes("0123456789")))
        #expect(try respReply("=10\r\ntxt:456789\r\n", limits: limits) == .bulkString(respBytes("456789")))
    }

    @Test("a bulk string one past the length limit fails on its header, before its body arrives")
    func bulkOnePast() {
        let limits = RESPLimits(maxBulkLength: 10)
        #expect(respError("$11\r\n", limits: limits)?.message == "bulk string length 11 exceeds the limit of 10 at byte 0")
        #expect(respError("!11\r\n", limits: limits) != nil)
        #expect(respError("=11\r\n", limits: limits) != nil)
    }

    @Test("the default bulk limit is the server's 512 MiB: at it the reader waits, one past it fails")
    func defaultBulkLimit() throws {
        #expect(try respReply("$536870912\r\n") == nil)
        #expect(respError("$536870913\r\n")?.message == "bulk string length 536870913 exceeds the limit of 536870912 at byte 0")
    }

    @Test("a length too large for Int is an error, not a trap, even with no limit at all")
    func lengthOverflow() throws {
        let unlimited = RESPLimits(maxElements: .max, maxBulkLength: .max)
        #expect(respError("$99999999999999999999\r\n", limits: unlimited)?.message == "bulk string length '99999999999999999999' out of range at byte 0")
        #expect(respError("*99999999999999999999\r\n", limits: unlimited) != nil)
        #expect(respError("%9223372036854775807\r\n", limits: unlimited)?.message.hasPrefix("map of 9223372036854775807 pairs exceeds") == true)
        #expect(try respReply("$9223372036854775807\r\n", limits: unlimited) == nil)
    }

    @Test("an aggregate at the element limit reads")
    func elementsAtLimit() throws {
        let limits = RESPLimits(maxElements: 3)
        #expect(try respReply("*3\r\n:1\r\n:2\r\n:3\r\n", limits: limits) == .array([.integer(1), .integer(2), .integer(3)]))
        #expect(try respReply("~3\r\n:1\r\n:2\r\n:3\r\n", limits: limits) == .set([.integer(1), .integer(2), .integer(3)]))
    }

    @Test("an aggregate one past the element limit fails on its header")
    func elementsOnePast() {
        let limits = RESPLimits(maxElements: 3)
        #expect(respError("*4\r\n", limits: limits)?.message == "array of 4 elements exceeds the limit of 3 values at byte 0")
        #expect(respError(">4\r\n", limits: limits) != nil)
        #expect(respError("~4\r\n", limits: limits) != nil)
    }

    @Test("a map pair counts as two values: at the limit it reads, one pair more fails")
    func mapPairsCountTwice() throws {
        let limits = RESPLimits(maxElements: 4)
        #expect(try respReply("%2\r\n:1\r\n:2\r\n:3\r\n:4\r\n", limits: limits) != nil)
        #expect(respError("%3\r\n", limits: limits)?.message == "map of 3 pairs exceeds the limit of 4 values at byte 0")
        #expect(respError("|3\r\n", limits: limits) != nil)
        #expect(respError("%3\r\n", limits: RESPLimits(maxElements: 5)) != nil)
    }

    @Test("a header promising two billion elements fails at once, before anything is allocated")
    func twoBillionElements() {
        #expect(respError("*2000000000\r\n")?.message == "array of 2000000000 elements exceeds the limit of 16777216 values at byte 0")
    }

    @Test("a header at the element limit waits for its elements without reserving room for all of them")
    func headerAtElementLimit() throws {
        var reader = RESPReader()
        reader.feed(respBytes("*16777216\r\n:1\r\n"))
        #expect(try reader.next() == nil)
        #expect(reader.bufferedByteCount == 15)
    }

    @Test("a line at the length limit reads")
    func lineAtLimit() throws {
        let limits = RESPLimits(maxLineLength: 8)
        #expect(try respReply("+12345678\r\n", limits: limits) == .simpleString("12345678"))
        #expect(try respReply(":-1234567\r\n", limits: limits) == .integer(-1_234_567))
        #expect(try respReply("$12345678\r\n", limits: limits) == nil)
    }

    @Test("a line one past the length limit is an error")
    func lineOnePast() {
        let limits = RESPLimits(maxLineLength: 8)
        #expect(respError("+123456789\r\n", limits: limits)?.message == "line longer than 8 bytes at byte 0")
        #expect(respError("-123456789\r\n", limits: limits) != nil)
        #expect(respError("(123456789\r\n", limits: limits) != nil)
        #expect(respError("$000000010\r\n", limits: limits) != nil)
    }

    @Test("a line one past the limit fails as soon as the byte past it arrives, without a CRLF")
    func lineOnePastWithoutCRLF() throws {
        let limits = RESPLimits(maxLineLength: 8)
        #expect(try respReply("+12345678", limits: limits) == nil)
        #expect(try respReply("+12345678\r", limits: limits) == nil)
        #expect(respError("+123456789", limits: limits)?.message == "line longer than 8 bytes at byte 0")
    }

    @Test("a line without CRLF under the default limit fails once it passes 64 KiB")
    func defaultLineLimitWithoutCRLF() throws {
        let atLimit = "+" + String(repeating: "x", count: 65_536)
        #expect(try respReply(atLimit) == nil)
        #expect(respError(atLimit + "x")?.message == "line longer than 65536 bytes at byte 0")
    }
}
