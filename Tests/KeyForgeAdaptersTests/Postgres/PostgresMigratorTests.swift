import KeyForgeAdapters
import KeyForgeSystem
import KeyForgeTestSupport
import Testing

@Suite("PostgreSQL migrations")
struct PostgresMigratorTests {
    let server = PostgresServerHarness.shared

    static let migrations: [(name: String, sql: String)] = [
        ("001_jobs", "CREATE TABLE jobs (id text PRIMARY KEY, config bytea NOT NULL)"),
        ("002_results", """
            CREATE TABLE results (job text REFERENCES jobs, node text, nonce text, score bigint, PRIMARY KEY (job, node, nonce));
            CREATE INDEX results_score ON results (job, score)
            """),
        ("003_nodes", "CREATE TABLE nodes (id text PRIMARY KEY, profile text)"),
    ]

    private func pool() throws -> PostgresPool {
        try PostgresPool(configuration: server.configuration(url: server.createDatabase()))
    }

    private func appliedNames(_ pool: PostgresPool) throws -> [String] {
        try pool.execute("SELECT name FROM schema_migrations ORDER BY name").rows.compactMap { $0["name"] }
    }

    @Test("from an empty database every migration is applied in order and recorded")
    func fromEmpty() throws {
        let pool = try pool()
        var lines: [String] = []
        let applied = try PostgresMigrator.migrate(pool: pool, migrations: Self.migrations) { lines.append($0) }
        #expect(applied == ["001_jobs", "002_results", "003_nodes"])
        #expect(lines.count == 3)
        #expect(try appliedNames(pool) == applied)
        try pool.execute("INSERT INTO jobs VALUES ('j', '\\x00')")
        try pool.execute("INSERT INTO results VALUES ('j', 'n', 'x', 1)")
    }

    @Test("running the same migrations again is a no-op; a new one is applied alone")
    func rerun() throws {
        let pool = try pool()
        _ = try PostgresMigrator.migrate(pool: pool, migrations: Self.migrations)
        var lines: [String] = []
        #expect(try PostgresMigrator.migrate(pool: pool, migrations: Self.migrations) { lines.append($0) } == [])
        #expect(lines.isEmpty)
        let more = Self.migrations + [("004_archive", "CREATE TABLE archive (id bigserial PRIMARY KEY)")]
        #expect(try PostgresMigrator.migrate(pool: pool, migrations: more) == ["004_archive"])
        #expect(try appliedNames(pool).count == 4)
    }

    @Test("a failing migration names itself, leaves nothing of itself, keeps earlier ones, releases the lock")
    func failingMigration() throws {
        let pool = try pool()
        let broken: [(name: String, sql: String)] = [
            Self.migrations[0],
            ("002_broken", "CREATE TABLE half (id int); INSERT INTO no_such_table VALUES (1)"),
            Self.migrations[2],
        ]
        do {
            _ = try PostgresMigrator.migrate(pool: pool, migrations: broken)
            Issue.record("the broken migration was applied")
        } catch {
            guard case .migration(let name, let message) = error else { Issue.record("\(error)"); return }
            #expect(name == "002_broken")
            #expect(message.contains("no_such_table"))
        }
        #expect(try appliedNames(pool) == ["001_jobs"])
        #expect(try pool.execute("SELECT to_regclass('half') IS NULL AS gone").rows[0].bool("gone") == true)
        #expect(try pool.execute("SELECT to_regclass('nodes') IS NULL AS gone").rows[0].bool("gone") == true)
        #expect(try pool.execute("""
            SELECT count(*) AS n FROM pg_locks
            WHERE locktype = 'advisory' AND database = (SELECT oid FROM pg_database WHERE datname = current_database())
            """).rows[0].int64("n") == 0)
        #expect(try PostgresMigrator.migrate(pool: pool, migrations: Self.migrations) == ["002_results", "003_nodes"])
    }

    @Test("a name listed twice is refused before anything runs")
    func duplicateName() throws {
        let pool = try pool()
        do {
            _ = try PostgresMigrator.migrate(pool: pool, migrations: [Self.migrations[0], Self.migrations[0]])
            Issue.record("a duplicate name was accepted")
        } catch {
            #expect(error == .migration(name: "001_jobs", message: "listed twice"))
        }
        #expect(try pool.execute("SELECT to_regclass('schema_migrations') IS NULL AS gone").rows[0].bool("gone") == true)
    }

    @Test("four migrators on four pools and four threads apply each migration exactly once")
    func concurrentMigrators() throws {
        let url = try server.createDatabase()
        let migrations: [(name: String, sql: String)] = [("000_log", "CREATE TABLE applied_log (step int)")]
            + (1...6).map { step in
                (String(format: "%03d_step", step), "SELECT pg_sleep(0.02); INSERT INTO applied_log VALUES (\(step))")
            }
        let outcomes = Locked<[Result<[String], PostgresError>]>([])
        let threads = try (0..<4).map { index in
            let configuration = try server.configuration(url: url, poolSize: 1)
            return try SystemThread(name: "migrator-\(index)") {
                let pool = PostgresPool(configuration: configuration)
                let outcome = Result { () throws(PostgresError) in
                    try PostgresMigrator.migrate(pool: pool, migrations: migrations)
                }
                outcomes.withLock { $0.append(outcome) }
            }
        }
        for thread in threads { thread.join() }
        let applied = try outcomes.withLock { list in try list.map { try $0.get() } }
        #expect(applied.count == 4)
        #expect(applied.flatMap { $0 }.sorted() == migrations.map(\.name))
        let pool = try PostgresPool(configuration: server.configuration(url: url))
        #expect(try pool.execute("SELECT step FROM applied_log ORDER BY step").rows.compactMap { $0.int64("step") } == Array(1...6))
        #expect(try appliedNames(pool) == migrations.map(\.name))
    }
}
