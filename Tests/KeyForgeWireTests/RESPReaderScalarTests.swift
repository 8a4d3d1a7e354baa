import Testing
import KeyForgeWire

/// Every RESP2 and RESP3 scalar type, at the edges of what its grammar allows.
@Suite("RESP reader scalars")
struct RESPReaderScalarTests {
    @Test("a simple string reads as its text, and an empty one is allowed")
    func simpleStrings() throws {
        #expect(try respReply("+OK\r\n") == .simpleString("OK"))
        #expect(try respReply("+\r\n") == .simpleString(""))
        #expect(try respReply("+caf\u{e9} \u{1F600}\r\n") == .simpleString("caf\u{e9} \u{1F600}"))
    }

    @Test("bytes that are not UTF-8 in a simple string become replacement characters")
    func simpleStringInvalidUTF8() throws {
        #expect(try respReplies([UInt8(ascii: "+"), 0xFF, UInt8(ascii: "a"), 13, 10]) == [.simpleString("\u{FFFD}a")])
    }

    @Test("an error reply keeps its whole line, prefix included")
    func errors() throws {
        #expect(try respReply("-ERR unknown command 'foo'\r\n") == .error("ERR unknown command 'foo'"))
        #expect(try respReply("-WRONGTYPE Operation against a key\r\n") == .error("WRONGTYPE Operation against a key"))
    }

    @Test("integers read exactly at zero, minus one and both ends of Int64")
    func integersInRange() throws {
        #expect(try respReply(":0\r\n") == .integer(0))
        #expect(try respReply(":-1\r\n") == .integer(-1))
        #expect(try respReply(":+42\r\n") == .integer(42))
        #expect(try respReply(":9223372036854775807\r\n") == .integer(.max))
        #expect(try respReply(":-9223372036854775808\r\n") == .integer(.min))
    }

    @Test("an integer one past Int64 either way is an error, not a wrap")
    func integersPastRange() {
        #expect(respError(":9223372036854775808\r\n")?.message == "integer '9223372036854775808' out of the Int64 range at byte 0")
        #expect(respError(":-9223372036854775809\r\n")?.message == "integer '-9223372036854775809' out of the Int64 range at byte 0")
        #expect(respError(":99999999999999999999999\r\n") != nil)
    }

    @Test("an integer without digits or with any other byte is an error")
    func malformedIntegers() {
        for text in [":\r\n", ":-\r\n", ":+\r\n", ":1a\r\n", ": 1\r\n", ":1.0\r\n", ":--1\r\n", ":0x10\r\n"] {
            #expect(respError(text)?.message.hasPrefix("invalid integer") == true, "\(text.debugDescription)")
        }
    }

    @Test("a bulk string keeps every byte, CRLF and zero bytes included")
    func bulkStrings() throws {
        #expect(try respReply("$5\r\nhello\r\n") == .bulkString(respBytes("hello")))
        #expect(try respReplies(respBytes("$5\r\na\r\n") + [0, 0xFF, 13, 10]) == [.bulkString([UInt8(ascii: "a"), 13, 10, 0, 0xFF])])
    }

    @Test("an empty bulk string is empty, not null")
    func emptyBulkString() throws {
        #expect(try respReply("$0\r\n\r\n") == .bulkString([]))
    }

    @Test("the three null forms, $-1, *-1 and _, all read as .null")
    func nulls() throws {
        #expect(try respReplies(respBytes("$-1\r\n*-1\r\n_\r\n")) == [.null, .null, .null])
    }

    @Test("a RESP3 null with content is an error")
    func nullWithContent() {
        #expect(respError("_x\r\n")?.message == "null with content 'x' at byte 0")
    }

    @Test("a bulk string followed by anything but CRLF is an error at the byte after its body")
    func bulkWithoutCRLF() {
        #expect(respError("$3\r\nfooX\r\n")?.message == "bulk string of 3 bytes not followed by CRLF at byte 7")
        #expect(respError("$3\r\nfoo\rX")?.offset == 7)
        #expect(respError("$3\r\nfoo\n\r")?.offset == 7)
    }

