import KeyForgeAdapters
import KeyForgeSystem
import KeyForgeWire

/// The hive's archive settings (`hive --archive-socket ...`).
public struct HiveArchiverConfiguration: Sendable {
    /// The archive worker's Unix socket.
    public var socketPath: String
    /// How often the worker is pinged (docs/ARCHITECTURE.md section 7: every 30 s).
    public var pingInterval: Duration = .seconds(30)
    /// How long a pong may take before the connection is dropped and made again.
    public var pongTimeout: Duration = .seconds(10)
    /// How often table sizes are checked; nil: only `archiveNow` (by hand) queues tasks.
    public var checkInterval: Duration? = .seconds(300)
    /// Eligible rows in a collection that make a check queue a task.
    public var thresholdRows: Int64 = 10_000
    /// The age, in seconds, from which a check archives rows (30 days).
    public var retentionSeconds: Int64 = 30 * 86_400
    /// Rows per copy-verify-delete round.
    public var batchSize = 1_000
    /// The most rows one task moves.
    public var maxRowsPerTask = 1_000_000
    /// The longest line accepted from the worker.
    public var maxLineBytes = 16 << 20
    /// Waits between attempts to reach the worker.
    public var reconnect = Backoff(initial: .milliseconds(200), maximum: .seconds(10), maxRetries: nil)

    /// Settings for `socketPath`, the rest at their defaults.
    public init(socketPath: String) { self.socketPath = socketPath }
}

/// One archive task as the hive saw it.
public struct ArchiveTaskStatus: Sendable, Equatable {
    /// Where a task is.
    public enum State: String, Sendable {
        case sending, queued, running, success, error, cancelled, refused
        /// The worker connection was lost while the task was queued or running.
        case interrupted

        /// True until the task can no longer change.
        public var isActive: Bool { self == .sending || self == .queued || self == .running }
    }

    /// The task.
    public var task: ArchiveTask
    /// Its state.
    public var state: State = .sending
    /// Its queue position when accepted.
    public var queuePosition: Int?
    /// Rows moved so far.
    public var archived = 0
    /// How long it ran, in ms, once complete.
    public var durationMilliseconds: Int64?
    /// Why it failed or was refused.
    public var message: String?

    /// The status as the hive's API shows it.
    public var json: JSONValue {
        var object = JSONObject()
        object.append("task_id", .string(task.taskID))
        object.append("collection", .string(task.collection))
        object.append("older_than_seconds", task.olderThanSeconds.map { .int($0) } ?? .null)
        object.append("state", .string(state.rawValue))
        object.append("queue_position", queuePosition.map { .int(Int64($0)) } ?? .null)
        object.append("archived", .int(Int64(archived)))
        object.append("max_rows", .int(Int64(task.maxRows)))
        object.append("duration_ms", durationMilliseconds.map { .int($0) } ?? .null)
        object.append("message", message.map { .string($0) } ?? .null)
        return .object(object)
    }
}

/// Why the hive could not queue an archive task.
public struct HiveArchiverError: Error, Sendable, CustomStringConvertible {
    /// The reason.
    public let description: String
}

/// The hive's archive side (docs/ARCHITECTURE.md section 7): keeps a
/// connection to the archive worker (ping every 30 s, reconnect with backoff), answers its `execute`
/// callbacks from `HiveArchiveData` on a pool of threads, watches the archivable tables' sizes and
/// queues tasks, and keeps the recent tasks' states for `GET /archive`.
public final class HiveArchiver: @unchecked Sendable {
    /// How many finished tasks are remembered.
    public static let historySize = 200
    /// The settings.
    public let configuration: HiveArchiverConfiguration
    private let data: HiveArchiveData
    private let log: @Sendable (String) -> Void
    private let state = ConditionLock(State())
    private let callbacks: WorkerPool
    private var threads: [SystemThread] = []

    private struct State {
        var connection: JSONLineConnection?
        var lastPong: Double?
        var tasks: [String: ArchiveTaskStatus] = [:]
        var order: [String] = []
        var sequence = 0
        var isStopping = false
    }

