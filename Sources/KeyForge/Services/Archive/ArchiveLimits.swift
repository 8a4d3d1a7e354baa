/// The limits of the archive protocol between the hive (`HiveArchiver`) and the archive worker
/// (`keyforge agent archive`), shared by both ends and the worker's command line.
package enum ArchiveLimits {
    /// The longest line either end accepts by default, 16 MiB: one `data/list` answer carries a whole
    /// batch of rows (a thousand by default) as JSON, so a line must hold the largest batch with room to
    /// spare, while still bounding what a broken peer makes the reader buffer.
    package static let defaultMaxLineBytes = 16 << 20

    /// The `--max-line-bytes` the worker accepts, 1 KiB to 256 MiB: smaller would refuse ordinary
    /// protocol lines, larger would let one line outgrow the largest file the tree reads whole.
    package static let maxLineBytesRange = (1 << 10)...(256 << 20)

    /// Tasks that may wait in the worker by default, 16384: far more than the collections a hive archives,
    /// so a full queue means a stuck worker rather than load.
    package static let defaultQueueLimit = 16_384
}