    @Test("booleans read from #t and #f, and nothing else")
    func booleans() throws {
        #expect(try respReplies(respBytes("#t\r\n#f\r\n")) == [.boolean(true), .boolean(false)])
        for text in ["#\r\n", "#T\r\n", "#true\r\n", "#1\r\n", "#tt\r\n"] {
            #expect(respError(text)?.message.hasPrefix("invalid boolean") == true, "\(text.debugDescription)")
        }
    }

    @Test("doubles read in every decimal form RESP3 allows")
    func doubles() throws {
        #expect(try respReply(",1.5\r\n") == .double(1.5))
        #expect(try respReply(",-2\r\n") == .double(-2))
        #expect(try respReply(",+3.25\r\n") == .double(3.25))
        #expect(try respReply(",0\r\n") == .double(0))
        #expect(try respReply(",1e10\r\n") == .double(1e10))
        #expect(try respReply(",1.5E-3\r\n") == .double(0.0015))
        #expect(try respReply(",2e+2\r\n") == .double(200))
        #expect(try respReply(",3.141592653589793\r\n") == .double(3.141592653589793))
    }

    @Test("inf and -inf read as infinities, in any case, as does a decimal past the Double range")
    func infinities() throws {
        #expect(try respReply(",inf\r\n") == .double(.infinity))
        #expect(try respReply(",-inf\r\n") == .double(-.infinity))
        #expect(try respReply(",INF\r\n") == .double(.infinity))
        #expect(try respReply(",1e400\r\n") == .double(.infinity))
    }

    @Test("nan and -nan read as NaN")
    func notANumber() throws {
        for text in [",nan\r\n", ",-nan\r\n", ",NaN\r\n"] {
            guard case .double(let value) = try respReply(text) else {
                Issue.record("\(text.debugDescription) did not read as a double")
                continue
            }
            #expect(value.isNaN)
        }
    }

    @Test("doubles outside the RESP3 grammar are errors, even where Double(_:) would take them")
    func malformedDoubles() {
        for text in [",\r\n", ",1.\r\n", ",.5\r\n", ",1e\r\n", ",1e+\r\n", ",0x10\r\n", ",infinity\r\n", ", 1\r\n", ",1.5.2\r\n", ",-\r\n", ",nan(1)\r\n"] {
            #expect(respError(text)?.message.hasPrefix("invalid double") == true, "\(text.debugDescription)")
        }
    }

    @Test("big numbers keep their digits and sign as text, however long")
    func bigNumbers() throws {
        let digits = "3492890328409238509324850943850943825024385"
        #expect(try respReply("(\(digits)\r\n") == .bigNumber(digits))
        #expect(try respReply("(-\(digits)\r\n") == .bigNumber("-" + digits))
        #expect(try respReply("(0\r\n") == .bigNumber("0"))
    }

    @Test("a big number without digits or with any other byte is an error")
    func malformedBigNumbers() {
        for text in ["(\r\n", "(-\r\n", "(12a\r\n", "(1.5\r\n"] {
            #expect(respError(text)?.message.hasPrefix("invalid big number") == true, "\(text.debugDescription)")
        }
    }

    @Test("a RESP3 bulk error reads as an error, CRLF inside included")
    func bulkErrors() throws {
        #expect(try respReply("!21\r\nSYNTAX invalid syntax\r\n") == .error("SYNTAX invalid syntax"))
        #expect(try respReply("!4\r\na\r\nb\r\n") == .error("a\r\nb"))
        #expect(respError("!-1\r\n")?.message == "negative bulk error length '-1' at byte 0")
    }

    @Test("a verbatim string reads as a bulk string without its format prefix")
    func verbatimStrings() throws {
        #expect(try respReply("=15\r\ntxt:Some string\r\n") == .bulkString(respBytes("Some string")))
        #expect(try respReply("=4\r\nmkd:\r\n") == .bulkString([]))
    }

    @Test("a verbatim string shorter than its prefix or without the colon is an error")
    func malformedVerbatimStrings() {
        #expect(respError("=3\r\ntxt\r\n")?.message == "verbatim string without a 3-byte format and ':' at byte 4")
        #expect(respError("=4\r\ntxtx\r\n")?.offset == 4)
        #expect(respError("=0\r\n\r\n") != nil)
    }
}
