import KeyForgeAdapters
import KeyForgeSystem
import Synchronization

/// Relays job events from Valkey (`job:<id>:updates`) to this hive's Server-Sent Events clients, so a
/// client of one hive instance sees events published by any other (docs/adr/0010-valkey-ephemeral-postgres-persistent.md).
///
/// One pattern subscription per hive; each message goes to the streams open for its job. After a
/// resubscription (messages may have been lost) every stream gets a `resync` event, telling the
/// client to re-read the job's status. A comment every `keepAliveInterval` keeps proxies from
/// closing quiet streams and lets the server notice clients that went away.
public final class HiveEvents: Sendable {
    /// How often quiet streams get a keep-alive comment.
    public static let keepAliveInterval: Duration = .seconds(15)
    /// The most streams one hive keeps open; more get 503.
    public static let maxStreams = 1_000
    /// The most streams one client address may hold open; more get 429. Streams are public, so without it one
    /// client could hold all `maxStreams` and leave everyone else 503. A dashboard needs one stream and a
    /// watcher one per job, so 32 leaves room for an office behind one NAT or proxy address.
    public static let maxStreamsPerAddress = 32

    /// Why a stream was not opened.
    public enum Refusal: Error, Equatable, Sendable {
        /// The hive holds `maxStreams` streams: 503.
        case hiveFull
        /// This address holds `maxStreamsPerAddress` streams: 429.
        case addressFull
    }
    /// The table key of streams that follow every job (`GET /events`); job ids are hex, so it is never one.
    static let everyJob = "*"

    /// The open streams by job id (or `everyJob`), each with the address of its client.
    private let streams = Locked<[String: [(stream: ServerSentEventStream, address: String)]]>([:])
    private let subscriber: ValkeySubscriber
    private let isStopping = Atomic<Bool>(false)
    private let keepAlive = Locked<SystemThread?>(nil)
    private let resubscribed = Locked<[@Sendable () -> Void]>([])

    /// Creates the relay; `start()` subscribes.
    public init(valkey: ValkeyConfiguration, log: @escaping @Sendable (String) -> Void) {
        // The subscriber's callbacks reach this object weakly: it owns the subscriber, not the reverse.
        let box = Locked(WeakRelay())
        subscriber = ValkeySubscriber(
            configuration: valkey, channels: [], patterns: ["job:*:updates"],
            onMessage: { message in box.withLock { $0.events }?.deliver(message) },
            onEvent: { event in
                switch event {
                case .subscribed(let again):
                    if again {
                        log("events: resubscribed; asking clients to resync")
                        let events = box.withLock { $0.events }
                        events?.broadcast(event: "resync", data: "{}")
                        for action in events?.resubscribed.withLock({ $0 }) ?? [] { action() }
                    }
                case .disconnected(let error):
                    log("events: \(error)")
                }
            })
        box.withLock { $0.events = self }
    }

    /// Runs `action` each time the relay subscribes again after losing Valkey (a restarted Valkey may
    /// have lost everything it held), on the subscriber's thread.
    public func whenResubscribed(_ action: @escaping @Sendable () -> Void) {
        resubscribed.withLock { $0.append(action) }
    }

    /// Subscribes and starts the keep-alive thread.
    public func start() throws(SystemError) {
        try subscriber.start()
        let thread = try SystemThread(name: "kf-sse-ping") { [self] in
            var last = ContinuousClock.now
            while !isStopping.load(ordering: .acquiring) {
                WallClock.sleep(for: .milliseconds(100))
                if ContinuousClock.now - last >= Self.keepAliveInterval {
                    last = .now
                    broadcastComment("keep-alive")
                }
            }
        }
        keepAlive.withLock { $0 = thread }
    }

    /// Stops relaying and ends every open stream.
    public func stop() {
        isStopping.store(true, ordering: .releasing)
        subscriber.stop()
        keepAlive.withLock { $0 }?.join()
        for stream in streams.withLock({ $0.values.flatMap { $0.map(\.stream) } }) { stream.finish() }
    }

    /// Ends every open stream (their clients reconnect, to another hive if this one is going away);
    /// keeps relaying to streams opened later. The hive calls it when its server starts to shut down,
    /// so that open streams do not hold the drain.
    public func endStreams() {
        for stream in streams.withLock({ $0.values.flatMap { $0.map(\.stream) } }) { stream.finish() }
        prune()
    }

    /// A new stream of `jobID`'s events (of every job's when `jobID` is nil) for a client at `address`, or why not.
    public func openStream(jobID: String?, address: String) -> Result<ServerSentEventStream, Refusal> {
        let stream = ServerSentEventStream(onCancel: { [weak self] in self?.prune() })
        let refusal = streams.withLock { table -> Refusal? in
            let open = table.values.joined().filter { !$0.stream.isClosed }
            guard open.count < Self.maxStreams else { return .hiveFull }
            guard open.count(where: { $0.address == address }) < Self.maxStreamsPerAddress else { return .addressFull }
            table[jobID ?? Self.everyJob, default: []].append((stream, address))
            return nil
        }
        return refusal.map { .failure($0) } ?? .success(stream)
    }

    private func deliver(_ message: ValkeyMessage) {
        // job:<id>:updates
        let parts = message.channel.split(separator: ":")
        guard parts.count == 3, parts[0] == "job", parts[2] == "updates" else { return }
        let jobID = String(parts[1])
        let text = String(decoding: message.payload, as: UTF8.self)
        let event = Self.eventName(text)
        for entry in streams.withLock({ ($0[jobID] ?? []) + ($0[Self.everyJob] ?? []) }) { entry.stream.send(event: event, data: text) }
    }

    private func broadcast(event: String, data: String) {
        for stream in streams.withLock({ $0.values.flatMap { $0.map(\.stream) } }) { stream.send(event: event, data: data) }
    }

    private func broadcastComment(_ text: String) {
        for stream in streams.withLock({ $0.values.flatMap { $0.map(\.stream) } }) { stream.sendComment(text) }
        prune()
    }

    private func prune() {
        streams.withLock { table in
            for key in Array(table.keys) {
                table[key]?.removeAll { $0.stream.isClosed }
                if table[key]?.isEmpty == true { table[key] = nil }
            }
        }
    }

    /// The SSE event name: the payload's `"type"` when it is a short word, else `update`.
    static func eventName(_ payload: String) -> String {
        guard let range = payload.firstRange(of: "\"type\":\"") else { return "update" }
        let rest = payload[range.upperBound...]
        guard let end = rest.firstIndex(of: "\"") else { return "update" }
        let name = rest[..<end]
        return !name.isEmpty && name.count <= 32 && name.allSatisfy({ $0.isLetter || $0 == "_" }) ? String(name) : "update"
    }
}

/// A weak reference that can cross threads (guarded by the lock that holds it).
private struct WeakRelay: @unchecked Sendable {
    weak var events: HiveEvents?
}
