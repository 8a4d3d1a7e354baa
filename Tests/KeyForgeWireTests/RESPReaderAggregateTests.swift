import Testing
import KeyForgeWire

/// Arrays, maps, sets, pushes and attributes, nested and empty.
@Suite("RESP reader aggregates")
struct RESPReaderAggregateTests {
    @Test("an array keeps its elements of mixed types in order")
    func mixedArray() throws {
        let text = "*5\r\n:1\r\n+two\r\n$5\r\nthree\r\n_\r\n,4.5\r\n"
        #expect(try respReply(text) == .array([.integer(1), .simpleString("two"), .bulkString(respBytes("three")), .null, .double(4.5)]))
    }

    @Test("an empty array is empty, not null")
    func emptyArray() throws {
        #expect(try respReply("*0\r\n") == .array([]))
        #expect(try respReply("*-1\r\n") == .null)
    }

    @Test("nested arrays read as hiredis's test reads them, with errors and nulls inside")
    func nestedArrays() throws {
        let text = "*2\r\n*3\r\n:1\r\n:2\r\n:3\r\n*3\r\n+Foo\r\n-Bar\r\n$-1\r\n"
        #expect(try respReply(text) == .array([
            .array([.integer(1), .integer(2), .integer(3)]),
            .array([.simpleString("Foo"), .error("Bar"), .null]),
        ]))
    }

    @Test("a map keeps its pairs in wire order, duplicate keys included")
    func maps() throws {
        let text = "%3\r\n+b\r\n:2\r\n+a\r\n:1\r\n+b\r\n:3\r\n"
        #expect(try respReply(text) == .map([
            RESPPair(key: .simpleString("b"), value: .integer(2)),
            RESPPair(key: .simpleString("a"), value: .integer(1)),
            RESPPair(key: .simpleString("b"), value: .integer(3)),
        ]))
        #expect(try respReply("%0\r\n") == .map([]))
    }

    @Test("map keys and values may be any type, aggregates included")
    func mapsOfAnything() throws {
        let text = "%2\r\n:1\r\n*1\r\n#t\r\n*2\r\n+x\r\n+y\r\n%1\r\n_\r\n(12\r\n"
        #expect(try respReply(text) == .map([
            RESPPair(key: .integer(1), value: .array([.boolean(true)])),
            RESPPair(key: .array([.simpleString("x"), .simpleString("y")]), value: .map([RESPPair(key: .null, value: .bigNumber("12"))])),
        ]))
    }

    @Test("a set keeps its elements in wire order")
    func sets() throws {
        #expect(try respReply("~3\r\n+orange\r\n+apple\r\n#t\r\n") == .set([.simpleString("orange"), .simpleString("apple"), .boolean(true)]))
        #expect(try respReply("~0\r\n") == .set([]))
    }

    @Test("a pub/sub message pushed in RESP3 reads as .push, apart from the replies around it")
    func pushes() throws {
        let text = "+OK\r\n>3\r\n$7\r\nmessage\r\n$4\r\nnews\r\n$5\r\nhello\r\n:1\r\n"
        #expect(try respReplies(respBytes(text)) == [
            .simpleString("OK"),
            .push([.bulkString(respBytes("message")), .bulkString(respBytes("news")), .bulkString(respBytes("hello"))]),
            .integer(1),
        ])
    }

    @Test("an attribute before a reply is discarded and the reply is returned")
    func attributeBeforeReply() throws {
        let text = "|1\r\n+key-popularity\r\n%2\r\n$1\r\na\r\n,0.1923\r\n$1\r\nb\r\n,0.0012\r\n*2\r\n:2039123\r\n:9543892\r\n"
        #expect(try respReplies(respBytes(text)) == [.array([.integer(2_039_123), .integer(9_543_892)])])
    }

    @Test("an attribute before an element of an aggregate is discarded, the element kept")
    func attributeInsideAggregate() throws {
        #expect(try respReply("*2\r\n:1\r\n|1\r\n+a\r\n+b\r\n:2\r\n") == .array([.integer(1), .integer(2)]))
        #expect(try respReply("%1\r\n|1\r\n+a\r\n+b\r\n+key\r\n|0\r\n:1\r\n") == .map([RESPPair(key: .simpleString("key"), value: .integer(1))]))
    }

    @Test("an attribute alone waits for the reply it annotates")
    func attributeAlone() throws {
        var reader = RESPReader()
        reader.feed(respBytes("|1\r\n+a\r\n+b\r\n"))
        #expect(try reader.next() == nil)
        #expect(reader.bufferedByteCount == 12)
        reader.feed(respBytes(":5\r\n"))
        #expect(try reader.next() == .integer(5))
        #expect(reader.bufferedByteCount == 0)
    }

    @Test("attributes in a row, empty or nested, are all discarded")
    func attributesInARow() throws {
        #expect(try respReply("|0\r\n|1\r\n|1\r\n+x\r\n+y\r\n*1\r\n+z\r\n+v\r\n+OK\r\n") == .simpleString("OK"))
    }

    @Test("a negative length other than -1 for $ and * is an error, as is -1 for RESP3 aggregates")
    func negativeLengths() {
        #expect(respError("*-2\r\n")?.message == "negative array length '-2' at byte 0")
        #expect(respError("$-2\r\n")?.message == "negative bulk string length '-2' at byte 0")
        #expect(respError("%-1\r\n")?.message == "negative map length '-1' at byte 0")
        #expect(respError("~-1\r\n")?.message == "negative set length '-1' at byte 0")
        #expect(respError(">-1\r\n")?.message == "negative push length '-1' at byte 0")
        #expect(respError("|-1\r\n")?.message == "negative attribute length '-1' at byte 0")
        #expect(respError("=-1\r\n") != nil)
    }

    @Test("a length that is empty or holds anything but digits is an error")
    func nonDigitLengths() {
        for text in ["*\r\n", "$\r\n", "*a\r\n", "$?\r\n", "$ 3\r\n", "$+3\r\n", "*1 \r\n", "%0x1\r\n", "*-1 \r\n", "$-01\r\n"] {
            #expect(respError(text)?.message.contains("length '") == true, "\(text.debugDescription)")
        }
    }

    @Test("a byte that starts no RESP type is an error at once, before any CRLF arrives")
    func invalidTypeBytes() {
        #expect(respError("x")?.message == "invalid type byte 'x' at byte 0")
        #expect(respError("+OK\r\n@")?.message == "invalid type byte '@' at byte 5")
        #expect(respError(";3\r\n") != nil)
        #expect(respError(".\r\n") != nil)
        #expect(respError(" +OK\r\n")?.message == "invalid type byte 0x20 at byte 0")
        #expect(respError("*1\r\n\r\n")?.message == "invalid type byte 0x0D at byte 4")
    }
}
