import KeyForgeAdapters
import KeyForgeTestSupport
import Testing

@Suite("PostgreSQL connection against a real server")
struct PostgresConnectionTests {
    let server = PostgresServerHarness.shared

    private func freshConnection() throws -> PostgresConnection {
        try PostgresConnection.connect(server.configuration(url: server.createDatabase()))
    }

    @Test("text parameters and NULLs round trip, including quotes, emoji and an empty string")
    func parametersAndNulls() throws {
        let connection = try freshConnection()
        let values: [String?] = ["plain", nil, "", "it's \"quoted\" \\ 🦀", String(repeating: "x", count: 100_000)]
        let result = try connection.execute("SELECT $1::text AS a, $2::text AS b, $3::text AS c, $4::text AS d, $5::text AS e", values)
        #expect(result.columns == ["a", "b", "c", "d", "e"])
        #expect(result.rows.count == 1)
        #expect(result.rows[0].values == values)
        #expect(result.rows[0]["b"] == nil)
        #expect(result.rows[0]["no such column"] == nil)
    }

    @Test("int8, float8, boolean and numeric read through the typed accessors; NULL reads as nil")
    func types() throws {
        let connection = try freshConnection()
        let row = try connection.execute("""
            SELECT 9223372036854775807::int8 AS big, -42 AS small, 0.1::float8 AS ratio, 'Infinity'::float8 AS inf,
                   true AS yes, false AS no, NULL::boolean AS unknown, 12.50::numeric AS money, 'abc' AS text
            """).rows[0]
        #expect(row.int64("big") == Int64.max)
        #expect(row.int64("small") == -42)
        #expect(row.double("ratio") == 0.1)
        #expect(row.double("inf") == .infinity)
        #expect(row.bool("yes") == true)
        #expect(row.bool("no") == false)
        #expect(row.bool("unknown") == nil)
        #expect(row.double("money") == 12.5)
        #expect(row.int64("text") == nil)
    }

    @Test("bytea round trips every byte value, and an empty one")
    func byteaRoundTrip() throws {
        let connection = try freshConnection()
        try connection.execute("CREATE TABLE blobs (id int PRIMARY KEY, data bytea)")
        let bytes = (0...255).map(UInt8.init) + [0, 0, 13, 10]
        try connection.execute("INSERT INTO blobs VALUES (1, $1), (2, $2)",
                               [PostgresRow.byteaParameter(bytes), PostgresRow.byteaParameter([])])
        let rows = try connection.execute("SELECT data, length(data) AS length FROM blobs ORDER BY id").rows
        #expect(rows[0].bytes("data") == bytes)
        #expect(rows[0].int64("length") == Int64(bytes.count))
        #expect(rows[1].bytes("data") == [])
        #expect(PostgresRow.byteaParameter([0x00, 0xAB, 0xFF]) == "\\x00abff")
    }

    @Test("a duplicate key is a .query error with isUniqueViolation, and the connection stays usable")
    func uniqueViolation() throws {
        let connection = try freshConnection()
        try connection.execute("CREATE TABLE jobs (id text PRIMARY KEY)")
        let inserted = try connection.execute("INSERT INTO jobs VALUES ($1)", ["j1"])
        #expect(inserted.affectedRows == 1)
        do {
            try connection.execute("INSERT INTO jobs VALUES ($1)", ["j1"])
            Issue.record("the duplicate was accepted")
        } catch {
            #expect(error.isUniqueViolation)
            #expect(error.sqlState == "23505")
            #expect(!error.isUnavailable)
        }
        #expect(try connection.execute("SELECT count(*) AS n FROM jobs").rows[0].int64("n") == 1)
    }

    @Test("syntax errors carry their SQLSTATE; a NUL inside a parameter is refused before sending")
    func queryErrors() throws {
        let connection = try freshConnection()
        do {
            try connection.execute("SELEC 1")
            Issue.record("bad SQL was accepted")
        } catch {
            #expect(error.sqlState == "42601")
        }
        do {
            try connection.execute("SELECT $1::text", ["a\u{0}b"])
            Issue.record("a NUL was sent")
        } catch {
            #expect(error.sqlState == "22021")
        }
        #expect(try connection.execute("SELECT 1 AS one").rows[0].int64("one") == 1)
    }

