import Glibc
import KeyForgeSystem
import KeyForgeWire
import Synchronization

/// Pub/sub on a dedicated connection and thread, resubscribing after every reconnect.
///
/// A link that dies silently (packets dropped, no FIN or RST) looks exactly like a quiet channel, so
/// the subscriber sends `PING` every `pingInterval` (allowed in subscribed mode; the answer is a
/// `pong` frame) and treats `silenceLimit` without any frame from the server as a dead connection:
/// it drops it, reconnects with backoff, resubscribes and reports `.disconnected` then
/// `.subscribed(isResubscription: true)` (docs/ARCHITECTURE.md section 8: a resubscribed stream resyncs).
public final class ValkeySubscriber: Sendable {
    /// How often the loop looks at the stop flag while the channel is quiet.
    public static let pollInterval: Duration = .milliseconds(100)
    /// How often a subscribed connection sends `PING`: the server's answer is the proof the link is alive.
    public static let pingInterval: Duration = .seconds(5)
    /// How long without any frame from the server (message, confirmation or `pong`) before the
    /// connection counts as dead: two ping intervals, so one late answer on a busy server is forgiven.
    public static let silenceLimit: Duration = .seconds(10)

    private let configuration: ValkeyConfiguration
    private let channels: [String]
    private let patterns: [String]
    private let reconnect: Backoff
    private let pingInterval: Duration
    private let silenceLimit: Duration
    private let onMessage: @Sendable (ValkeyMessage) -> Void
    private let onEvent: @Sendable (ValkeySubscriberEvent) -> Void
    private let isStopping = Atomic<Bool>(false)
    private let thread = Locked<SystemThread?>(nil)

    /// Creates a subscriber; `start()` connects. Callbacks run on the subscriber's own thread.
    /// `pingInterval` and `silenceLimit` default to the constants of the same names.
    public init(configuration: ValkeyConfiguration, channels: [String], patterns: [String] = [],
                reconnect: Backoff = Backoff(maxRetries: nil),
                pingInterval: Duration = ValkeySubscriber.pingInterval, silenceLimit: Duration = ValkeySubscriber.silenceLimit,
                onMessage: @escaping @Sendable (ValkeyMessage) -> Void,
                onEvent: @escaping @Sendable (ValkeySubscriberEvent) -> Void = { _ in }) {
        self.configuration = configuration
        self.channels = channels
        self.patterns = patterns
        self.reconnect = reconnect
        self.pingInterval = pingInterval
        self.silenceLimit = silenceLimit
        self.onMessage = onMessage
        self.onEvent = onEvent
    }

    /// Starts the subscriber's thread.
    public func start() throws(SystemError) {
        let started = try SystemThread(name: "kf-subscriber") { [self] in run() }
        thread.withLock { $0 = started }
    }

    /// Stops the loop and waits for its thread (at most about one `pollInterval` plus a connect timeout).
    public func stop() {
        isStopping.store(true, ordering: .releasing)
        let running = thread.withLock { current -> SystemThread? in
            defer { current = nil }
            return current
        }
        running?.join()
    }

    private var shouldStop: Bool { isStopping.load(ordering: .acquiring) }

    private func run() {
        var hasSubscribedBefore = false
        var attempt = 0
        var generator = SystemRandomNumberGenerator()
        while !shouldStop {
            do {
                let connection = try ValkeyConnection.connect(configuration)
                defer { connection.markBroken() }
                try subscribe(connection)
                attempt = 0
                onEvent(.subscribed(isResubscription: hasSubscribedBefore))
                hasSubscribedBefore = true
                try receive(connection)
            } catch {
                onEvent(.disconnected(error))
                if let retries = reconnect.maxRetries, attempt >= retries { return }
                pause(reconnect.delay(attempt: attempt, using: &generator))
                attempt += 1
            }
        }
    }

    /// Sends SUBSCRIBE and PSUBSCRIBE and waits for every confirmation.
    private func subscribe(_ connection: ValkeyConnection) throws(ValkeyError) {
        var commands: [[String]] = []
        if !channels.isEmpty { commands.append(["SUBSCRIBE"] + channels) }
        if !patterns.isEmpty { commands.append(["PSUBSCRIBE"] + patterns) }
        try connection.send(commands)
        var pending = channels.count + patterns.count
        let deadline = ContinuousClock.now + configuration.commandTimeout
        while pending > 0 {
            guard let value = try connection.nextValue(until: deadline) else {
                throw .connection(SystemError(code: ETIMEDOUT, call: "subscribe", subject: configuration.endpoint.description))
            }
            switch Self.parts(of: value) {
            case let parts? where parts.kind == "subscribe" || parts.kind == "psubscribe": pending -= 1
            case let parts?: deliver(parts)
            case nil:
                if case .error(let message) = value { throw .server(message) }
            }
        }
    }

    /// Delivers messages until told to stop; pings while quiet and throws when the server has been
    /// silent for `silenceLimit` (the link is dead even though no error reached the socket).
    private func receive(_ connection: ValkeyConnection) throws(ValkeyError) {
        var lastHeard = ContinuousClock.now
        var lastPing = lastHeard
        while !shouldStop {
            let now = ContinuousClock.now
            if now - lastHeard >= silenceLimit {
                throw .connection(SystemError(code: ETIMEDOUT, call: "no reply to PING for \(silenceLimit)",
                                              subject: configuration.endpoint.description))
            }
            if now - lastPing >= pingInterval {
                try connection.send([["PING"]])
                lastPing = now
            }
            let wake = min(now + Self.pollInterval, lastPing + pingInterval, lastHeard + silenceLimit)
            guard let value = try connection.nextValue(until: wake) else { continue }
            lastHeard = .now
            if let parts = Self.parts(of: value) { deliver(parts) }
        }
    }

    private func deliver(_ parts: (kind: String, items: [RESPValue])) {
        switch (parts.kind, parts.items.count) {
        case ("message", 3):
            if let channel = parts.items[1].asString, let payload = parts.items[2].asBytes {
                onMessage(ValkeyMessage(channel: channel, pattern: nil, payload: payload))
            }
        case ("pmessage", 4):
            if let pattern = parts.items[1].asString, let channel = parts.items[2].asString, let payload = parts.items[3].asBytes {
                onMessage(ValkeyMessage(channel: channel, pattern: pattern, payload: payload))
            }
        default:
            break
        }
    }

    /// A pub/sub frame's kind and items: a RESP3 push, or a RESP2 array, whose first item names it.
    private static func parts(of value: RESPValue) -> (kind: String, items: [RESPValue])? {
        switch value {
        case .push(let items), .array(let items):
            guard let kind = items.first?.asString else { return nil }
            return (kind.lowercased(), items)
        default:
            return nil
        }
    }

    /// Sleeps in short steps so `stop()` is not held up by a long backoff.
    private func pause(_ duration: Duration) {
        let end = ContinuousClock.now + duration
        while !shouldStop, ContinuousClock.now < end {
            WallClock.sleep(for: min(Self.pollInterval, ContinuousClock.now.duration(to: end)))
        }
    }
}