    /// Creates the archiver; nothing connects before `start()`.
    public init(configuration: HiveArchiverConfiguration, data: HiveArchiveData, log: @escaping @Sendable (String) -> Void) throws(SystemError) {
        self.configuration = configuration
        self.data = data
        self.log = log
        callbacks = try WorkerPool(name: "archive-cb", threadCount: 4, queueLimit: 256)
    }

    /// Starts the connection thread and, with a check interval, the size watcher.
    public func start() throws(SystemError) {
        threads.append(try SystemThread(name: "archive-link") { [self] in maintainConnection() })
        if let interval = configuration.checkInterval {
            threads.append(try SystemThread(name: "archive-watch") { [self] in watch(every: interval) })
        }
    }

    /// Stops both threads and the callback pool.
    public func stop() {
        let connection = state.withLock { state -> JSONLineConnection? in
            state.isStopping = true
            return state.connection
        }
        connection?.shutdown()
        for thread in threads { thread.join() }
        threads.removeAll()
        callbacks.shutdown()
    }

    /// True while a connection to the worker is up.
    public var isConnected: Bool { state.read { $0.connection != nil } }

    /// Queues one task per collection (all by default) for rows older than `olderThan` seconds; a
    /// collection with a task still active gets no second one (its status is returned instead).
    public func archiveNow(olderThan seconds: Int64, collections: [String]? = nil,
                           maxRows: Int? = nil, batchSize: Int? = nil) throws(HiveArchiverError) -> [ArchiveTaskStatus] {
        let names = collections ?? ArchiveCollection.all.map(\.name)
        for name in names where ArchiveCollection.named(name) == nil {
            throw HiveArchiverError(description: "unknown collection \(name.debugDescription); archivable: "
                                    + ArchiveCollection.all.map(\.name).joined(separator: ", "))
        }
        var statuses: [ArchiveTaskStatus] = []
        for name in names {
            statuses.append(try submit(collection: name, olderThan: seconds, maxRows: maxRows ?? configuration.maxRowsPerTask,
                                       batchSize: batchSize ?? configuration.batchSize))
        }
        return statuses
    }

    /// The worker link and the recent tasks, newest first.
    public var statusJSON: JSONValue {
        state.read { state in
            var object = JSONObject()
            object.append("socket", .string(configuration.socketPath))
            object.append("connected", .bool(state.connection != nil))
            object.append("last_pong", state.lastPong.map { .double($0) } ?? .null)
            object.append("collections", .array(ArchiveCollection.all.map { .string($0.name) }))
            object.append("tasks", .array(state.order.reversed().compactMap { state.tasks[$0]?.json }))
            return .object(object)
        }
    }

    /// A task's status, if remembered.
    public func status(of taskID: String) -> ArchiveTaskStatus? { state.read { $0.tasks[taskID] } }

    // MARK: - Tasks

