/// Encodes commands as RESP arrays of bulk strings.
///
/// That is the only form a server accepts from clients in both RESP2 and RESP3 (inline commands
/// are for people at a terminal). Bulk strings carry their length, so arguments may hold any bytes,
/// CRLF included. The exact size is worked out first so the buffer grows at most once per command.
public enum RESPEncoder {
    /// Appends `*<count>\r\n` and then `$<length>\r\n<bytes>\r\n` for every argument.
    public static func append(command arguments: [[UInt8]], to buffer: inout [UInt8]) {
        var size = headerSize(arguments.count)
        for argument in arguments { size += headerSize(argument.count) + argument.count + 2 }
        buffer.reserveCapacity(buffer.count + size)
        appendHeader(UInt8(ascii: "*"), arguments.count, to: &buffer)
        for argument in arguments {
            appendHeader(UInt8(ascii: "$"), argument.count, to: &buffer)
            buffer.append(contentsOf: argument)
            appendLineEnd(to: &buffer)
        }
    }

    /// Appends a command whose arguments are text, each sent as its UTF-8 bytes.
    public static func append(command arguments: [String], to buffer: inout [UInt8]) {
        var size = headerSize(arguments.count)
        for argument in arguments { size += headerSize(argument.utf8.count) + argument.utf8.count + 2 }
        buffer.reserveCapacity(buffer.count + size)
        appendHeader(UInt8(ascii: "*"), arguments.count, to: &buffer)
        for argument in arguments {
            appendHeader(UInt8(ascii: "$"), argument.utf8.count, to: &buffer)
            buffer.append(contentsOf: argument.utf8)
            appendLineEnd(to: &buffer)
        }
    }

    /// A command whose arguments are text, as the bytes to send.
    public static func encode(command arguments: [String]) -> [UInt8] {
        var buffer: [UInt8] = []
        append(command: arguments, to: &buffer)
        return buffer
    }

    /// A command whose arguments are raw bytes, as the bytes to send.
    public static func encode(command arguments: [[UInt8]]) -> [UInt8] {
        var buffer: [UInt8] = []
        append(command: arguments, to: &buffer)
        return buffer
    }

    /// The size of a header line such as `$12\r\n`: type byte, decimal digits, CRLF.
    private static func headerSize(_ count: Int) -> Int {
        var digits = 1
        var rest = count
        while rest >= 10 {
            rest /= 10
            digits += 1
        }
        return 1 + digits + 2
    }

    /// Appends `type`, `count` in decimal and CRLF without building a `String`.
    private static func appendHeader(_ type: UInt8, _ count: Int, to buffer: inout [UInt8]) {
        buffer.append(type)
        var divisor = 1
        while divisor <= count / 10 { divisor *= 10 }
        var rest = count
        while divisor > 0 {
            buffer.append(UInt8(ascii: "0") + UInt8(rest / divisor))
            rest %= divisor
            divisor /= 10
        }
        appendLineEnd(to: &buffer)
    }

    /// Appends CRLF.
    private static func appendLineEnd(to buffer: inout [UInt8]) {
        buffer.append(UInt8(ascii: "\r"))
        buffer.append(UInt8(ascii: "\n"))
    }
}
