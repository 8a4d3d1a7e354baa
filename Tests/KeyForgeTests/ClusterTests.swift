import Foundation
import Glibc
import KeyForgeAdapters
import KeyForgeCore
import KeyForgeSystem
import KeyForgeTestSupport
import KeyForgeWire
import Testing
import KeyForgeServices

/// The local cluster as processes of the release binary: Valkey, PostgreSQL, assets, hive, two agents.
final class ClusterFixture {
    static let secret = "cluster-secret"
    let valkeyURL: String
    let databaseURL: String
    let work = makeTemporaryFolder()
    var processes: [String: Process] = [:]
    var hivePort: UInt16 = 0
    var assetsPort: UInt16 = 0

    /// The release binary: searches in the debug build are a hundred times slower.
    static var binary: String { "\(packageRoot)/.build/release/keyforge" }

    init() throws {
        guard FileSystem.exists(Self.binary) else { throw HarnessError("no \(Self.binary): `make test` builds it first (make build)") }
        valkeyURL = "redis://127.0.0.1:\(ValkeyServerHarness.shared.port)/\(try ValkeyServerHarness.shared.claimDatabase())"
        databaseURL = try PostgresServerHarness.shared.createDatabase()
        let hydrate = try run(["assetmgr", "hydrate", "--data", "\(packageRoot)/data/system", "--valkey-url", valkeyURL])
        guard hydrate == 0 else { throw HarnessError("hydrate exited \(hydrate)") }
        assetsPort = try startServer("assets", ["assets", "--port", "0", "--valkey-url", valkeyURL, "--no-access-log"])
        hivePort = try startHive(port: 0)
    }

    deinit {
        for process in processes.values where process.isRunning {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
        }
    }

    var environment: [String: String] {
        var environment = ProcessInfo.processInfo.environment
        environment["HIVE_SECRET"] = Self.secret
        environment["DATABASE_URL"] = databaseURL
        environment["KEYFORGE_VALKEY_URL"] = valkeyURL
        environment["KEYFORGE_HIVE_URL"] = "http://127.0.0.1:\(hivePort)"
        return environment
    }

    func process(_ arguments: [String], home: String? = nil, log: String) throws -> Process {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: Self.binary)
        process.arguments = arguments
        var environment = self.environment
        if let home { environment["KEYFORGE_HOME"] = home }
        process.environment = environment
        FileManager.default.createFile(atPath: "\(work)/\(log).log", contents: nil)
        process.standardError = FileHandle(forWritingAtPath: "\(work)/\(log).log")
        return process
    }

    func run(_ arguments: [String]) throws -> Int32 {
        let process = try process(arguments, log: "run")
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        return process.terminationStatus
    }

    func startServer(_ name: String, _ arguments: [String]) throws -> UInt16 {
        let process = try process(arguments, log: name)
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        processes[name] = process
        let line = ProcessTests.firstLine(pipe)
        guard let port = UInt16(line.split(separator: ":").last ?? "") else { throw HarnessError("\(name) said '\(line)'") }
        return port
    }

    func startHive(port: UInt16) throws -> UInt16 {
        try startServer("hive", ["hive", "--port", String(port), "--lease-seconds", "2", "--no-access-log"])
    }

    func startAgent(_ name: String) throws {
        let home = "\(work)/\(name)"
        try FileManager.default.createDirectory(atPath: home, withIntermediateDirectories: true)
        let process = try process(["agent", "run", "--hive", "http://127.0.0.1:\(hivePort)", "--assets", "http://127.0.0.1:\(assetsPort)",
                                   "--threads", "1", "--node-id", name, "--poll-seconds", "0.3"], home: home, log: name)
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        processes[name] = process
    }

    /// `keyforge job submit` of `config`; the job id.
    func submit(_ config: String) throws -> String {
        let path = "\(work)/job-\(UInt32.random(in: 0...UInt32.max)).json"
        try write(config, to: path)
        let id = try JobConfig(json: Array(config.utf8)).jobID
        guard try run(["job", "submit", path]) == 0 else { throw HarnessError("job submit failed") }
        return id
    }

    func status(_ id: String) throws -> [String: JSONValue] {
        let response = try httpGet(port: hivePort, path: "/jobs/\(id)")
        guard let object = try JSONParser.parse(response.body).objectValue else { throw HarnessError("status \(response.status)") }
        return Dictionary(uniqueKeysWithValues: object.members.map { ($0.key, $0.value) })
    }

    /// Waits until the job is done; false on timeout.
    func waitDone(_ id: String, seconds: Double) -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if (try? status(id))?["status"]?.stringValue == "done" { return true }
            usleep(200_000)
        }
        return false
    }

    func log(_ name: String) -> String { (try? readText("\(work)/\(name).log")) ?? "" }
}

@Suite("The local cluster end to end (release binary)", .serialized)
struct ClusterTests {
    static func config(seed: Int, units: Int = 4, seconds: Double = 2) -> String {
        #"{"keyboard": "corne", "budget": {"units": \#(units), "seconds_per_unit": \#(seconds)}, "search": {"seed": \#(seed)}}"#
    }