    private func submit(collection: String, olderThan seconds: Int64, maxRows: Int, batchSize: Int) throws(HiveArchiverError) -> ArchiveTaskStatus {
        do throws(ArchiveProtocolError) {
            try ArchiveTask(taskID: "check", collection: collection, maxRows: maxRows, batchSize: batchSize, olderThanSeconds: seconds).validate()
        } catch {
            throw HiveArchiverError(description: error.message)
        }
        enum Prepared {
            case active(ArchiveTaskStatus)
            case new(ArchiveTaskStatus, JSONLineConnection)
            case unavailable
        }
        let prepared = state.withLock { state -> Prepared in
            let tasks = state.tasks
            if let active = state.order.compactMap({ tasks[$0] }).first(where: { $0.task.collection == collection && $0.state.isActive }) {
                return .active(active)
            }
            guard let connection = state.connection else { return .unavailable }
            state.sequence += 1
            let task = ArchiveTask(taskID: "archive-\(collection)-\(Int64(WallClock.unixSeconds() * 1000))-\(state.sequence)",
                                   collection: collection, maxRows: maxRows, batchSize: batchSize, olderThanSeconds: seconds)
            let status = ArchiveTaskStatus(task: task)
            state.tasks[task.taskID] = status
            state.order.append(task.taskID)
            forgetOldTasks(&state)
            return .new(status, connection)
        }
        let status: ArchiveTaskStatus, connection: JSONLineConnection
        switch prepared {
        case .active(let active): return active
        case .unavailable: throw HiveArchiverError(description: "no archive worker is connected (\(configuration.socketPath))")
        case .new(let created, let link): (status, connection) = (created, link)
        }
        guard connection.trySend(status.task.message) else {
            update(status.task.taskID) { $0.state = .interrupted; $0.message = "the worker connection failed while sending" }
            throw HiveArchiverError(description: "the archive worker connection failed while sending the task")
        }
        log("queued archive task \(status.task.taskID): \(collection), rows older than \(seconds) s")
        let answered = state.wait(deadline: .now + .seconds(10)) { state in
            state.tasks[status.task.taskID].flatMap { $0.state == .sending ? nil : $0 }
        }
        return answered ?? status
    }

    private func forgetOldTasks(_ state: inout State) {
        while state.order.count > Self.historySize,
              let index = state.order.firstIndex(where: { state.tasks[$0]?.state.isActive != true }) {
            state.tasks[state.order.remove(at: index)] = nil
        }
    }

    private func update(_ taskID: String, _ change: (inout ArchiveTaskStatus) -> Void) {
        state.withLock { state in
            guard var status = state.tasks[taskID] else { return }
            change(&status)
            state.tasks[taskID] = status
        }
    }

    // MARK: - The worker link

    private func maintainConnection() {
        var attempt = 0
        var generator = SystemRandomNumberGenerator()
        let backoff = configuration.reconnect
        while !state.read({ $0.isStopping }) {
            let connection: JSONLineConnection
            do throws(SystemError) { connection = try JSONLineConnection.connect(path: configuration.socketPath) } catch {
                if attempt == 0 { log("archive worker unreachable at \(configuration.socketPath): \(error); retrying") }
                WallClock.sleep(for: backoff.delay(attempt: attempt, using: &generator))
                attempt += 1
                continue
            }
            attempt = 0
            let stopping = state.withLock { state -> Bool in
                if !state.isStopping { state.connection = connection }
                return state.isStopping
            }
            if stopping { break }
            log("connected to the archive worker at \(configuration.socketPath)")
            serve(connection)
            connection.shutdown()
            let lost = state.withLock { state -> Int in
                state.connection = nil
                var lost = 0
                for (id, status) in state.tasks where status.state.isActive {
                    state.tasks[id]?.state = .interrupted
                    state.tasks[id]?.message = "the archive worker connection was lost; the next run picks the rows up again"
                    lost += 1
                }
                return lost
            }
            if !state.read({ $0.isStopping }) {
                log("lost the archive worker connection\(lost > 0 ? "; \(lost) tasks interrupted" : ""); reconnecting")
            }
        }
    }

    /// Reads the worker's lines until the connection ends, pings on schedule, drops a silent worker.
    private func serve(_ connection: JSONLineConnection) {
        var reader = connection.reader(maxLineBytes: configuration.maxLineBytes)
        let limits = JSONLimits(maxDepth: 32, maxInputBytes: configuration.maxLineBytes, maxStringBytes: configuration.maxLineBytes)
        var nextPing = ContinuousClock.now + configuration.pingInterval
        var pingSent: ContinuousClock.Instant?
        while !state.read({ $0.isStopping }) {
            if let pingSent, pingSent.duration(to: .now) > configuration.pongTimeout {
                log("the archive worker did not answer a ping within \(configuration.pongTimeout)")
                return
            }
            if ContinuousClock.now >= nextPing {
                guard connection.trySend(ArchiveMessage.ping) else { return }
                pingSent = pingSent ?? .now
                nextPing = .now + configuration.pingInterval
            }
            let next: LineReader.Next
            do throws(SystemError) { next = try reader.next(deadline: min(nextPing, .now + .seconds(1))) } catch { return }
            switch next {
            case .timedOut:
                continue
            case .closed:
                return
            case .oversized:
                log("the archive worker sent a line over \(configuration.maxLineBytes) bytes; dropped")
            case .line(let bytes):
                guard let message = (try? JSONParser.parse(bytes, limits: limits))?.objectValue else {
                    log("the archive worker sent a line that is not a JSON object; ignored")
                    continue
                }
                if message["status"]?.stringValue == "success", message["message"]?.stringValue == "pong" {
                    pingSent = nil
                    state.withLock { $0.lastPong = WallClock.unixSeconds() }
                } else {
                    handle(message, connection)
                }
            }
        }
    }

