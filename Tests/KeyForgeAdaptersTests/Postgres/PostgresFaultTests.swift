import KeyForgeAdapters
import KeyForgeSystem
import KeyForgeTestSupport
import Testing

/// These tests stop and restart their server, so they run one at a time on a cluster of their own.
@Suite("PostgreSQL restarts and outages", .serialized)
struct PostgresFaultTests {
    private static let faultServer: PostgresServerHarness = {
        do { return try PostgresServerHarness() } catch { fatalError("cannot start PostgreSQL: \(error)") }
    }()
    let server = PostgresFaultTests.faultServer

    @Test("after a restart a connection reports .unavailable at most once, never re-runs the write, and its prepared statements work again")
    func preparedSurviveRestart() throws {
        let connection = try PostgresConnection.connect(server.configuration(url: server.createDatabase()))
        try connection.execute("CREATE TABLE counter (n int)")
        try connection.prepare(name: "add", sql: "INSERT INTO counter VALUES ($1)")
        try connection.prepare(name: "count", sql: "SELECT count(*) AS n FROM counter")
        try connection.executePrepared(name: "add", ["1"])
        let started = ContinuousClock.now
        try server.restart(immediate: true)
        let restartTime = ContinuousClock.now - started
        var firstCallRan = false
        do {
            try connection.executePrepared(name: "add", ["2"])
            firstCallRan = true
        } catch {
            #expect(error.isUnavailable, "\(error)")
        }
        try connection.executePrepared(name: "add", ["3"])
        #expect(try connection.executePrepared(name: "count").rows[0].int64("n") == (firstCallRan ? 3 : 2))
        #expect(!connection.needsReset)
        print("restart -m immediate took \(restartTime)")
    }

    @Test("a pool's idle connections notice a restart at checkout and reset before sending anything")
    func poolSurvivesRestart() throws {
        let pool = try PostgresPool(configuration: server.configuration(url: server.createDatabase()))
        try pool.execute("CREATE TABLE t (n int)")
        try pool.withConnection { connection throws(PostgresError) in
            try connection.prepare(name: "add", sql: "INSERT INTO t VALUES ($1)")
        }
        try server.restart(immediate: true)
        var unavailableCount = 0
        for n in 0..<3 {
            do {
                try pool.withConnection { connection throws(PostgresError) in
                    #expect(connection.isPrepared("add"))
                    try connection.executePrepared(name: "add", [String(n)])
                }
            } catch {
                #expect(error.isUnavailable, "\(error)")
                unavailableCount += 1
            }
        }
        #expect(unavailableCount <= 1)
        #expect(try pool.execute("SELECT count(*) AS n FROM t").rows[0].int64("n") == Int64(3 - unavailableCount))
    }

    @Test("a statement in flight when the server crashes fails with .unavailable at once instead of hanging")
    func crashDuringStatement() throws {
        let connection = try PostgresConnection.connect(server.configuration(url: server.createDatabase()))
        try connection.prepare(name: "one", sql: "SELECT 1 AS one")
        let server = self.server
        let crasher = try SystemThread(name: "pg-crasher") {
            WallClock.sleep(for: .milliseconds(300))
            try? server.restart(immediate: true)
        }
        let started = ContinuousClock.now
        do {
            try connection.execute("SELECT pg_sleep(5)")
            Issue.record("pg_sleep outlived the crash")
        } catch {
            #expect(error.isUnavailable, "\(error)")
        }
        #expect(ContinuousClock.now - started < .seconds(3))
        crasher.join()
        #expect(try connection.executePrepared(name: "one").rows[0].int64("one") == 1)
    }

    @Test("while the server is stopped calls fail fast with .unavailable, and the pool recovers when it returns")
    func downForAWhile() throws {
        let url = try server.createDatabase()
        let pool = try PostgresPool(configuration: server.configuration(url: url))
        let connection = try PostgresConnection.connect(server.configuration(url: url))
        try pool.execute("SELECT 1")
        try server.stop()
        var slowest = Duration.zero
        for _ in 0..<5 {
            slowest = max(slowest, timeToFail { () throws(PostgresError) in try pool.execute("SELECT 1") })
            slowest = max(slowest, timeToFail { () throws(PostgresError) in try connection.execute("SELECT 1") })
            slowest = max(slowest, timeToFail { () throws(PostgresError) in
                try PostgresConnection.connect(pool.configuration).close()
            })
        }
        #expect(slowest < .seconds(5))
        print("slowest failing call while down: \(slowest)")
        try server.start()
        #expect(try pool.execute("SELECT 1 AS one").rows[0].int64("one") == 1)
        #expect(try connection.execute("SELECT 1 AS one").rows[0].int64("one") == 1)
    }

    /// Runs `call`, expects it to fail with `.unavailable`, and returns how long that took.
    private func timeToFail(_ call: () throws(PostgresError) -> Void) -> Duration {
        let started = ContinuousClock.now
        do {
            try call()
            Issue.record("a call succeeded while the server was down")
        } catch {
            #expect(error.isUnavailable, "\(error)")
        }
        return ContinuousClock.now - started
    }
}