    @Test("an error inside a transaction rolls everything back; a commit keeps everything")
    func transactionRollback() throws {
        let pool = try PostgresPool(configuration: server.configuration(url: server.createDatabase()))
        try pool.execute("CREATE TABLE results (id int PRIMARY KEY)")
        do {
            try pool.transaction { connection throws(PostgresError) in
                try connection.execute("INSERT INTO results VALUES (1)")
                try connection.execute("INSERT INTO results VALUES (1)")
            }
            Issue.record("the transaction committed")
        } catch {
            #expect(error.isUniqueViolation)
        }
        #expect(try pool.execute("SELECT count(*) AS n FROM results").rows[0].int64("n") == 0)
        let count = try pool.transaction { connection throws(PostgresError) in
            try connection.execute("INSERT INTO results VALUES (1), (2)").affectedRows
        }
        #expect(count == 2)
        #expect(try pool.execute("SELECT count(*) AS n FROM results").rows[0].int64("n") == 2)
    }

    @Test("a transaction whose body swallowed a failed statement does not report a silent commit")
    func swallowedFailure() throws {
        let pool = try PostgresPool(configuration: server.configuration(url: server.createDatabase()))
        try pool.execute("CREATE TABLE t (id int PRIMARY KEY)")
        do {
            try pool.transaction { connection throws(PostgresError) in
                try connection.execute("INSERT INTO t VALUES (1)")
                _ = try? connection.execute("INSERT INTO t VALUES (1)")
            }
            Issue.record("an aborted transaction reported success")
        } catch {
            #expect(error.sqlState == "25P02")
        }
        #expect(try pool.execute("SELECT count(*) AS n FROM t").rows[0].int64("n") == 0)
    }

    @Test("prepared statements run with parameters; preparing the same one again is free")
    func preparedStatements() throws {
        let connection = try freshConnection()
        try connection.execute("CREATE TABLE kv (k text PRIMARY KEY, v int)")
        try connection.prepare(name: "put", sql: "INSERT INTO kv VALUES ($1, $2)")
        try connection.prepare(name: "put", sql: "INSERT INTO kv VALUES ($1, $2)")
        try connection.prepare(name: "get", sql: "SELECT v FROM kv WHERE k = $1")
        try connection.executePrepared(name: "put", ["a", "1"])
        try connection.executePrepared(name: "put", ["b", nil])
        #expect(try connection.executePrepared(name: "get", ["a"]).rows[0].int64("v") == 1)
        #expect(try connection.executePrepared(name: "get", ["b"]).rows[0]["v"] == nil)
        #expect(connection.isPrepared("get"))
        do {
            try connection.executePrepared(name: "nope", [])
            Issue.record("an unknown statement ran")
        } catch {
            #expect(error.sqlState == "26000")
        }
    }

    @Test("a keyword connection string over the unix socket connects")
    func unixSocket() throws {
        let url = try server.createDatabase()
        let database = String(url.split(separator: "/").last!)
        let configuration = try server.configuration(url: "host=\(server.folder) port=\(server.port) user=postgres dbname=\(database)")
        let connection = try PostgresConnection.connect(configuration)
        #expect(try connection.execute("SELECT current_database() AS db").rows[0]["db"] == database)
        #expect(try connection.execute("SELECT inet_server_addr() IS NULL AS local").rows[0].bool("local") == true)
    }

    @Test("statement_timeout is applied on connect and a slow statement fails with 57014, not .unavailable")
    func statementTimeout() throws {
        var configuration = try server.configuration(url: server.createDatabase())
        configuration.statementTimeout = .milliseconds(200)
        let connection = try PostgresConnection.connect(configuration)
        #expect(try connection.execute("SHOW statement_timeout").rows[0]["statement_timeout"] == "200ms")
        do {
            try connection.execute("SELECT pg_sleep(5)")
            Issue.record("pg_sleep(5) outlived a 200 ms timeout")
        } catch {
            #expect(error.sqlState == "57014")
        }
        #expect(try connection.execute("SELECT 1 AS one").rows.count == 1)
    }
}
