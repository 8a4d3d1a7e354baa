/// A canonical binary encoding for hashing (docs/adr/0004-canonical-job-ids.md): one value, one byte sequence, forever.
///
/// The format, version 1 (never change it; add a new version instead):
/// - the 4-byte magic of the record kind (e.g. `KFJ1`), then fields in the order the caller fixes;
/// - each field is a one-byte field number, then one typed value;
/// - typed values: `0x00` absent; `0x01` string = length as unsigned LEB128, then UTF-8 bytes;
///   `0x02` integer = 8 bytes two's complement, big-endian; `0x03` float = the IEEE-754 binary64 bit
///   pattern, big-endian (`-0.0` is written as `0.0`; NaN and infinities are refused by the caller's
///   validation before encoding); `0x04` list = count as LEB128, then the values; `0x05` bool = one
///   byte 0 or 1.
/// No field is ever skipped: an absent optional is written as `0x00`, so every configuration of a
/// kind has the same field sequence and a reordering can never hash the same as the original.
public struct CanonicalEncoder: Sendable {
    /// The encoded bytes so far.
    public private(set) var bytes: [UInt8] = []

    /// Starts a record with its 4-byte magic.
    public init(magic: String) {
        precondition(magic.utf8.count == 4, "a canonical record's magic is 4 bytes")
        bytes.append(contentsOf: magic.utf8)
    }

    /// Field `number` holding a string.
    public mutating func field(_ number: UInt8, string: String) {
        bytes.append(number)
        appendString(string)
    }

    /// Field `number` holding an integer.
    public mutating func field(_ number: UInt8, integer: Int64) {
        bytes.append(number)
        appendInteger(integer)
    }

    /// Field `number` holding a float, by bit pattern.
    public mutating func field(_ number: UInt8, float: Double) {
        bytes.append(number)
        appendFloat(float)
    }

    /// Field `number` holding a bool.
    public mutating func field(_ number: UInt8, bool: Bool) {
        bytes.append(number)
        bytes.append(0x05)
        bytes.append(bool ? 1 : 0)
    }

    /// Field `number` absent.
    public mutating func absent(_ number: UInt8) {
        bytes.append(number)
        bytes.append(0x00)
    }

    /// Field `number` holding a list whose items `body` appends with the `item` methods.
    public mutating func field(_ number: UInt8, listOf count: Int, _ body: (inout CanonicalEncoder) -> Void) {
        bytes.append(number)
        bytes.append(0x04)
        appendLength(count)
        body(&self)
    }

    /// A string item of a list.
    public mutating func item(string: String) { appendString(string) }
    /// An integer item of a list.
    public mutating func item(integer: Int64) { appendInteger(integer) }
    /// A float item of a list.
    public mutating func item(float: Double) { appendFloat(float) }

    private mutating func appendString(_ string: String) {
        bytes.append(0x01)
        appendLength(string.utf8.count)
        bytes.append(contentsOf: string.utf8)
    }

    private mutating func appendInteger(_ value: Int64) {
        bytes.append(0x02)
        appendBigEndian(UInt64(bitPattern: value))
    }

    private mutating func appendFloat(_ value: Double) {
        bytes.append(0x03)
        appendBigEndian((value == 0 ? 0.0 : value).bitPattern)
    }

    private mutating func appendLength(_ count: Int) {
        var value = UInt64(count)
        repeat {
            let low = UInt8(value & 0x7F)
            value >>= 7
            bytes.append(value == 0 ? low : low | 0x80)
        } while value != 0
    }

    private mutating func appendBigEndian(_ value: UInt64) {
        for shift in stride(from: 56, through: 0, by: -8) { bytes.append(UInt8(truncatingIfNeeded: value >> UInt64(shift))) }
    }
}
