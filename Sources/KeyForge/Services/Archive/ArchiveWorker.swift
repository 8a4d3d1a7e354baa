import Glibc
import KeyForgeSystem
import KeyForgeWire
import Synchronization

/// The archive worker's settings (`keyforge agent archive`).
public struct ArchiveWorkerConfiguration: Sendable {
    /// The Unix socket it listens on (mode 0600).
    public var socketPath: String
    /// Tasks that run at once (on different collections).
    public var threads = 3
    /// Tasks that may wait; one more is refused as busy.
    public var queueLimit = 16_384
    /// The longest line accepted (a `data/list` answer carries a whole batch).
    public var maxLineBytes = 16 << 20
    /// How long a task waits for the data owner's answer to one `execute`.
    public var replyTimeout: Duration = .seconds(120)
    /// How long one line may take to leave.
    public var writeTimeout: Duration = .seconds(30)

    /// Settings for `socketPath`, the rest at their defaults.
    public init(socketPath: String) { self.socketPath = socketPath }
}

/// Why the worker would not start.
public struct ArchiveWorkerError: Error, Sendable, CustomStringConvertible {
    /// The reason.
    public let description: String
    /// True when another worker is the reason (not a fault of this one).
    public let isBusy: Bool
}

/// The archive worker (docs/ARCHITECTURE.md section 7): a Unix-socket server speaking
/// newline-delimited JSON. Clients queue `archive` tasks; a pool of threads runs them through
/// `ArchiveExecutor`, calling back to the client that sent each task with `execute` requests.
///
/// Threads: one accepting, one reading per connection, `threads` running tasks. Only the owner's
/// uid (or root) may connect (SO_PEERCRED). A lock file beside the socket makes one worker per path;
/// a socket file left by a killed worker is replaced.
public final class ArchiveWorker: @unchecked Sendable {
    /// The settings.
    public let configuration: ArchiveWorkerConfiguration
    private let log: @Sendable (String) -> Void
    private let lock: FileLock
    private let listener: ListeningSocket
    private let scheduler: ConditionLock<Scheduler>
    private let peers = ConditionLock<[Int: Peer]>([:])
    private let counters = Locked<(connections: Int, requests: Int)>((0, 0))
    private let stopping = Atomic<Bool>(false)

    private struct Scheduler {
        var queue: ArchiveQueue
        var cancelled: Set<String> = []
        var isStopping = false
    }

    /// One connected client: its connection and the answers its task threads wait for.
    private final class Peer: @unchecked Sendable {
        let id: Int
        let connection: JSONLineConnection
        let replies = ConditionLock(Replies())
        init(id: Int, connection: JSONLineConnection) {
            self.id = id
            self.connection = connection
        }
    }

    private struct Replies {
        var expected: Set<String> = []
        var arrived: [String: JSONObject] = [:]
        var isClosed = false
    }

    /// Takes the socket: refuses while another worker holds it, replaces a stale one.
    public init(configuration: ArchiveWorkerConfiguration, log: @escaping @Sendable (String) -> Void) throws(ArchiveWorkerError) {
        self.configuration = configuration
        self.log = log
        let path = configuration.socketPath
        let acquired: FileLock?
        do throws(SystemError) { acquired = try FileLock.tryAcquire(path + ".lock") } catch {
            throw ArchiveWorkerError(description: "cannot lock \(path).lock: \(error)", isBusy: false)
        }
        guard let acquired else {
            throw ArchiveWorkerError(description: "another archive worker owns \(path) (its lock \(path).lock is held)", isBusy: true)
        }
        lock = acquired
        var info = stat()
        if lstat(path, &info) == 0 {
            guard (info.st_mode & S_IFMT) == S_IFSOCK else {
                throw ArchiveWorkerError(description: "\(path) exists and is not a socket; refusing to replace it", isBusy: false)
            }
            if (try? StreamSocket.connect(to: .unix(path: path), deadline: .now + .milliseconds(500))) != nil {
                throw ArchiveWorkerError(description: "another process is listening on \(path)", isBusy: true)
            }
            log("replacing the stale socket \(path)")
        }
        do throws(SystemError) {
            listener = try ListeningSocket.unix(path: path, mode: 0o600)
        } catch {
            throw ArchiveWorkerError(description: "cannot listen on \(path): \(error)", isBusy: false)
        }
        scheduler = ConditionLock(Scheduler(queue: ArchiveQueue(limit: configuration.queueLimit)))
    }