    @Test("two agents finish a job with a verified best that beats every reference layout it could reach; events stream; kill -9 and a hive restart lose nothing")
    func endToEnd() throws {
        let cluster = try ClusterFixture()
        let first = Self.config(seed: 11)
        let job = try cluster.submit(first)
        // Events, from the start.
        let socket = try StreamSocket.connect(to: .tcp(host: "127.0.0.1", port: cluster.hivePort), deadline: .now + .seconds(2))
        try socket.writeAll(Array("GET /jobs/\(job)/events HTTP/1.1\r\nHost: h\r\n\r\n".utf8), deadline: .now + .seconds(2))
        try cluster.startAgent("agent-1")
        try cluster.startAgent("agent-2")
        #expect(cluster.waitDone(job, seconds: 90), "agent-1 log:\n\(cluster.log("agent-1").suffix(2000))")
        var received: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65536)
        while try socket.waitReadable(until: .now + .milliseconds(500)) {
            let count = try buffer.withUnsafeMutableBytes { try socket.read(into: $0, deadline: .now + .seconds(1)) }
            if count == 0 { break }
            received += buffer[0..<count]
        }
        let events = String(decoding: received, as: UTF8.self)
        #expect(events.contains("event: lease") && events.contains("event: new_best") && events.contains("event: done"))

        // The best is verified (its stored score is the exact score) and beats every reference layout.
        let status = try cluster.status(job)
        let best = try #require(status["best"]?.objectValue)
        let plan = try JobPlan(config: JobConfig(json: Array(first.utf8)), catalog: AssetCatalog(folders: []))
        let layout = try plan.layout(best["layout"]?.stringValue ?? "")
        let exact = plan.exact.score(layout).total
        #expect(best["score_fixed"]?.int64Value == exact)
        // Every reference layout that keeps the start layout's keys outside the search scope (hands-down puts z
        // and j on the outer column and so frees block keys for symbols the block cannot otherwise hold: it
        // types fewer unplaced symbols than any layout the search may reach).
        let fixedKeys = Set(plan.keyboard.keys.indices).subtracting(plan.movableKeys)
        var reachable = 0
        for reference in plan.keyboard.referenceLayouts {
            let (_, referenceLayout) = try LayoutArgument.resolve(reference.name, keyboard: plan.keyboard, keycodes: plan.keycodes)
            guard fixedKeys.allSatisfy({ referenceLayout.symbols[$0] == plan.start.symbols[$0] }) else { continue }
            reachable += 1
            #expect(exact < plan.exact.score(referenceLayout).total, "\(reference.name) is not beaten")
        }
        #expect(reachable == plan.keyboard.referenceLayouts.count - 1)   // all but hands-down
        let pool = PostgresPool(configuration: try PostgresConfiguration(url: cluster.databaseURL))
        let nodes = try pool.execute("SELECT DISTINCT node_id FROM results WHERE job_id = $1", [job]).rows.compactMap { $0["node_id"] }
        #expect(Set(nodes) == ["agent-1", "agent-2"])

        // kill -9 an agent mid-job: its lease expires and the other finishes the job.
        let second = try cluster.submit(Self.config(seed: 22, units: 4, seconds: 3))
        let deadline = Date().addingTimeInterval(20)
        while Date() < deadline, (try? cluster.status(second))?["units"]?.objectValue?["leased"]?.int64Value ?? 0 < 2 { usleep(100_000) }
        if let agent = cluster.processes["agent-1"] {
            kill(agent.processIdentifier, SIGKILL)
            agent.waitUntilExit()
        }
        #expect(cluster.waitDone(second, seconds: 90), "agent-2 log:\n\(cluster.log("agent-2").suffix(2000))")
        let unique = try pool.execute(
            "SELECT count(*) AS n, count(DISTINCT (node_id, nonce)) AS distinct_results, count(DISTINCT unit) FILTER (WHERE true) AS units "
                + "FROM results WHERE job_id = $1", [second]).rows.first
        #expect(unique?.int64("n") == unique?.int64("distinct_results"))
        #expect(unique?.int64("units") == 4)

        // Restart the hive mid-job: the agent carries on and the job completes with every unit's result.
        let third = try cluster.submit(Self.config(seed: 33, units: 3, seconds: 2))
        usleep(2_500_000)
        if let hive = cluster.processes["hive"] {
            kill(hive.processIdentifier, SIGTERM)
            hive.waitUntilExit()
        }
        usleep(1_000_000)
        _ = try cluster.startHive(port: cluster.hivePort)
        #expect(cluster.waitDone(third, seconds: 90), "agent-2 log:\n\(cluster.log("agent-2").suffix(2000))")
        let units = try pool.execute("SELECT count(DISTINCT unit) AS units FROM results WHERE job_id = $1", [third]).rows.first?.int64("units")
        #expect(units == 3)
    }
}
