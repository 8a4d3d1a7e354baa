import Glibc
import KeyForgeAdapters
import KeyForgeSystem
import KeyForgeTestSupport
import KeyForgeWire
import Synchronization
import KeyForgeServices

/// A unique short socket path (sun_path holds 107 bytes).
func archiveSocketPath() -> String {
    struct Counter { static let next = Atomic<Int>(0) }
    return "/tmp/kf-archive-\(getpid())-\(Counter.next.add(1, ordering: .relaxed).newValue).sock"
}

/// An archive worker running in this process on its own socket, stopped on release.
final class ArchiveWorkerFixture: @unchecked Sendable {
    let worker: ArchiveWorker
    let path: String
    private let thread: SystemThread
    let logLines = ConditionLock<[String]>([])

    init(threads: Int = 3, queueLimit: Int = 16_384, maxLineBytes: Int = 1 << 20, replyTimeout: Duration = .seconds(20),
         path: String = archiveSocketPath()) throws {
        self.path = path
        var configuration = ArchiveWorkerConfiguration(socketPath: path)
        configuration.threads = threads
        configuration.queueLimit = queueLimit
        configuration.maxLineBytes = maxLineBytes
        configuration.replyTimeout = replyTimeout
        let lines = logLines
        worker = try ArchiveWorker(configuration: configuration, log: { line in lines.withLock { $0.append(line) } })
        let worker = worker
        thread = try SystemThread(name: "test-archive") { try? worker.run() }
    }

    deinit {
        worker.stop()
        thread.join()
        unlink(path + ".lock")
    }

    func client() throws -> ArchiveTestClient { try ArchiveTestClient(path: path) }
}

/// A client of the worker speaking raw lines, as the hive (or a hostile peer) would.
final class ArchiveTestClient {
    let connection: JSONLineConnection
    private var reader: LineReader

    init(path: String) throws {
        connection = try JSONLineConnection.connect(path: path)
        reader = connection.reader(maxLineBytes: 64 << 20)
    }

    func send(_ text: String) throws {
        try connection.socket.writeAll(Array((text + "\n").utf8), deadline: .now + .seconds(10))
    }

    func send(_ value: JSONValue) throws { try connection.send(value) }

    /// The next message, or an error after `timeout`.
    func receive(timeout: Duration = .seconds(10)) throws -> JSONObject {
        switch try reader.next(deadline: .now + timeout) {
        case .line(let bytes):
            guard let object = try JSONParser.parse(bytes).objectValue else { throw HarnessError("not an object: \(bytes)") }
            return object
        case .closed: throw HarnessError("the worker closed the connection")
        case .timedOut: throw HarnessError("no message within \(timeout)")
        case .oversized: throw HarnessError("an oversized line")
        }
    }

    /// Answers an `execute` with `result`.
    func answer(_ execute: JSONObject, _ result: JSONValue) throws {
        try send(ArchiveMessage.result(requestID: execute["requestId"]!.stringValue!, .success(result)))
    }

    /// `{"items": [...], "count": n}`.
    static func items(_ items: [JSONValue]) -> JSONValue {
        .object(JSONObject([("items", .array(items)), ("count", .int(Int64(items.count)))]))
    }

    static func archive(_ id: String, _ collection: String, maxRows: Int = 10, batchSize: Int = 5) -> JSONValue {
        ArchiveTask(taskID: id, collection: collection, maxRows: maxRows, batchSize: batchSize).message
    }
}
