import KeyForgeAdapters
import KeyForgeSystem
import KeyForgeTestSupport
import Testing

/// A PostgreSQL link that dies silently in the middle of a transaction (blackholed through
/// `BlackholeProxy`: packets dropped both ways, no FIN, no RST) must neither keep the row locked
/// until TCP keepalive (about 2 hours on the server's side) nor hang the client.
@Suite("PostgreSQL over a dead link")
struct PostgresDeadLinkTests {
    /// The brief's bar for the server releasing the lock, with the production idle-in-transaction timeout.
    private static let unlockDeadline: Duration = .seconds(60)
    /// The client's reply deadline plus generous slack for a busy 2-core machine.
    private static let noticeDeadline: Duration = PostgresConfiguration.defaultStatementTimeout + PostgresConfiguration.replyGrace + .seconds(40)

    @Test("a row locked in a transaction whose link is blackholed is released by the server within a minute, and the pool notices and reconnects")
    func blackholedTransactionReleasesItsLock() throws {
        let server = PostgresServerHarness.shared
        let url = try server.createDatabase()
        let direct = try PostgresConnection.connect(server.configuration(url: url))
        try direct.execute("CREATE TABLE units (id int PRIMARY KEY, owner text)")
        try direct.execute("INSERT INTO units VALUES (1, NULL)")

        let proxy = try BlackholeProxy(targetPort: server.port)
        defer { proxy.stop() }
        // The production timeouts, not the harness's short test ones: they are what is being proven.
        var configuration = try server.configuration(url: url.replacing(":\(server.port)/", with: ":\(proxy.port)/"))
        configuration.statementTimeout = PostgresConfiguration.defaultStatementTimeout
        configuration.idleInTransactionTimeout = PostgresConfiguration.defaultIdleInTransactionTimeout
        let pool = PostgresPool(configuration: configuration)

        let released = Locked<Duration?>(nil)
        var watcher: SystemThread?
        var blackholed = ContinuousClock.now
        var clientError: PostgresError?
        do {
            try pool.transaction { connection throws(PostgresError) in
                #expect(try connection.execute("SELECT id FROM units WHERE id = 1 FOR UPDATE").rows.count == 1)
                #expect(Self.isLocked(direct))
                proxy.blackhole()
                blackholed = .now
                let since = blackholed
                // From a direct connection, the row becomes lockable once the server ends the idle transaction.
                watcher = try? SystemThread(name: "kf-test-unlock") {
                    while ContinuousClock.now - since < Self.unlockDeadline {
                        if !Self.isLocked(direct) { released.withLock { $0 = ContinuousClock.now - since }; return }
                        WallClock.sleep(for: .milliseconds(250))
                    }
                }
                // The client's next statement goes into the void: only its reply deadline can end the wait.
                try connection.execute("UPDATE units SET owner = 'hive' WHERE id = 1")
            }
            Issue.record("the UPDATE was answered through a blackholed link")
        } catch {
            clientError = error
        }
        let noticed = ContinuousClock.now - blackholed
        watcher?.join()
        #expect(clientError?.isUnavailable == true, "\(String(describing: clientError))")
        #expect(noticed < Self.noticeDeadline, "the client took \(noticed) to give up")
        let unlock = released.withLock { $0 }
        #expect(unlock != nil, "the row was still locked \(Self.unlockDeadline) after the link died")

        proxy.restore()
        let owner = try pool.execute("SELECT owner FROM units WHERE id = 1").rows.first?["owner"]
        let reconnected = ContinuousClock.now - blackholed
        #expect(owner == nil, "the transaction's UPDATE must not have happened")
        #expect(proxy.acceptedCount >= 2, "the pool must have reconnected through a new connection")
        print("dead PostgreSQL link: row lockable again after \(unlock.map(\.description) ?? "never"), "
              + "client gave up after \(noticed), pool answered again after \(reconnected)")
    }

    @Test("every connection gets idle_in_transaction_session_timeout and statement_timeout, and a user's own values in options win")
    func sessionTimeouts() throws {
        let server = PostgresServerHarness.shared
        let url = try server.createDatabase()
        var configuration = try server.configuration(url: url)
        configuration.statementTimeout = PostgresConfiguration.defaultStatementTimeout
        configuration.idleInTransactionTimeout = PostgresConfiguration.defaultIdleInTransactionTimeout
        let ours = try PostgresConnection.connect(configuration)
        #expect(try ours.execute("SHOW statement_timeout").rows[0]["statement_timeout"] == "30s")
        #expect(try ours.execute("SHOW idle_in_transaction_session_timeout").rows[0]["idle_in_transaction_session_timeout"] == "30s")
        #expect(configuration.replyTimeout == .seconds(40))

        var theirs = try server.configuration(url: url + "?options=-c%20statement_timeout%3D5min%20-c%20idle_in_transaction_session_timeout%3D7s")
        theirs.statementTimeout = PostgresConfiguration.defaultStatementTimeout
        let user = try PostgresConnection.connect(theirs)
        #expect(try user.execute("SHOW statement_timeout").rows[0]["statement_timeout"] == "5min")
        #expect(try user.execute("SHOW idle_in_transaction_session_timeout").rows[0]["idle_in_transaction_session_timeout"] == "7s")
        #expect(theirs.replyTimeout == .seconds(310), "the client's deadline follows the user's statement timeout")
        #expect(try server.configuration(url: url + "?options=--statement-timeout%3D0").replyTimeout == nil)
    }

    /// True when the row is locked by someone else (`FOR UPDATE NOWAIT` fails with 55P03).
    private static func isLocked(_ connection: PostgresConnection) -> Bool {
        do {
            try connection.transaction { connection throws(PostgresError) in
                try connection.execute("SELECT id FROM units WHERE id = 1 FOR UPDATE NOWAIT")
            }
            return false
        } catch {
            return error.sqlState == "55P03"
        }
    }
}