    /// Serves until `shouldStop` returns true (polled a few times a second) or `stop()`; then lets
    /// running tasks end after their current batch and returns.
    public func run(until shouldStop: () -> Bool = { false }) throws(SystemError) {
        var threads: [SystemThread] = []
        for index in 0..<configuration.threads {
            threads.append(try SystemThread(name: "archive-\(index)") { [self] in runTasks() })
        }
        log("listening on \(configuration.socketPath) with \(configuration.threads) threads, queue limit \(configuration.queueLimit)")
        while !shouldStop() && !stopping.load(ordering: .relaxed) {
            var entry = pollfd(fd: listener.descriptor, events: Int16(POLLIN), revents: 0)
            guard poll(&entry, 1, 200) > 0 else { continue }
            guard case .connection(let fd) = try listener.accept() else { continue }
            admit(fd, readers: &threads)
        }
        stopping.store(true, ordering: .relaxed)
        scheduler.withLock { $0.isStopping = true }
        for peer in peers.read({ Array($0.values) }) { peer.connection.shutdown() }
        for thread in threads { thread.join() }
        listener.close()
        log("stopped")
    }

    /// Asks `run` to return.
    public func stop() { stopping.store(true, ordering: .relaxed) }

    // MARK: - Connections

    private func admit(_ fd: Int32, readers: inout [SystemThread]) {
        let connection = JSONLineConnection(socket: StreamSocket(adopting: fd, endpoint: .unix(path: configuration.socketPath)),
                                            writeTimeout: configuration.writeTimeout)
        let uid = SocketIO.peerUID(fd)
        guard let uid, uid == getuid() || uid == 0 else {
            log("refused a connection from uid \(uid.map(String.init) ?? "unknown"): only uid \(getuid()) and root may connect")
            connection.trySend(ArchiveMessage.error(code: "forbidden", "only the worker's own user may connect"))
            connection.shutdown()
            return
        }
        let id = counters.withLock { counters -> Int in
            counters.connections += 1
            return counters.connections
        }
        let peer = Peer(id: id, connection: connection)
        peers.withLock { $0[id] = peer }
        do throws(SystemError) {
            readers.append(try SystemThread(name: "archive-conn") { [self] in read(peer) })
        } catch {
            log("cannot start a reader for connection \(id): \(error)")
            drop(peer)
        }
    }

    private func read(_ peer: Peer) {
        var reader = peer.connection.reader(maxLineBytes: configuration.maxLineBytes)
        let limits = JSONLimits(maxDepth: 32, maxInputBytes: configuration.maxLineBytes, maxStringBytes: configuration.maxLineBytes)
        reading: while !stopping.load(ordering: .relaxed) {
            let next: LineReader.Next
            do throws(SystemError) { next = try reader.next(deadline: .now + .seconds(1)) } catch { break }
            switch next {
            case .timedOut:
                continue
            case .closed:
                break reading
            case .oversized:
                peer.connection.trySend(ArchiveMessage.error(code: "oversized", "a line over \(configuration.maxLineBytes) bytes was dropped"))
            case .line(let bytes):
                guard bytes.contains(where: { $0 != 0x20 && $0 != 0x09 }) else { continue }
                do throws(JSONParseError) {
                    guard let message = try JSONParser.parse(bytes, limits: limits).objectValue else {
                        peer.connection.trySend(ArchiveMessage.error(code: "malformed", "a message must be a JSON object"))
                        continue
                    }
                    handle(message, from: peer)
                } catch {
                    peer.connection.trySend(ArchiveMessage.error(code: "malformed", "malformed JSON: \(error)"))
                }
            }
        }
        drop(peer)
    }

    private func handle(_ message: JSONObject, from peer: Peer) {
        guard let command = message["command"] else {
            guard let requestID = message["requestId"]?.stringValue else {
                peer.connection.trySend(ArchiveMessage.error(code: "invalid", "a message needs a command, or a requestId if it answers one"))
                return
            }
            let expected = peer.replies.withLock { replies -> Bool in
                guard replies.expected.remove(requestID) != nil else { return false }
                replies.arrived[requestID] = message
                return true
            }
            if !expected {
                peer.connection.trySend(ArchiveMessage.error(code: "unknown_request", "no execute request \(requestID) is waiting"))
            }
            return
        }
        switch command.stringValue {
        case "ping":
            peer.connection.trySend(ArchiveMessage.pong)
        case "archive":
            let task: ArchiveTask
            do throws(ArchiveProtocolError) { task = try ArchiveTask(message: message) } catch {
                peer.connection.trySend(ArchiveMessage.error(code: "invalid", error.message, taskID: message["taskId"]?.stringValue))
                return
            }
            let outcome = scheduler.withLock { $0.queue.enqueue(task, owner: peer.id) }
            switch outcome {
            case .success(let position):
                peer.connection.trySend(ArchiveMessage.queued(taskID: task.taskID, position: position))
                scheduler.withLock { $0.queue.release(task.taskID) }
            case .failure(.full(let limit)):
                peer.connection.trySend(ArchiveMessage.error(code: "busy", "the queue is full (\(limit) tasks wait); retry later",
                                                             taskID: task.taskID))
            case .failure(.duplicate):
                peer.connection.trySend(ArchiveMessage.error(code: "duplicate", "a task \(task.taskID) is already queued or running",
                                                             taskID: task.taskID))
            }
        case "cancel":
            guard let taskID = message["taskId"]?.stringValue else {
                peer.connection.trySend(ArchiveMessage.error(code: "invalid", "cancel: taskId must be a string"))
                return
            }
            let found = scheduler.withLock { state -> Bool? in
                if state.queue.removeWaiting(taskID) != nil { return false }
                guard state.queue.running[taskID] != nil else { return nil }
                state.cancelled.insert(taskID)
                return true
            }
            if let found {
                peer.connection.trySend(ArchiveMessage.cancelled(taskID: taskID, wasRunning: found))
            } else {
                peer.connection.trySend(ArchiveMessage.error(code: "unknown_task", "no task \(taskID) is queued or running", taskID: taskID))
            }
        default:
            peer.connection.trySend(ArchiveMessage.error(code: "unknown_command", "unknown command \(JSONWriter.write(command))"))
        }
    }

