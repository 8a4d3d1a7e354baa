/// Named limits on what the JSON parser accepts, each checked before the memory it guards is allocated.
///
/// The parser keeps containers on its own stack rather than the call stack, so parsing a deep
/// document cannot overflow the thread's stack. Code that later walks the value still recurses
/// (equality, the writer, and freeing it: a value nested 100,000 deep crashes when released), so
/// `maxDepth` is what keeps a hostile document harmless; raise it by hundreds, not by orders.
public struct JSONLimits: Sendable {
    /// The default nesting limit: arrays and objects together, so `[[1]]` has depth 2.
    public static let defaultMaxDepth = 64
    /// The default limit on a whole document, 64 MiB.
    public static let defaultMaxInputBytes = 64 << 20
    /// The default limit on one string after unescaping, 1 MiB.
    public static let defaultMaxStringBytes = 1 << 20

    /// The deepest nesting of arrays and objects accepted; one more level is an error.
    public var maxDepth: Int
    /// The largest document accepted, in bytes of UTF-8.
    public var maxInputBytes: Int
    /// The longest string (keys included) accepted, in bytes of UTF-8 after unescaping.
    public var maxStringBytes: Int

    /// Creates limits; every parameter defaults to the standard value.
    public init(
        maxDepth: Int = JSONLimits.defaultMaxDepth,
        maxInputBytes: Int = JSONLimits.defaultMaxInputBytes,
        maxStringBytes: Int = JSONLimits.defaultMaxStringBytes
    ) {
        self.maxDepth = maxDepth
        self.maxInputBytes = maxInputBytes
        self.maxStringBytes = maxStringBytes
    }

    /// The limits used when a caller names none: depth 64, input 64 MiB, strings 1 MiB.
    public static let standard = JSONLimits()
}
