import Glibc
import KeyForgeSystem
import KeyForgeWire

/// An HTTP/1.1 server on one epoll loop thread, with blocking handlers on a bounded worker pool.
///
/// `run()` blocks the calling thread, which becomes the loop thread; `shutdown()` (any thread, or
/// SIGTERM/SIGINT when `handleSignals` is on) stops accepting, closes idle connections, lets
/// in-flight requests finish within `shutdownGrace`, then returns from `run()`.
public final class HTTPServer: @unchecked Sendable {
    /// The shared receive buffer's size, 64 KiB: a whole request head plus a typical body in one read, and the
    /// most one readable socket can hand over before the loop turns to the next connection.
    static let receiveBufferBytes = 64 << 10
    /// The limits and timeouts in force.
    public let configuration: HTTPServerConfiguration
    /// Counters for `/metrics`.
    public let metrics: HTTPServerMetrics
    /// Where it listens (for TCP port 0, the port the kernel chose).
    public let endpoint: SocketEndpoint

    let loop: EventLoop
    let responder: HTTPResponder
    let workers: WorkerPool
    let accessLog: (@Sendable (String) -> Void)?
    /// Runs on the loop thread when a graceful shutdown begins, before the connections drain.
    let onShutdown: (@Sendable () -> Void)?
    /// One receive buffer shared by every connection of the loop (reads copy out of it at once).
    let scratch = UnsafeMutableRawBufferPointer.allocate(byteCount: HTTPServer.receiveBufferBytes, alignment: 16)

    /// The request-body bytes buffered across connections (loop thread only).
    var bodyBudget: HTTPBodyBudget

    private let listener: ListeningSocket
    private var acceptor: Acceptor?
    private var listenerRegistration: EventRegistration?
    private var connections: [Int32: HTTPConnection] = [:]
    private var dirty: [HTTPConnection] = []
    private var signals: SignalSource?
    private(set) var isDraining = false

    /// Binds the listener and starts the worker pool. With `handleSignals`, SIGTERM and SIGINT are
    /// blocked in this thread first (`TerminationSignals.start()`, so the pool's threads inherit the
    /// mask) and handed to the loop.
    /// `onShutdown` runs when a shutdown begins: the place to end open-ended streams (Server-Sent
    /// Events), which would otherwise hold the drain for the whole `shutdownGrace`.
    public init(configuration: HTTPServerConfiguration, responder: HTTPResponder, metrics: HTTPServerMetrics = HTTPServerMetrics(),
                handleSignals: Bool = false, accessLog: (@Sendable (String) -> Void)? = nil,
                onShutdown: (@Sendable () -> Void)? = nil) throws(SystemError) {
        if handleSignals { try TerminationSignals.start() }
        self.configuration = configuration
        self.responder = responder
        self.metrics = metrics
        self.accessLog = accessLog
        self.onShutdown = onShutdown
        bodyBudget = HTTPBodyBudget(capacity: configuration.maxBufferedBodyBytes)
        loop = try EventLoop()
        switch configuration.endpoint {
        case .tcp(let host, let port): listener = try ListeningSocket.tcp(host: host, port: port)
        case .unix(let path): listener = try ListeningSocket.unix(path: path)
        }
        endpoint = listener.endpoint
        workers = try WorkerPool(name: "kf-http-worker", threadCount: configuration.workerThreads,
                                 queueLimit: configuration.workerQueueLimit)
        let acceptor = Acceptor(server: self)
        self.acceptor = acceptor
        listenerRegistration = try loop.register(listener.descriptor, interest: .readable, handler: acceptor)
        loop.addBeforeSleepHook { [unowned self] in flushDirty() }
        if handleSignals {
            signals = try SignalSource(loop: loop) { [unowned self] _ in beginShutdown() }
        }
    }

    deinit { scratch.deallocate() }

    /// Runs the loop on this thread until a shutdown completes, then stops the worker pool.
    public func run() throws(SystemError) {
        try loop.run()
        workers.shutdown()
    }

    /// Starts a graceful shutdown; safe from any thread.
    public func shutdown() {
        loop.execute { [self] in beginShutdown() }
    }

    // MARK: - Loop-thread internals

    func accepted(_ descriptor: Int32) {
        guard !isDraining, connections.count < configuration.maxConnections else {
            metrics.connectionRefused()
            SocketIO.close(descriptor)
            return
        }
        let connection = HTTPConnection(server: self, descriptor: descriptor)
        do {
            try connection.start()
        } catch {
            SocketIO.close(descriptor)
            return
        }
        connections[descriptor] = connection
        metrics.connectionOpened()
    }

    func closed(_ connection: HTTPConnection) {
        connections[connection.descriptor] = nil
        metrics.connectionClosed()
        if isDraining && connections.isEmpty { loop.stop() }
    }

    /// Queues `connection` for the before-sleep flush (one write per connection per iteration).
    func markDirty(_ connection: HTTPConnection) {
        guard !connection.isQueuedForFlush else { return }
        connection.isQueuedForFlush = true
        dirty.append(connection)
    }

    private func flushDirty() {
        while !dirty.isEmpty {
            let batch = dirty
            dirty.removeAll(keepingCapacity: true)
            for connection in batch {
                connection.isQueuedForFlush = false
                connection.flush()
            }
        }
    }

    /// Out of descriptors: stop listening for a moment rather than spin on a listener that stays readable.
    func pauseAccepting() {
        metrics.connectionRefused()
        guard let registration = listenerRegistration else { return }
        do { try loop.setInterest(registration, []) } catch { accessLog?("pausing accepts failed: \(error)") }
        let timer = LoopTimer { [weak self] in
            guard let self, !isDraining, let registration = listenerRegistration else { return }
            do { try loop.setInterest(registration, .readable) } catch { accessLog?("resuming accepts failed: \(error)") }
        }
        loop.schedule(timer, at: .now + .milliseconds(100))
        pauseTimer = timer
    }

    private var pauseTimer: LoopTimer?
    private var graceTimer: LoopTimer?

    private func beginShutdown() {
        guard !isDraining else { return }
        isDraining = true
        if let registration = listenerRegistration { loop.deregister(registration) }
        listenerRegistration = nil
        listener.close()
        onShutdown?()
        for connection in Array(connections.values) { connection.drain() }
        if connections.isEmpty { loop.stop(); return }
        let timer = LoopTimer { [weak self] in
            guard let self else { return }
            for connection in Array(connections.values) { connection.close() }
            loop.stop()
        }
        loop.schedule(timer, at: .now + configuration.shutdownGrace)
        graceTimer = timer
    }

    func acceptPending(limit: Int) {
        for _ in 0..<limit {
            let outcome: ListeningSocket.Accepted
            do {
                outcome = try listener.accept()
            } catch {
                accessLog?("accept failed: \(error)")
                return
            }
            switch outcome {
            case .connection(let descriptor): accepted(descriptor)
            case .wouldBlock: return
            case .outOfDescriptors:
                pauseAccepting()
                return
            }
        }
    }
}

/// The listener's handler: accepts until the queue is empty (bounded per wake-up, for fairness).
final class Acceptor: EventHandler {
    static let maxAcceptsPerWake = 128
    unowned let server: HTTPServer

    init(server: HTTPServer) { self.server = server }

    func handle(_ events: IOEvents) {
        server.acceptPending(limit: Self.maxAcceptsPerWake)
    }
}
