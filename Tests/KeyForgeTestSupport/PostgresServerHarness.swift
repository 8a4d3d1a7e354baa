import KeyForgeSystem
import CShims
import Foundation
import Glibc
import KeyForgeAdapters

/// A throwaway PostgreSQL cluster on a free loopback port in a temporary folder (fsync off).
///
/// The binaries are `$KEYFORGE_POSTGRES_BIN` or the newest `/usr/lib/postgresql/<version>/bin`
/// (Debian's `postgresql` package). initdb refuses to run as root, so as root every tool runs as the
/// `postgres` user through `runuser` and the folder is chowned to it. Every cluster is stopped and its
/// folder removed at exit (an atexit hook), or earlier by `shutdown()`.
public final class PostgresServerHarness: @unchecked Sendable {
    /// The TCP port on 127.0.0.1 (also the number in the unix socket's name).
    public let port: UInt16
    /// The temporary folder: `data/` (the cluster), `log`, and the unix socket.
    public let folder: String
    private var dataFolder: String { folder + "/data" }

    /// The shared cluster most tests use (each in its own database from `createDatabase()`); started on first use.
    public static let shared: PostgresServerHarness = {
        do { return try PostgresServerHarness() } catch { fatalError("cannot start PostgreSQL: \(error)") }
    }()

    /// Creates a cluster with initdb and starts it.
    public init() throws {
        port = try ValkeyServerHarness.freePort()
        // /tmp rather than $TMPDIR: the postgres user must be able to reach the folder.
        folder = (getuid() == 0 ? "/tmp/" : NSTemporaryDirectory()) + "keyforge-pg-\(getpid())-\(port)"
        try? FileManager.default.removeItem(atPath: folder)
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        if getuid() == 0 {
            guard let user = getpwnam("postgres") else { throw HarnessError("running as root but there is no postgres user") }
            guard chown(folder, user.pointee.pw_uid, user.pointee.pw_gid) == 0 else {
                throw HarnessError("chown \(folder) to postgres: \(String(cString: strerror(errno)))")
            }
        }
        Self.register(self)
        try runTool("initdb", ["-D", dataFolder, "-A", "trust", "-U", "postgres", "-E", "UTF8", "--no-locale", "--no-sync"])
        try start()
    }

    /// The URL of the `postgres` maintenance database as the superuser `postgres`.
    public var adminURL: String { "postgres://postgres@127.0.0.1:\(port)/postgres" }

    /// A configuration for `url` with short timeouts fit for tests.
    public func configuration(url: String, poolSize: Int = 4) throws -> PostgresConfiguration {
        var configuration = try PostgresConfiguration(url: url)
        configuration.connectTimeout = .seconds(2)
        configuration.statementTimeout = .seconds(10)
        configuration.checkoutTimeout = .seconds(2)
        configuration.poolSize = poolSize
        configuration.applicationName = "keyforge-tests"
        return configuration
    }

    /// Creates an empty database no other test uses and returns its URL.
    public func createDatabase() throws -> String {
        let name = "kf_\(getpid())_\(UInt32.random(in: 0...UInt32.max))"
        let connection = try PostgresConnection.connect(configuration(url: adminURL))
        defer { connection.close() }
        try connection.execute("CREATE DATABASE \(name)")
        return "postgres://postgres@127.0.0.1:\(port)/\(name)"
    }

    /// Starts the cluster and waits until it accepts connections (`pg_ctl -w start`).
    public func start() throws {
        try runTool("pg_ctl", ["-D", dataFolder, "-o", serverOptions, "-l", folder + "/log", "-w", "-t", "30", "start"])
    }

    /// Stops the cluster: `immediate` kills it like a crash (clients see their connection drop),
    /// otherwise a fast shutdown (clients are told 57P01 and disconnected).
    public func stop(immediate: Bool = false) throws {
        try runTool("pg_ctl", ["-D", dataFolder, "-m", immediate ? "immediate" : "fast", "-w", "-t", "30", "stop"])
    }

    /// Restarts the cluster (`immediate` takes about 0.2 s and runs crash recovery) and waits until it is up.
    public func restart(immediate: Bool = true) throws {
        try runTool("pg_ctl", ["-D", dataFolder, "-m", immediate ? "immediate" : "fast", "-o", serverOptions,
                               "-l", folder + "/log", "-w", "-t", "30", "restart"])
    }

