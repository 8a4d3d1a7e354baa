import Foundation
import Glibc
import KeyForgeAdapters
import KeyForgeSystem
import KeyForgeTestSupport
import KeyForgeServices

/// A data folder, a Valkey database of its own, and the role processes of one asset-plane test.
/// How many assets data/system holds (what hydrate publishes and sync downloads).
let shippedAssetCount: Int = {
    let root = "\(packageRoot)/data/system"
    let paths = (try? FileManager.default.subpathsOfDirectory(atPath: root)) ?? []
    return paths.filter { !FileSystem.isDirectory("\(root)/\($0)") && AssetKind(path: $0) != nil }.count
}()

final class AssetPlaneFixture {
    let data: String
    let database: Int
    let url: String
    let client: ValkeyClient
    private var processes: [Process] = []

    init() throws {
        let server = ValkeyServerHarness.shared
        database = try server.claimDatabase()
        url = "redis://127.0.0.1:\(server.port)/\(database)"
        client = ValkeyClient(configuration: try ValkeyConfiguration(url: url))
        data = makeTemporaryFolder() + "/data"
        try FileManager.default.copyItem(atPath: "\(packageRoot)/data/system", toPath: data)
    }

    deinit {
        for process in processes where process.isRunning {
            kill(process.processIdentifier, SIGCONT)
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
        }
        try? FileManager.default.removeItem(atPath: FileSystem.parentFolder(of: data))
    }

    /// Runs `keyforge <arguments>` to completion: its status and standard output.
    func run(_ arguments: [String]) throws -> (status: Int32, output: String) {
        let (process, pipe) = try ProcessTests.start(arguments)
        let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return (process.terminationStatus, output)
    }

    /// Starts a long-running role process and keeps it until the fixture goes.
    func start(_ arguments: [String]) throws -> (Process, Pipe) {
        let started = try ProcessTests.start(arguments)
        processes.append(started.0)
        return started
    }

    /// Starts the assets server on a free port, reading with `url` (default: the fixture's), and returns its port.
    func startAssets(url: String? = nil) throws -> UInt16 {
        let (_, pipe) = try start(["assets", "--port", "0", "--valkey-url", url ?? self.url, "--refresh-seconds", "1"])
        let line = ProcessTests.firstLine(pipe)
        return UInt16(line.split(separator: ":").last ?? "") ?? 0
    }

    /// The manifest hash Valkey holds for `path`, or nil.
    func storedHash(_ path: String) throws -> String? {
        try client.execute(["HGET", CoordinatorKeyspace.manifest(path), "hash"]).asString
    }

    /// How many manifest entries the database holds.
    func manifestCount() throws -> Int {
        try ValkeyDistributedCoordinator(client: client).scanKeys(CoordinatorKeyspace.manifestPrefix + "*").count
    }

    /// Waits until `condition` holds, up to `seconds`; true when it did.
    func wait(seconds: Double, until condition: () throws -> Bool) rethrows -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if try condition() { return true }
            usleep(20_000)
        }
        return try condition()
    }
}

/// One GET over loopback with optional headers: status, headers (lower-cased names) and body.
func httpGet(port: UInt16, path: String, headers: [String: String] = [:]) throws -> (status: Int, headers: [String: String], body: [UInt8]) {
    let socket = try StreamSocket.connect(to: .tcp(host: "127.0.0.1", port: port), deadline: .now + .seconds(2))
    var request = "GET \(path) HTTP/1.1\r\nHost: t\r\nConnection: close\r\n"
    for (name, value) in headers { request += "\(name): \(value)\r\n" }
    try socket.writeAll(Array((request + "\r\n").utf8), deadline: .now + .seconds(2))
    var received: [UInt8] = []
    var buffer = [UInt8](repeating: 0, count: 65_536)
    while true {
        let count = try buffer.withUnsafeMutableBytes { try socket.read(into: $0, deadline: .now + .seconds(5)) }
        if count == 0 { break }
        received += buffer[0..<count]
    }
    guard let end = received.firstRange(of: Array("\r\n\r\n".utf8)) else { throw HarnessError("no response head") }
    let head = String(decoding: received[..<end.lowerBound], as: UTF8.self).split(separator: "\r\n")
    var fields: [String: String] = [:]
    for line in head.dropFirst() {
        guard let colon = line.firstIndex(of: ":") else { continue }
        fields[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
    }
    let status = Int(head.first?.split(separator: " ").dropFirst().first ?? "") ?? 0
    return (status, fields, Array(received[end.upperBound...]))
}

/// Runs `keyforge sync --assets URL` with `KEYFORGE_HOME=home`: status, then standard output and error together.
func runSync(home: String, assets: String) throws -> (status: Int32, error: String) {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: ProcessTests.binary)
    process.arguments = ["sync", "--assets", assets, "--quiet"]
    var environment = ProcessInfo.processInfo.environment
    environment["KEYFORGE_HOME"] = home
    process.environment = environment
    let errors = Pipe()
    process.standardError = errors
    process.standardOutput = errors
    try process.run()
    let text = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    process.waitUntilExit()
    return (process.terminationStatus, text)
}
