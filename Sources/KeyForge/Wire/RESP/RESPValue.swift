/// A RESP2 or RESP3 reply value.
///
/// RESP3 adds types that RESP2 spells as arrays, strings or integers; each keeps its own case so
/// that callers can tell a map from a flat array. Verbatim strings (`=`) arrive as `.bulkString`
/// with their 3-byte format prefix (`txt:`) dropped, and RESP3 bulk errors (`!`) as `.error`, since
/// no caller KeyForge has needs the difference. Attributes (`|`) never appear as a value: the reader
/// parses and discards them (see `RESPReader`).
public enum RESPValue: Equatable, Sendable {
    /// A simple string (`+OK`); bytes that are not UTF-8 are replaced by U+FFFD.
    case simpleString(String)
    /// An error reply: a simple error (`-ERR ...`) or a RESP3 bulk error (`!`).
    case error(String)
    /// An integer (`:`), exact across the whole `Int64` range.
    case integer(Int64)
    /// A bulk string (`$`) or a RESP3 verbatim string (`=`, format prefix dropped), as raw bytes.
    case bulkString([UInt8])
    /// A null: RESP2 `$-1` and `*-1`, or RESP3 `_`.
    case null
    /// An array (`*`), elements in wire order.
    case array([RESPValue])
    /// A RESP3 boolean (`#t`, `#f`).
    case boolean(Bool)
    /// A RESP3 double (`,`); `inf`, `-inf` and `nan` are accepted as RESP3 allows.
    case double(Double)
    /// A RESP3 big number (`(`), kept as its text (sign included) since it may not fit any integer type.
    case bigNumber(String)
    /// A RESP3 map (`%`), pairs in wire order; keys are not checked for uniqueness.
    case map([RESPPair])
    /// A RESP3 set (`~`), elements in wire order; uniqueness is the server's promise, not checked.
    case set([RESPValue])
    /// A RESP3 push (`>`): an out-of-band message such as a pub/sub delivery.
    case push([RESPValue])
}