    /// Stops the cluster if it runs and removes its folder; later calls do nothing.
    public func shutdown() {
        guard Self.unregister(self) else { return }
        if FileManager.default.fileExists(atPath: dataFolder + "/postmaster.pid") {
            try? runTool("pg_ctl", ["-D", dataFolder, "-m", "immediate", "-w", "-t", "30", "stop"])
        }
        try? FileManager.default.removeItem(atPath: folder)
    }

    private var serverOptions: String {
        "-p \(port) -k \(folder) -c listen_addresses=127.0.0.1 -c fsync=off -c full_page_writes=off"
            + " -c max_connections=200"
    }

    /// Runs a PostgreSQL tool (as `postgres` when we are root) and waits for it; its output goes to
    /// `folder/harness.log`.
    ///
    /// posix_spawn rather than Foundation's Process: `pg_ctl start` leaves the postmaster running,
    /// and it would inherit the socket Process watches to see its child exit (so `waitUntilExit`
    /// never returns) and any other descriptor of the test process. The child closes every fd >= 3.
    private func runTool(_ tool: String, _ arguments: [String]) throws {
        let binary = try Self.binDirectory() + "/" + tool
        let argv = (getuid() == 0 ? ["/usr/sbin/runuser", "-u", "postgres", "--", binary] : [binary]) + arguments
        let logPath = folder + "/harness.log"
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, logPath, O_WRONLY | O_CREAT | O_APPEND, 0o644)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
        kf_spawn_file_actions_addclosefrom(&actions, 3)
        let environment = ProcessInfo.processInfo.environment.map { "\($0.key)=\($0.value)" }
        var cArguments = argv.map { strdup($0) } + [nil]
        var cEnvironment = environment.map { strdup($0) } + [nil]
        defer { for pointer in cArguments + cEnvironment { free(pointer) } }
        var pid = pid_t()
        let spawned = posix_spawn(&pid, argv[0], &actions, nil, &cArguments, &cEnvironment)
        guard spawned == 0 else { throw HarnessError("posix_spawn \(argv[0]): \(String(cString: strerror(spawned)))") }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) == -1 {
            guard errno == EINTR else { throw HarnessError("waitpid \(tool): \(String(cString: strerror(errno)))") }
        }
        // WIFEXITED and WEXITSTATUS are macros Swift does not import: exited normally with 0 is status 0.
        guard status == 0 else {
            let output = (try? String(contentsOfFile: logPath, encoding: .utf8)) ?? ""
            throw HarnessError("\(tool) \(arguments.joined(separator: " ")) failed (wait status \(status)):\n"
                               + output.split(separator: "\n").suffix(15).joined(separator: "\n"))
        }
    }

    /// The folder with initdb and pg_ctl.
    public static func binDirectory() throws -> String {
        if let path = ProcessInfo.processInfo.environment["KEYFORGE_POSTGRES_BIN"], !path.isEmpty { return path }
        let root = "/usr/lib/postgresql"
        let versions = ((try? FileManager.default.contentsOfDirectory(atPath: root)) ?? [])
            .compactMap(Int.init).sorted(by: >)
        for version in versions where FileManager.default.isExecutableFile(atPath: "\(root)/\(version)/bin/initdb") {
            return "\(root)/\(version)/bin"
        }
        throw HarnessError("no PostgreSQL server binaries: apt-get install postgresql (or set KEYFORGE_POSTGRES_BIN)")
    }

    // Clusters still running, stopped by the atexit hook when the test process ends.
    private static let live = Locked<[PostgresServerHarness]>([])
    private static let exitHook: Void = { atexit { PostgresServerHarness.shutdownAll() } }()

    private static func register(_ harness: PostgresServerHarness) {
        _ = exitHook
        live.withLock { $0.append(harness) }
    }

    private static func unregister(_ harness: PostgresServerHarness) -> Bool {
        live.withLock { list in
            guard let index = list.firstIndex(where: { $0 === harness }) else { return false }
            list.remove(at: index)
            return true
        }
    }

    private static func shutdownAll() {
        for harness in live.withLock({ $0 }) { harness.shutdown() }
    }
}
