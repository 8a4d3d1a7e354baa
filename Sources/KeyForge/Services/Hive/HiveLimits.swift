/// The size limits on what the hive accepts in a request, shared by the server that reads the body, the
/// parser that reads its JSON, and the clients that read from disk what they will post.
package enum HiveLimits {
    /// The largest request body, 1 MiB: bodies are single JSON documents (a job config, a result with one
    /// layout, a heartbeat) of at most a few KiB, and the hive buffers a body whole before routing it, so
    /// this bounds what each connection can make it hold. A job file or a kept result larger than this
    /// would be refused by the hive, so clients read no more.
    package static let maxBodyBytes = 1 << 20

    /// The longest JSON string in a body, 64 KiB: the longest legitimate strings are ids, node names and
    /// a layout's characters (tens of bytes), and a string is copied out of the body as it is parsed.
    package static let maxStringBytes = 64 << 10
}
