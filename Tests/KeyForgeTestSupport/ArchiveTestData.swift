import KeyForgeAdapters
import KeyForgeServices
import KeyForgeSystem
import KeyForgeWire

/// A migrated hive database with archivable rows, and a fingerprint of every result row wherever it is.
public struct ArchiveTestData {
    /// The pool on the database.
    public let pool: PostgresPool
    /// Its URL.
    public let url: String

    /// A fresh migrated database.
    public init() throws {
        url = try PostgresServerHarness.shared.createDatabase()
        pool = PostgresPool(configuration: try PostgresServerHarness.shared.configuration(url: url, poolSize: 4))
        _ = try PostgresMigrator.migrate(pool: pool, migrations: HiveMigrations.all, log: { _ in })
    }

    /// A finished job (`status`) with `count` results, 40 days old; its first result is its best.
    /// Returns the job id.
    @discardableResult
    public func addJob(results count: Int, status: String = "done", ageDays: Int = 40, tag: String = "a") throws -> String {
        let id = SHA256.hex(Array("job-\(tag)-\(count)-\(status)-\(ageDays)".utf8))
        try pool.execute("INSERT INTO jobs (id, config, keyboard, status, units_total) VALUES ($1, '{}', 'corne', $2, 1)", [id, status])
        try addResults(job: id, count: count, ageDays: ageDays)
        try pool.execute("UPDATE jobs SET best_result = (SELECT min(id) FROM results WHERE job_id = $1) WHERE id = $1", [id])
        return id
    }

    /// `count` more results of `job`, `ageDays` old, with varied JSON metrics.
    public func addResults(job: String, count: Int, ageDays: Int = 40) throws {
        try pool.execute("""
            INSERT INTO results (job_id, unit, layout, score, metrics, node_id, nonce, created_at)
            SELECT $1, g % 4, 'qwerty ' || g, 1000000 + g * 7,
                   jsonb_build_object('sfb', g * 0.25, 'parts', jsonb_build_array(g, 'x', null), 'name', 'r"\\' || g),
                   'node-' || (g % 3), md5(random()::text || g), now() - make_interval(days => $3) + g * interval '1 ms'
            FROM generate_series(1, $2::int) g
            """, [job, String(count), String(ageDays)])
    }

    /// Row counts: (live results, archived results, ids in both, archived ids listed twice).
    public func counts() throws -> (live: Int64, archived: Int64, both: Int64) {
        let row = try pool.execute("""
            SELECT (SELECT count(*) FROM results) AS live, (SELECT count(*) FROM results_archive) AS archived,
                   (SELECT count(*) FROM results r JOIN results_archive a USING (id)) AS both
            """).rows[0]
        return (row.int64("live") ?? -1, row.int64("archived") ?? -1, row.int64("both") ?? -1)
    }

    /// A digest of every result row's columns, live or archived, each id once (live wins), with the
    /// number of distinct ids: equal before and after an archive run exactly when no row was lost or changed.
    public func fingerprint() throws -> (rows: Int64, digest: String) {
        let columns = "id, job_id, unit, layout, score, metrics, node_id, nonce, created_at"
        let row = try pool.execute("""
            SELECT count(*) AS n, md5(string_agg(row_to_json(x)::text, ',' ORDER BY id)) AS digest FROM (
                SELECT DISTINCT ON (id) * FROM (SELECT \(columns) FROM results UNION ALL SELECT \(columns) FROM results_archive) u ORDER BY id
            ) x
            """).rows[0]
        return (row.int64("n") ?? -1, row["digest"] ?? "")
    }
}

/// Waits until `condition` holds (polling every 20 ms), or throws after `timeout`.
public func eventually(_ what: String, timeout: Duration = .seconds(20), _ condition: () throws -> Bool) throws {
    let deadline = ContinuousClock.now + timeout
    while try !condition() {
        guard ContinuousClock.now < deadline else { throw HarnessError("timed out waiting for \(what)") }
        WallClock.sleep(for: .milliseconds(20))
    }
}