    /// Forgets a connection: its waiting tasks are dropped, its running ones stop after their batch.
    private func drop(_ peer: Peer) {
        peer.connection.shutdown()
        peer.replies.withLock { $0.isClosed = true }
        let dropped = scheduler.withLock { state -> Int in
            for (taskID, entry) in state.queue.running where entry.owner == peer.id { state.cancelled.insert(taskID) }
            return state.queue.removeWaiting(owner: peer.id).count
        }
        peers.withLock { $0[peer.id] = nil }
        if dropped > 0 { log("connection \(peer.id) closed; dropped its \(dropped) queued tasks") }
    }

    // MARK: - Tasks

    private enum Step {
        case run(ArchiveQueue.Entry)
        case stop
    }

    private func runTasks() {
        while true {
            let step = scheduler.wait { state -> Step? in
                if state.isStopping { return .stop }
                return state.queue.take().map(Step.run)
            }
            guard case .run(let entry)? = step else { return }
            execute(entry)
            scheduler.withLock { state in
                state.queue.finish(entry.task.taskID)
                state.cancelled.remove(entry.task.taskID)
            }
        }
    }

    private func execute(_ entry: ArchiveQueue.Entry) {
        let task = entry.task
        guard let peer = peers.read({ $0[entry.owner] }) else { return }
        let started = ContinuousClock.now
        let (archived, outcome) = ArchiveExecutor.run(task, call: { target, params throws(ArchiveProtocolError) in
            try call(peer, target, params)
        }, progress: { archived in
            peer.connection.trySend(ArchiveMessage.progress(taskID: task.taskID, archived: archived, total: task.maxRows))
        }, isCancelled: {
            scheduler.read { $0.cancelled.contains(task.taskID) || $0.isStopping }
        })
        let elapsed = started.duration(to: .now).components
        let milliseconds = elapsed.seconds * 1000 + elapsed.attoseconds / 1_000_000_000_000_000
        var message: String?
        if case .failed(let reason) = outcome {
            message = reason
            log("task \(task.taskID) (\(task.collection)) failed after \(archived) rows: \(reason)")
        }
        peer.connection.trySend(ArchiveMessage.complete(taskID: task.taskID, archived: archived, durationMilliseconds: milliseconds,
                                                        status: outcome.status, message: message))
    }

    /// Sends one `execute` to the task's client and waits for its answer.
    private func call(_ peer: Peer, _ target: String, _ params: JSONObject) throws(ArchiveProtocolError) -> JSONValue {
        let requestID = counters.withLock { counters -> String in
            counters.requests += 1
            return "req-\(counters.requests)"
        }
        peer.replies.withLock { $0.expected.insert(requestID) }
        do throws(SystemError) {
            try peer.connection.send(ArchiveMessage.execute(requestID: requestID, target: target, params: params))
        } catch {
            throw ArchiveProtocolError("cannot send \(target) to the client: \(error)")
        }
        enum Answer {
            case reply(JSONObject)
            case closed
        }
        let answer = peer.replies.wait(deadline: .now + configuration.replyTimeout) { replies -> Answer? in
            if let reply = replies.arrived.removeValue(forKey: requestID) { return .reply(reply) }
            return replies.isClosed ? .closed : nil
        }
        switch answer {
        case .reply(let reply)?:
            guard reply["status"]?.stringValue == "success" else {
                throw ArchiveProtocolError("\(target) failed: \(reply["message"]?.stringValue ?? "the client answered \(JSONWriter.write(.object(reply)))")")
            }
            return reply["result"] ?? .null
        case .closed?:
            throw ArchiveProtocolError("the client closed the connection during \(target)")
        case nil:
            peer.replies.withLock { $0.expected.remove(requestID) }
            throw ArchiveProtocolError("no answer to \(target) (\(requestID)) within \(configuration.replyTimeout)")
        }
    }
}
