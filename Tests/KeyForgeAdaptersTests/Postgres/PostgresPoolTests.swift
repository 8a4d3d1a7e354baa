import Dispatch
import KeyForgeAdapters
import KeyForgeSystem
import KeyForgeTestSupport
import Testing

@Suite("PostgreSQL pool")
struct PostgresPoolTests {
    let server = PostgresServerHarness.shared

    @Test("with every connection busy a caller waits checkoutTimeout, then gets .unavailable(pool exhausted)")
    func exhaustion() throws {
        var configuration = try server.configuration(url: server.createDatabase(), poolSize: 2)
        configuration.checkoutTimeout = .milliseconds(300)
        let pool = PostgresPool(configuration: configuration)
        let holding = DispatchSemaphore(value: 0)
        let release = DispatchSemaphore(value: 0)
        let holders = try (0..<2).map { index in
            try SystemThread(name: "pg-holder-\(index)") {
                try? pool.withConnection { _ throws(PostgresError) in
                    holding.signal()
                    release.wait()
                }
            }
        }
        holding.wait()
        holding.wait()
        let started = ContinuousClock.now
        do {
            try pool.execute("SELECT 1")
            Issue.record("a third connection was handed out")
        } catch {
            guard case .unavailable(let message) = error else { Issue.record("\(error)"); return }
            #expect(message.contains("pool exhausted"))
        }
        let waited = ContinuousClock.now - started
        #expect(waited >= .milliseconds(250) && waited < .seconds(2))
        release.signal()
        release.signal()
        for holder in holders { holder.join() }
        #expect(try pool.execute("SELECT 1 AS one").rows[0].int64("one") == 1)
    }

    @Test("a waiter gets a connection the moment another caller returns one")
    func handOff() throws {
        var configuration = try server.configuration(url: server.createDatabase(), poolSize: 1)
        configuration.checkoutTimeout = .seconds(10)
        let pool = PostgresPool(configuration: configuration)
        let holding = DispatchSemaphore(value: 0)
        let holder = try SystemThread(name: "pg-holder") {
            try? pool.withConnection { connection throws(PostgresError) in
                holding.signal()
                try connection.execute("SELECT pg_sleep(0.3)")
            }
        }
        holding.wait()
        let started = ContinuousClock.now
        #expect(try pool.execute("SELECT 1 AS one").rows[0].int64("one") == 1)
        let waited = ContinuousClock.now - started
        holder.join()
        #expect(waited >= .milliseconds(150) && waited < .seconds(2))
    }

    @Test("a transaction left open inside withConnection is rolled back before the connection is reused")
    func leftOpenTransaction() throws {
        let pool = try PostgresPool(configuration: server.configuration(url: server.createDatabase(), poolSize: 1))
        try pool.execute("CREATE TABLE t (n int)")
        try pool.withConnection { connection throws(PostgresError) in
            try connection.execute("BEGIN")
            try connection.execute("INSERT INTO t VALUES (1)")
        }
        #expect(try pool.execute("SELECT count(*) AS n FROM t").rows[0].int64("n") == 0)
    }
}