    private func handle(_ message: JSONObject, _ connection: JSONLineConnection) {
        let taskID = message["taskId"]?.stringValue ?? ""
        switch (message["command"]?.stringValue, message["status"]?.stringValue) {
        case ("execute", _):
            guard let requestID = message["requestId"]?.stringValue, let target = message["targetCommand"]?.stringValue,
                  let params = message["params"]?.objectValue else {
                log("the archive worker sent an execute without requestId, targetCommand or params; ignored")
                return
            }
            let data = data
            let accepted = callbacks.submit {
                connection.trySend(ArchiveMessage.result(requestID: requestID, data.execute(target, params)))
            }
            if !accepted {
                connection.trySend(ArchiveMessage.result(requestID: requestID, .failure(ArchiveProtocolError("the hive is busy; retry"))))
            }
        case ("progress", _):
            update(taskID) { status in
                status.state = .running
                status.archived = Int(message["archived"]?.int64Value ?? Int64(status.archived))
            }
        case ("complete", let outcome):
            update(taskID) { status in
                status.state = ArchiveTaskStatus.State(rawValue: outcome ?? "error") ?? .error
                status.archived = Int(message["archived"]?.int64Value ?? 0)
                status.durationMilliseconds = message["duration"]?.int64Value
                status.message = message["message"]?.stringValue
            }
            log("archive task \(taskID) \(outcome ?? "ended"): \(message["archived"]?.int64Value ?? 0) rows"
                + (message["message"]?.stringValue.map { " (\($0))" } ?? ""))
        case (nil, "queued"):
            update(taskID) { status in
                if status.state == .sending { status.state = .queued }
                status.queuePosition = message["queuePosition"]?.int64Value.map { Int($0) }
            }
        case (nil, "cancelled"):
            update(taskID) { $0.state = .cancelled }
        case (nil, "error"):
            let reason = message["message"]?.stringValue ?? "no reason given"
            if taskID.isEmpty {
                log("the archive worker reported: \(reason)")
            } else {
                update(taskID) { status in
                    status.state = .refused
                    status.message = reason
                }
            }
        default:
            log("the archive worker sent an unexpected message: \(JSONWriter.write(.object(message)).prefix(200))")
        }
    }

    // MARK: - Watching sizes

    private func watch(every interval: Duration) {
        var next = ContinuousClock.now + interval
        while true {
            let stopping = state.wait(deadline: next) { $0.isStopping ? true : nil }
            if stopping == true { return }
            next = .now + interval
            guard isConnected else { continue }
            for collection in ArchiveCollection.all {
                let eligible: Int64
                do throws(PostgresError) { eligible = try data.eligibleCount(collection, olderThan: configuration.retentionSeconds) } catch {
                    log("archive check of \(collection.name) failed: \(error)")
                    continue
                }
                guard eligible >= configuration.thresholdRows else { continue }
                do throws(HiveArchiverError) {
                    _ = try submit(collection: collection.name, olderThan: configuration.retentionSeconds,
                                   maxRows: configuration.maxRowsPerTask, batchSize: configuration.batchSize)
                } catch {
                    log("archive check of \(collection.name): \(error)")
                }
            }
        }
    }
}
