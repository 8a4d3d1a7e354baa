/// Named limits on what `RESPReader` accepts, each checked before the memory it guards is allocated.
///
/// A header such as `*2000000000` or `$4000000000` is rejected as soon as its line is read, before
/// anything is reserved for it; a header within the limits still reserves no more than the bytes
/// already received can fill, so memory always follows the bytes that actually arrived.
/// Values are freed recursively, which is why nesting is limited at all.
public struct RESPLimits: Sendable {
    /// The default nesting limit, 16: hiredis stops at 7, which deep Lua or `XINFO STREAM ... FULL`
    /// replies can approach, while 16 still keeps recursive code over values trivially safe.
    public static let defaultMaxDepth = 16
    /// The default limit on the values in one aggregate, 16 Mi (`1 << 24`).
    public static let defaultMaxElements = 1 << 24
    /// The default limit on one bulk string, 512 MiB: the server's own `proto-max-bulk-len`.
    public static let defaultMaxBulkLength = 512 << 20
    /// The default limit on one line, 64 KiB.
    public static let defaultMaxLineLength = 64 << 10

    /// The deepest nesting of aggregates accepted: `*1\r\n*1\r\n:1\r\n` has depth 2 and a scalar
    /// depth 0. Attributes count as aggregates. One more level is an error.
    public var maxDepth: Int
    /// The most values one aggregate may hold, counting both the key and the value of each map or
    /// attribute pair, so `%2` holds 4 values; a RESP3 map and its RESP2 flat-array form then meet
    /// the same limit.
    public var maxElements: Int
    /// The longest bulk string, bulk error or verbatim string accepted, in bytes (the length header's value).
    public var maxBulkLength: Int
    /// The longest line accepted, in bytes between the type byte and the CRLF: the whole of a
    /// simple string, error, integer, double, big number, boolean or null, and every length header.
    public var maxLineLength: Int

    /// Creates limits; every parameter defaults to the standard value.
    public init(
        maxDepth: Int = RESPLimits.defaultMaxDepth,
        maxElements: Int = RESPLimits.defaultMaxElements,
        maxBulkLength: Int = RESPLimits.defaultMaxBulkLength,
        maxLineLength: Int = RESPLimits.defaultMaxLineLength
    ) {
        self.maxDepth = maxDepth
        self.maxElements = maxElements
        self.maxBulkLength = maxBulkLength
        self.maxLineLength = maxLineLength
    }

    /// The limits used when a caller names none: depth 16, 16 Mi values, bulks of 512 MiB, lines of 64 KiB.
    public static let standard = RESPLimits()
}
