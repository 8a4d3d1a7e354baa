/// The hive's SQL migrations: `data/migrations/*.sql`, embedded in the binary, applied in name order.
public enum HiveMigrations {
    /// Every migration, by name (`0001_schema.sql`), in order.
    public static var all: [(name: String, sql: String)] {
        EmbeddedAssets.names(under: "migrations").filter { $0.hasSuffix(".sql") }.sorted().compactMap { name in
            EmbeddedAssets.bytes("migrations/\(name)").map { (name, String(decoding: $0, as: UTF8.self)) }
        }
    }
}
