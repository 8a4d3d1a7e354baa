import Glibc
import KeyForgeAdapters
import KeyForgeSystem
import KeyForgeWire
import KeyForgeTestSupport
import Testing

@Suite("Valkey client against a real server")
struct ValkeyClientTests {
    let server = ValkeyServerHarness.shared

    @Test("PING answers PONG over RESP3 and over RESP2")
    func ping() throws {
        let resp3 = try ValkeyConnection.connect(server.configuration())
        #expect(resp3.protocolVersion == 3)
        #expect(try resp3.execute(["PING"]) == .simpleString("PONG"))
        var configuration = server.configuration()
        configuration.prefersRESP3 = false
        let resp2 = try ValkeyConnection.connect(configuration)
        #expect(resp2.protocolVersion == 2)
        #expect(try resp2.execute(["PING"]) == .simpleString("PONG"))
    }

    @Test("binary values with CR, LF and NUL inside round trip byte for byte")
    func binaryRoundTrip() throws {
        let client = ValkeyClient(configuration: server.configuration())
        let key = uniqueName("bin")
        let value: [UInt8] = [0, 13, 10, 255, 36, 42] + Array(repeating: 7, count: 200_000)
        try client.execute(bytes: [Array("SET".utf8), Array(key.utf8), value])
        #expect(try client.execute(["GET", key]) == .bulkString(value))
        #expect(try client.execute(["GET", uniqueName("missing")]) == .null)
    }

    @Test("a pipeline of 1000 commands returns 1000 replies in order, error replies in place")
    func pipelineOrder() throws {
        let client = ValkeyClient(configuration: server.configuration())
        let key = uniqueName("counter")
        var commands = (0..<999).map { _ in ["INCR", key] }
        commands.insert(["NOSUCHCOMMAND"], at: 500)
        let replies = try client.pipeline(commands)
        #expect(replies.count == 1000)
        #expect(replies[0] == .integer(1))
        #expect(replies[499] == .integer(500))
        guard case .error(let message) = replies[500] else { Issue.record("\(replies[500])"); return }
        #expect(message.contains("unknown command"))
        #expect(replies[501] == .integer(501))
        #expect(replies[999] == .integer(999))
    }

    @Test("SELECT from the URL and CLIENT SETNAME take effect, in both protocols")
    func selectAndName() throws {
        for resp3 in [true, false] {
            var configuration = server.configuration(database: 5)
            configuration.clientName = "kf-test-\(resp3 ? 3 : 2)"
            configuration.prefersRESP3 = resp3
            let connection = try ValkeyConnection.connect(configuration)
            #expect(try connection.execute(["CLIENT", "GETNAME"]).asString == configuration.clientName)
            let info = try connection.execute(["CLIENT", "INFO"]).asString ?? ""
            #expect(info.contains(" db=5 "))
        }
    }

    @Test("AUTH with an ACL user works; a wrong password is a clear server error, not retried")
    func authentication() throws {
        let admin = ValkeyClient(configuration: server.configuration())
        let user = uniqueName("user")
        try admin.execute(["ACL", "SETUSER", user, "on", ">s3cret", "~*", "+@all"])
        defer { _ = try? admin.execute(["ACL", "DELUSER", user]) }
        for resp3 in [true, false] {
            var configuration = try ValkeyConfiguration(url: "redis://\(user):s3cret@127.0.0.1:\(server.port)/0")
            configuration.prefersRESP3 = resp3
            let connection = try ValkeyConnection.connect(configuration)
            #expect(try connection.execute(["ACL", "WHOAMI"]).asString == user)
            configuration.password = "wrong"
            do {
                _ = try ValkeyClient(configuration: configuration).execute(["PING"])
                Issue.record("a wrong password was accepted")
            } catch {
                guard case .server(let message) = error else { Issue.record("\(error)"); continue }
                #expect(message.contains("WRONGPASS") || message.contains("invalid"))
            }
        }
    }

    @Test("a unix:// URL reaches the same server")
    func unixSocket() throws {
        let client = ValkeyClient(configuration: try ValkeyConfiguration(url: "unix://\(server.unixSocketPath)"))
        #expect(try client.execute(["PING"]) == .simpleString("PONG"))
    }

    @Test("a command that times out breaks its connection, and the pool opens a fresh one")
    func timeoutDiscardsConnection() throws {
        var configuration = server.configuration()
        configuration.commandTimeout = .milliseconds(200)
        let client = ValkeyClient(configuration: configuration, maxIdleConnections: 1)
        // CLIENT ID tells connections apart (object addresses may be reused once the first is freed).
        let first = try client.execute(["CLIENT", "ID"])
        do {
            try client.execute(["BLPOP", uniqueName("never"), "2"])
            Issue.record("BLPOP returned before its 2 s block although the timeout is 200 ms")
        } catch {
            guard case .connection(let systemError) = error else { Issue.record("\(error)"); return }
            #expect(systemError.code == ETIMEDOUT)
        }
        // The late BLPOP reply must never be read as the answer to the next command.
        let second = try client.withConnection { connection throws(ValkeyError) in
            (try connection.execute(["CLIENT", "ID"]), try connection.execute(["ECHO", "fresh"]))
        }
        #expect(second.0 != first)
        #expect(second.1.asString == "fresh")
    }

    @Test("connecting to a port nobody listens on fails with ECONNREFUSED after the retries")
    func refused() throws {
        let port = try ValkeyServerHarness.freePort()
        let configuration = try ValkeyConfiguration(url: "redis://127.0.0.1:\(port)")
        let client = ValkeyClient(configuration: configuration, reconnect: Backoff(initial: .milliseconds(5), maxRetries: 2))
        do {
            try client.execute(["PING"])
            Issue.record("connected to a closed port")
        } catch {
            guard case .connection(let systemError) = error else { Issue.record("\(error)"); return }
            #expect(systemError.code == ECONNREFUSED)
        }
    }

    @Test("concurrent callers each get a connection and see their own replies")
    func concurrentCallers() async throws {
        let client = ValkeyClient(configuration: server.configuration(), maxIdleConnections: 4)
        let prefix = uniqueName("concurrent")
        try await withThrowingTaskGroup(of: Void.self) { group in
            for worker in 0..<16 {
                group.addTask {
                    for step in 0..<100 {
                        let key = "\(prefix):\(worker)"
                        try client.execute(["SET", key, String(step)])
                        let value = try client.execute(["GET", key])
                        #expect(value.asString == String(step))
                    }
                }
            }
            try await group.waitForAll()
        }
    }
}
