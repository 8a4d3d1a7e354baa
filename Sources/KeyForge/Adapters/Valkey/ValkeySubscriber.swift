import Glibc
import KeyForgeSystem
import KeyForgeWire
import Synchronization

/// A message received on a subscribed channel.
public struct ValkeyMessage: Equatable, Sendable {
    /// The channel it was published on.
    public var channel: String
    /// The pattern that matched, for pattern subscriptions.
    public var pattern: String?
    /// The published bytes.
    public var payload: [UInt8]

    /// Creates a message.
    public init(channel: String, pattern: String?, payload: [UInt8]) {
        self.channel = channel
        self.pattern = pattern
        self.payload = payload
    }
}

/// What happened to a subscriber's connection, so its owner can resynchronize.
public enum ValkeySubscriberEvent: Equatable, Sendable {
    /// Every channel and pattern is subscribed; `isResubscription` is true after a reconnect, when
    /// messages published meanwhile were lost (pub/sub is at-most-once) and the owner should resync.
    case subscribed(isResubscription: Bool)
    /// The connection failed; the subscriber reconnects with backoff.
    case disconnected(ValkeyError)
}

/// Pub/sub on a dedicated connection and thread, resubscribing after every reconnect.
public final class ValkeySubscriber: Sendable {
    /// How often the loop looks at the stop flag while the channel is quiet.
    public static let pollInterval: Duration = .milliseconds(100)

    private let configuration: ValkeyConfiguration
    private let channels: [String]
    private let patterns: [String]
    private let reconnect: Backoff
    private let onMessage: @Sendable (ValkeyMessage) -> Void
    private let onEvent: @Sendable (ValkeySubscriberEvent) -> Void
    private let isStopping = Atomic<Bool>(false)
    private let thread = Locked<SystemThread?>(nil)

    /// Creates a subscriber; `start()` connects. Callbacks run on the subscriber's own thread.
    public init(configuration: ValkeyConfiguration, channels: [String], patterns: [String] = [],
                reconnect: Backoff = Backoff(maxRetries: nil),
                onMessage: @escaping @Sendable (ValkeyMessage) -> Void,
                onEvent: @escaping @Sendable (ValkeySubscriberEvent) -> Void = { _ in }) {
        self.configuration = configuration
        self.channels = channels
        self.patterns = patterns
        self.reconnect = reconnect
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

    private func receive(_ connection: ValkeyConnection) throws(ValkeyError) {
        while !shouldStop {
            guard let value = try connection.nextValue(until: .now + Self.pollInterval) else { continue }
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
