/// The size limits on what the hive accepts in a request, shared by the server that reads the body, the
/// parser that reads its JSON, and the clients that read from disk what they will post.
package enum HiveLimits {
    /// The largest request body, 1 MiB: bodies are single JSON documents (a job config, a result with one
    /// layout, a heartbeat) of at most a few KiB, and the hive buffers a body whole (after routing and
    /// auth on its head), so this bounds what each connection can make it hold. A job file or a kept result larger than this
    /// would be refused by the hive, so clients read no more.
    package static let maxBodyBytes = 1 << 20

    /// The longest JSON string in a body, 64 KiB: the longest legitimate strings are ids, node names and
    /// a layout's characters (tens of bytes), and a string is copied out of the body as it is parsed.
    package static let maxStringBytes = 64 << 10

    /// The most request-body bytes the hive buffers at once across all connections, 256 MiB: a quarter of
    /// its unit's MemoryMax of 1G (systemd/), leaving the rest for the database pool, the plan cache and
    /// re-scoring; past it a new body gets 503 with Retry-After (docs/OPERATIONS.md, "Request bodies").
    package static let maxBufferedBodyBytes = 256 << 20
}
