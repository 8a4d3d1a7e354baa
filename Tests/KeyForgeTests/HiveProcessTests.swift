import Foundation
import Glibc
import KeyForgeAdapters
import KeyForgeSystem
import KeyForgeTestSupport
import Testing
import KeyForgeServices

@Suite("hive as a process", .serialized)
struct HiveProcessTests {
    static func start(_ arguments: [String], environment extra: [String: String]) throws -> (Process, Pipe) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: ProcessTests.binary)
        process.arguments = arguments
        var environment = ProcessInfo.processInfo.environment
        environment["HIVE_SECRET"] = nil
        for (key, value) in extra { environment[key] = value }
        process.environment = environment
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = FileHandle.nullDevice
        try process.run()
        return (process, pipe)
    }

    @Test("the hive refuses to start without HIVE_SECRET (exit 78): fail closed")
    func refusesWithoutSecret() throws {
        let (process, _) = try Self.start(["hive", "--port", "0", "--database-url", "postgres://127.0.0.1:1/x"], environment: [:])
        process.waitUntilExit()
        #expect(process.terminationStatus == 78)
    }

    @Test("four hives started at once on an empty database migrate it exactly once, and all serve")
    func concurrentMigrations() throws {
        let database = try PostgresServerHarness.shared.createDatabase()
        let environment = ["HIVE_SECRET": "s", "DATABASE_URL": database,
                           "KEYFORGE_VALKEY_URL": ValkeyServerHarness.shared.url]
        let hives = try (0..<4).map { _ in try Self.start(["hive", "--port", "0", "--no-access-log"], environment: environment) }
        defer {
            for (process, _) in hives where process.isRunning {
                kill(process.processIdentifier, SIGTERM)
                process.waitUntilExit()
            }
        }
        for (process, pipe) in hives {
            let line = ProcessTests.firstLine(pipe)
            #expect(line.hasPrefix("listening on 127.0.0.1:"), "hive \(process.processIdentifier): \(line)")
            let port = UInt16(line.split(separator: ":").last ?? "") ?? 0
            #expect(try httpGet(port: port, path: "/health").status == 200)
        }
        let pool = PostgresPool(configuration: try PostgresConfiguration(url: database))
        let applied = try pool.execute("SELECT count(*) AS n FROM schema_migrations").rows.first?.int64("n")
        #expect(applied == Int64(HiveMigrations.all.count))
        // SIGTERM: each stops cleanly.
        for (process, _) in hives {
            kill(process.processIdentifier, SIGTERM)
            process.waitUntilExit()
            #expect(process.terminationStatus == 0)
        }
    }
}
