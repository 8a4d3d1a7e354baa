/// Named limits on what the HTTP/1.1 parsers accept, each checked before the memory it guards is allocated.
///
/// The head limits are checked byte by byte as input arrives, so a peer that streams an endless
/// request line or header section is refused as soon as it crosses the limit, not when it stops.
/// Body limits are checked against the declared length (`Content-Length`, or each chunk size) before
/// any body byte is read.
public struct HTTPLimits: Sendable, Equatable {
    /// The default longest request line (or response status line), 8 KiB, excluding its CRLF.
    public static let defaultMaxRequestLineBytes = 8 << 10
    /// The default largest number of header field lines in one head.
    public static let defaultMaxHeaderCount = 100
    /// The default largest head, 16 KiB: leading empty lines, start line, fields and the blank line.
    public static let defaultMaxHeaderBytes = 16 << 10
    /// The default largest body, 8 MiB, whether framed by `Content-Length` or by chunks.
    public static let defaultMaxBodyBytes = 8 << 20
    /// The default longest chunk-size line, 1 KiB: the size, any extensions, excluding its CRLF.
    public static let defaultMaxChunkLineBytes = 1 << 10
    /// The default largest trailer section of a chunked body, 8 KiB, excluding its final blank line.
    public static let defaultMaxTrailerBytes = 8 << 10

    /// The longest start line accepted, in bytes without its CRLF; one more byte fails with 414.
    public var maxRequestLineBytes: Int
    /// The most header field lines accepted; the first line past it fails with 431.
    public var maxHeaderCount: Int
    /// The largest head accepted, in bytes including every CRLF; one more byte fails with 431.
    public var maxHeaderBytes: Int
    /// The largest body accepted, in bytes of payload; a larger declared length fails with 413.
    public var maxBodyBytes: Int
    /// The longest chunk-size line accepted (size and extensions, without CRLF); longer fails with 400.
    public var maxChunkLineBytes: Int
    /// The largest trailer section accepted, in bytes of field lines with their CRLFs; larger fails with 431.
    public var maxTrailerBytes: Int

    /// Creates limits; every parameter defaults to the standard value.
    public init(
        maxRequestLineBytes: Int = HTTPLimits.defaultMaxRequestLineBytes,
        maxHeaderCount: Int = HTTPLimits.defaultMaxHeaderCount,
        maxHeaderBytes: Int = HTTPLimits.defaultMaxHeaderBytes,
        maxBodyBytes: Int = HTTPLimits.defaultMaxBodyBytes,
        maxChunkLineBytes: Int = HTTPLimits.defaultMaxChunkLineBytes,
        maxTrailerBytes: Int = HTTPLimits.defaultMaxTrailerBytes
    ) {
        self.maxRequestLineBytes = maxRequestLineBytes
        self.maxHeaderCount = maxHeaderCount
        self.maxHeaderBytes = maxHeaderBytes
        self.maxBodyBytes = maxBodyBytes
        self.maxChunkLineBytes = maxChunkLineBytes
        self.maxTrailerBytes = maxTrailerBytes
    }

    /// The limits used when a caller names none: line 8 KiB, 100 fields, head 16 KiB, body 8 MiB.
    public static let standard = HTTPLimits()
}
