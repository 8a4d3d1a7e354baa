import KeyForgeAdapters
import KeyForgeSystem
import Testing

@Suite("Valkey URLs")
struct ValkeyConfigurationTests {
    @Test("a bare host gets the default port and database 0")
    func bareHost() throws {
        let configuration = try ValkeyConfiguration(url: "redis://cache.local")
        #expect(configuration.endpoint == .tcp(host: "cache.local", port: 6379))
        #expect(configuration.database == 0)
        #expect(configuration.password == nil)
    }

    @Test("user, percent-encoded password, port and database are all read")
    func everything() throws {
        let configuration = try ValkeyConfiguration(url: "redis://hive:p%40ss%3Aword@10.0.0.5:6380/3")
        #expect(configuration.endpoint == .tcp(host: "10.0.0.5", port: 6380))
        #expect(configuration.username == "hive")
        #expect(configuration.password == "p@ss:word")
        #expect(configuration.database == 3)
        #expect(configuration.description == "redis://hive:***@10.0.0.5:6380/3")
    }

    @Test("a lone credential is the password of the default user")
    func passwordOnly() throws {
        let configuration = try ValkeyConfiguration(url: "valkey://:secret@localhost:7000")
        #expect(configuration.username == nil)
        #expect(configuration.password == "secret")
        let legacy = try ValkeyConfiguration(url: "redis://secret@localhost")
        #expect(legacy.password == "secret")
    }

    @Test("an IPv6 host is written in brackets")
    func ipv6() throws {
        let configuration = try ValkeyConfiguration(url: "redis://[::1]:6390/1")
        #expect(configuration.endpoint == .tcp(host: "::1", port: 6390))
        #expect(configuration.database == 1)
    }

    @Test("unix:// takes an absolute path and an optional ?db=N")
    func unixSocket() throws {
        let configuration = try ValkeyConfiguration(url: "unix:///run/valkey/valkey.sock?db=2")
        #expect(configuration.endpoint == .unix(path: "/run/valkey/valkey.sock"))
        #expect(configuration.database == 2)
    }

    @Test("malformed URLs are refused with a message that hides the password",
          arguments: ["http://localhost", "redis://", "redis://host:0", "redis://host:70000", "redis://host/x",
                      "redis://[::1", "unix://relative", "unix:///s?database=1", "redis://u:%zz@host",
                      "ftp://user:hunter2@host"])
    func malformed(url: String) {
        do {
            _ = try ValkeyConfiguration(url: url)
            Issue.record("\(url) was accepted")
        } catch {
            guard case .invalidURL = error else { Issue.record("\(error)"); return }
            #expect(!error.description.contains("hunter2"))
        }
    }
}

@Suite("Backoff")
struct BackoffTests {
    @Test("delays grow from half the initial ceiling and never pass the maximum")
    func bounded() {
        let policy = Backoff(initial: .milliseconds(100), maximum: .seconds(1), maxRetries: 10)
        var generator = SystemRandomNumberGenerator()
        for attempt in 0..<20 {
            let ceiling = min(Duration.seconds(1), .milliseconds(100) * (1 << min(attempt, 20)))
            for _ in 0..<50 {
                let delay = policy.delay(attempt: attempt, using: &generator)
                #expect(delay >= ceiling / 2 && delay <= ceiling)
            }
        }
    }

    @Test("maxRetries bounds the attempts; nil allows them all")
    func retries() {
        #expect(Backoff(maxRetries: 2).allows(attempt: 1))
        #expect(!Backoff(maxRetries: 2).allows(attempt: 2))
        #expect(Backoff(maxRetries: nil).allows(attempt: 1_000_000))
    }
}
