import KeyForgeAdapters
import Testing

@Suite("PostgreSQL connection strings")
struct PostgresConfigurationTests {
    @Test("a postgres:// URL gives its host, port, database, user and query options; the password is redacted")
    func url() throws {
        let configuration = try PostgresConfiguration(url: "postgres://hive:s3cr%40t@db.example:6543/keyforge?sslmode=require")
        #expect(configuration.value(for: "host") == "db.example")
        #expect(configuration.value(for: "port") == "6543")
        #expect(configuration.value(for: "dbname") == "keyforge")
        #expect(configuration.value(for: "user") == "hive")
        #expect(configuration.value(for: "password") == "s3cr@t")
        #expect(configuration.value(for: "sslmode") == "require")
        #expect(configuration.poolSize == 4)
        #expect(!configuration.description.contains("s3cr"))
        #expect(configuration.description.contains("password=***"))
    }

    @Test("postgresql:// works too, and connect_timeout and application_name fill their fields")
    func postgresqlScheme() throws {
        let configuration = try PostgresConfiguration(url: "postgresql://127.0.0.1/kf?connect_timeout=7&application_name=hive-a")
        #expect(configuration.connectTimeout == .seconds(7))
        #expect(configuration.applicationName == "hive-a")
        #expect(configuration.value(for: "connect_timeout") == nil)
    }

    @Test("a keyword string with a unix socket folder as host, and a quoted password, parses and redacts")
    func keywords() throws {
        let configuration = try PostgresConfiguration(url: "host=/run/postgresql dbname=kf user=hive password='a b\\'c'")
        #expect(configuration.value(for: "host") == "/run/postgresql")
        #expect(configuration.value(for: "password") == "a b'c")
        // libpq lists the keywords in its own order.
        #expect(Set(configuration.description.split(separator: " ")) == ["host=/run/postgresql", "dbname=kf", "user=hive", "password=***"])
    }

    @Test("an empty string, an unknown keyword and a foreign scheme are invalid, with the password hidden")
    func invalid() {
        for text in ["", "   ", "host=x nosuchoption=1", "mysql://root:hunter2@host/db", "just-a-word",
                     "postgres://u:hunter2@host/db?bogus=1", "host=x password=hunter2 port"] {
            do {
                _ = try PostgresConfiguration(url: text)
                Issue.record("'\(text)' was accepted")
            } catch {
                guard case .invalidConfiguration(let message) = error else { Issue.record("\(error)"); continue }
                #expect(!message.contains("hunter2"))
            }
        }
    }
}
