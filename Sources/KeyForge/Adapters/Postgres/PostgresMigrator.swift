/// Applies SQL migrations in order, each once, even with several hives starting at the same time.
///
/// On one connection: take a session advisory lock (so concurrent migrators queue behind each other),
/// create `schema_migrations` if missing, then apply every migration not recorded there, each in its
/// own transaction together with its `schema_migrations` row, and release the lock. A migration's SQL
/// may hold several statements but must not COMMIT itself (that would break its atomicity).
public enum PostgresMigrator {
    /// The advisory lock key every KeyForge migrator takes ("KFMIGRAT" in ASCII).
    public static let advisoryLockKey: Int64 = 0x4B46_4D49_4752_4154
    /// The table that records applied migrations.
    public static let tableName = "schema_migrations"

    /// Applies the migrations missing from `schema_migrations`, in list order, and returns their names
    /// (empty when the database was up to date). A migration that fails throws `.migration` naming it,
    /// with nothing of it left behind; the ones before it stay applied. A lost connection throws
    /// `.unavailable` instead (retry later). Waiting for another migrator's lock counts against
    /// `statementTimeout`. `log` receives one line per migration applied.
    public static func migrate(pool: PostgresPool, migrations: [(name: String, sql: String)],
                               log: (String) -> Void = { _ in }) throws(PostgresError) -> [String] {
        var seen: Set<String> = []
        for migration in migrations where !seen.insert(migration.name).inserted {
            throw .migration(name: migration.name, message: "listed twice")
        }
        return try pool.withConnection { connection throws(PostgresError) in
            try connection.execute("SELECT pg_advisory_lock($1)", [String(advisoryLockKey)])
            defer {
                // If the connection broke, the server released the session's lock with it.
                if !connection.needsReset { _ = try? connection.execute("SELECT pg_advisory_unlock($1)", [String(advisoryLockKey)]) }
            }
            try connection.execute("""
                CREATE TABLE IF NOT EXISTS \(tableName) (name text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())
                """)
            let applied = Set(try connection.execute("SELECT name FROM \(tableName)").rows.compactMap { $0["name"] })
            var appliedNow: [String] = []
            for migration in migrations where !applied.contains(migration.name) {
                try apply(migration, on: connection)
                log("migration \(migration.name) applied")
                appliedNow.append(migration.name)
            }
            return appliedNow
        }
    }

    private static func apply(_ migration: (name: String, sql: String), on connection: PostgresConnection) throws(PostgresError) {
        do {
            try connection.transaction { connection throws(PostgresError) in
                try connection.executeScript(migration.sql)
                try connection.execute("INSERT INTO \(tableName) (name) VALUES ($1)", [migration.name])
            }
        } catch where !error.isUnavailable {
            throw .migration(name: migration.name, message: error.description)
        }
    }
}
