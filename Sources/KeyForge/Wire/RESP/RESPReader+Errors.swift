/// Building protocol errors: the place is given from the start of the stream, and bad bytes are
/// shown escaped and truncated so that a message stays one short line whatever the server sent.
extension RESPReader {
    /// The most bytes of a bad line quoted in a message.
    private static let maxQuotedBytes = 32

    /// An error with `message` at `index` in the buffer, reported as an offset in the whole stream.
    func failure(_ message: String, at index: Int) -> RESPProtocolError {
        let offset = droppedByteCount + index
        return RESPProtocolError(message: "\(message) at byte \(offset)", offset: offset)
    }

    /// The bytes of `line` as a message shows them: printable ASCII as is, others as `\xNN`, and at
    /// most `maxQuotedBytes` of them followed by "..." when the line is longer.
    func quoted(_ line: Range<Int>) -> String {
        var result = ""
        for byte in buffer[line].prefix(Self.maxQuotedBytes) {
            if byte >= 0x20 && byte < 0x7F && byte != UInt8(ascii: "\\") && byte != UInt8(ascii: "'") {
                result.unicodeScalars.append(Unicode.Scalar(byte))
            } else {
                result += "\\x" + Self.hex(byte)
            }
        }
        return line.count > Self.maxQuotedBytes ? result + "..." : result
    }

    /// A byte as a message shows it: quoted when printable ASCII, else in hex (`0x0D`).
    static func describe(_ byte: UInt8) -> String {
        byte > 0x20 && byte < 0x7F ? "'\(Character(Unicode.Scalar(byte)))'" : "0x\(hex(byte))"
    }

    /// Two uppercase hex digits.
    private static func hex(_ byte: UInt8) -> String {
        let digits = String(byte, radix: 16, uppercase: true)
        return digits.count < 2 ? "0" + digits : digits
    }
}
