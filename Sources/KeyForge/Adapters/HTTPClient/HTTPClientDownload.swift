/// What `HTTPClient.download` placed: where, how many bytes, and their SHA-256.
public struct HTTPClientDownload: Sendable, Equatable {
    /// The destination path, now holding the whole body.
    public var path: String
    /// The body length in bytes.
    public var byteCount: Int64
    /// The SHA-256 of the body, 64 lower-case hex digits (computed as the bytes arrived).
    public var sha256: String

    /// Creates a result.
    public init(path: String, byteCount: Int64, sha256: String) {
        self.path = path
        self.byteCount = byteCount
        self.sha256 = sha256
    }
}
