import KeyForgeWire

/// The bytes of `text` as UTF-8.
func respBytes(_ text: String) -> [UInt8] {
    Array(text.utf8)
}

/// Every reply the reader returns for `bytes` fed in one piece, in order.
func respReplies(_ bytes: [UInt8], limits: RESPLimits = .standard) throws(RESPProtocolError) -> [RESPValue] {
    var reader = RESPReader(limits: limits)
    reader.feed(bytes)
    var replies: [RESPValue] = []
    while let reply = try reader.next() { replies.append(reply) }
    return replies
}

/// The first reply the reader returns for `text` fed in one piece, or nil when it needs more bytes.
func respReply(_ text: String, limits: RESPLimits = .standard) throws(RESPProtocolError) -> RESPValue? {
    var reader = RESPReader(limits: limits)
    reader.feed(respBytes(text))
    return try reader.next()
}

/// The error the reader throws for `text` fed in one piece, or nil when it throws none.
func respError(_ text: String, limits: RESPLimits = .standard) -> RESPProtocolError? {
    respError(respBytes(text), limits: limits)
}

/// The error the reader throws for `bytes` fed in one piece, or nil when it throws none.
func respError(_ bytes: [UInt8], limits: RESPLimits = .standard) -> RESPProtocolError? {
    do {
        _ = try respReplies(bytes, limits: limits)
        return nil
    } catch {
        return error
    }
}

/// Every reply the reader returns when `bytes` arrive in pieces of `chunkSize`, taking replies after each feed.
func respDripFed(_ bytes: [UInt8], chunkSize: Int, limits: RESPLimits = .standard) throws(RESPProtocolError) -> [RESPValue] {
    var reader = RESPReader(limits: limits)
    var replies: [RESPValue] = []
    for start in stride(from: 0, to: bytes.count, by: chunkSize) {
        reader.feed(bytes[start..<min(start + chunkSize, bytes.count)])
        while let reply = try reader.next() { replies.append(reply) }
    }
    return replies
}

/// `depth` arrays of one element nested around `:1`, e.g. `*1\r\n*1\r\n:1\r\n` for 2.
func respNestedArrays(_ depth: Int) -> String {
    String(repeating: "*1\r\n", count: depth) + ":1\r\n"
}

/// The value of `respNestedArrays(depth)`.
func respNestedValue(_ depth: Int) -> RESPValue {
    var value = RESPValue.integer(1)
    for _ in 0..<depth { value = .array([value]) }
    return value
}

/// One reply of every type, each with the value it reads as: the drip-feeding tests' corpus.
let respSamples: [(text: String, value: RESPValue)] = [
    ("+OK\r\n", .simpleString("OK")),
    ("-ERR unknown command 'foo'\r\n", .error("ERR unknown command 'foo'")),
    (":-9223372036854775808\r\n", .integer(.min)),
    ("$12\r\nhello\r\nworld\r\n", .bulkString(respBytes("hello\r\nworld"))),
    ("$0\r\n\r\n", .bulkString([])),
    ("$-1\r\n", .null),
    ("*-1\r\n", .null),
    ("_\r\n", .null),
    ("#t\r\n", .boolean(true)),
    (",-1.5e3\r\n", .double(-1500)),
    (",-inf\r\n", .double(-.infinity)),
    ("(-3492890328409238509324850943850943825024385\r\n", .bigNumber("-3492890328409238509324850943850943825024385")),
    ("!21\r\nSYNTAX invalid syntax\r\n", .error("SYNTAX invalid syntax")),
    ("=15\r\ntxt:Some string\r\n", .bulkString(respBytes("Some string"))),
    ("*0\r\n", .array([])),
    ("*3\r\n:1\r\n*2\r\n+a\r\n$-1\r\n%0\r\n", .array([.integer(1), .array([.simpleString("a"), .null]), .map([])])),
    ("%2\r\n+first\r\n:1\r\n$6\r\nsecond\r\n#f\r\n", .map([
        RESPPair(key: .simpleString("first"), value: .integer(1)),
        RESPPair(key: .bulkString(respBytes("second")), value: .boolean(false)),
    ])),
    ("~2\r\n+a\r\n:2\r\n", .set([.simpleString("a"), .integer(2)])),
    (">3\r\n$7\r\nmessage\r\n$2\r\nch\r\n$2\r\nhi\r\n", .push([
        .bulkString(respBytes("message")), .bulkString(respBytes("ch")), .bulkString(respBytes("hi")),
    ])),
    ("|1\r\n+ttl\r\n:3600\r\n*1\r\n|1\r\n+a\r\n+b\r\n:7\r\n", .array([.integer(7)])),
]

/// All of `respSamples` back to back, as one stream.
let respSampleStream: [UInt8] = respSamples.flatMap { respBytes($0.text) }
