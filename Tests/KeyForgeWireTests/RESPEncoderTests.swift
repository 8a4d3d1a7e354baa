import Testing
import KeyForgeWire

/// Commands encoded as arrays of bulk strings, byte for byte and read back.
@Suite("RESP encoder")
struct RESPEncoderTests {
    @Test("a command encodes as an array of bulk strings")
    func setCommand() {
        #expect(RESPEncoder.encode(command: ["SET", "key", "value"]) == respBytes("*3\r\n$3\r\nSET\r\n$3\r\nkey\r\n$5\r\nvalue\r\n"))
    }

    @Test("a command without arguments is an empty array")
    func emptyCommand() {
        #expect(RESPEncoder.encode(command: [String]()) == respBytes("*0\r\n"))
    }

    @Test("an empty argument is an empty bulk string, not a null")
    func emptyArgument() {
        #expect(RESPEncoder.encode(command: ["ECHO", ""]) == respBytes("*2\r\n$4\r\nECHO\r\n$0\r\n\r\n"))
    }

    @Test("lengths of 9, 10, 99, 100 and 12345 get every digit")
    func lengthDigits() {
        for length in [9, 10, 99, 100, 12_345] {
            let argument = [UInt8](repeating: UInt8(ascii: "z"), count: length)
            let expected = respBytes("*1\r\n$\(length)\r\n") + argument + respBytes("\r\n")
            #expect(RESPEncoder.encode(command: [argument]) == expected, "length \(length)")
        }
        let arguments = Array(repeating: "a", count: 10)
        #expect(RESPEncoder.encode(command: arguments).starts(with: respBytes("*10\r\n$1\r\na\r\n")))
    }

    @Test("text arguments encode as their UTF-8 bytes, as byte arguments do")
    func textAndBytesAgree() {
        let text = ["HSET", "caf\u{e9}", "\u{1F600}"]
        #expect(RESPEncoder.encode(command: text) == RESPEncoder.encode(command: text.map { Array($0.utf8) }))
        #expect(RESPEncoder.encode(command: ["caf\u{e9}"]) == respBytes("*1\r\n$5\r\ncaf\u{e9}\r\n"))
    }

    @Test("append adds after what the buffer already holds, so commands can be pipelined")
    func appendPipelines() throws {
        var buffer = respBytes("*1\r\n$4\r\nPING\r\n")
        RESPEncoder.append(command: ["GET", "k"], to: &buffer)
        RESPEncoder.append(command: [respBytes("DEL"), respBytes("k")], to: &buffer)
        #expect(try respReplies(buffer) == [
            .array([.bulkString(respBytes("PING"))]),
            .array([.bulkString(respBytes("GET")), .bulkString(respBytes("k"))]),
            .array([.bulkString(respBytes("DEL")), .bulkString(respBytes("k"))]),
        ])
    }

    @Test("encoder output reads back as the array of bulks it was made of, binary bytes and CRLF inside included")
    func roundTrip() throws {
        let arguments: [[UInt8]] = [
            [], respBytes("\r\n"), respBytes("a\r\nb"), [0, 255, 13, 10, 13], respBytes("*1\r\n$-1\r\n"),
            (0...255).map { UInt8($0) }, [UInt8](repeating: 13, count: 1000),
        ]
        let encoded = RESPEncoder.encode(command: arguments)
        let expected = RESPValue.array(arguments.map { .bulkString($0) })
        #expect(try respReplies(encoded) == [expected])
        #expect(try respDripFed(encoded, chunkSize: 1) == [expected])
    }
}
