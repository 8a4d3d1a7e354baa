import Glibc
import KeyForgeAdapters
import KeyForgeSystem
import KeyForgeWire
import KeyForgeTestSupport
import Testing

/// What a subscriber's callbacks saw, for assertions from the test's thread.
final class SubscriberLog: Sendable {
    private let state = Locked<(messages: [ValkeyMessage], events: [ValkeySubscriberEvent])>(([], []))

    func record(_ message: ValkeyMessage) { state.withLock { $0.messages.append(message) } }
    func record(_ event: ValkeySubscriberEvent) { state.withLock { $0.events.append(event) } }
    var messages: [ValkeyMessage] { state.withLock { $0.messages } }
    var events: [ValkeySubscriberEvent] { state.withLock { $0.events } }
    var subscriptions: Int { events.filter { if case .subscribed = $0 { true } else { false } }.count }

    /// Waits up to `seconds` for `condition`; true when it held in time.
    func wait(seconds: Double = 10, until condition: () -> Bool) -> Bool {
        let deadline = ContinuousClock.now + .milliseconds(Int(seconds * 1000))
        while ContinuousClock.now < deadline {
            if condition() { return true }
            usleep(10_000)
        }
        return condition()
    }
}

@Suite("Valkey pub/sub", .serialized)
struct ValkeyPubSubTests {
    @Test("a message published on one connection reaches a subscriber on another, in both protocols")
    func publishSubscribe() throws {
        let server = ValkeyServerHarness.shared
        for resp3 in [true, false] {
            var configuration = server.configuration()
            configuration.prefersRESP3 = resp3
            let jobID = uniqueName("job")
            let channel = CoordinatorKeyspace.jobUpdates(jobID)
            let log = SubscriberLog()
            let subscriber = ValkeySubscriber(configuration: configuration, channels: [channel], patterns: ["asset_upd*"],
                                              onMessage: log.record, onEvent: log.record)
            try subscriber.start()
            defer { subscriber.stop() }
            #expect(log.wait { log.subscriptions == 1 })
            let coordinator = ValkeyDistributedCoordinator(client: ValkeyClient(configuration: server.configuration()))
            let event: [UInt8] = Array(#"{"type":"new_best","score":1904571756}"#.utf8) + [0, 13, 10]
            #expect(try coordinator.publishUpdate(jobID: jobID, event: event) >= 1)
            try ValkeyClient(configuration: server.configuration()).execute(["PUBLISH", "asset_updates", "keyboards/corne.json"])
            #expect(log.wait { log.messages.count == 2 })
            #expect(log.messages.first == ValkeyMessage(channel: channel, pattern: nil, payload: event))
            #expect(log.messages.last == ValkeyMessage(channel: "asset_updates", pattern: "asset_upd*",
                                                       payload: Array("keyboards/corne.json".utf8)))
            #expect(log.events == [.subscribed(isResubscription: false)])
        }
    }

    @Test("the server killed and restarted mid-use: the client reconnects, the subscriber resubscribes and says so")
    func serverRestart() throws {
        let server = try ValkeyServerHarness()
        defer { server.stop() }
        let channel = "job:restart:updates"
        let log = SubscriberLog()
        let subscriber = ValkeySubscriber(configuration: server.configuration(), channels: [channel],
                                          reconnect: Backoff(initial: .milliseconds(20), maximum: .milliseconds(200), maxRetries: nil),
                                          onMessage: log.record, onEvent: log.record)
        try subscriber.start()
        defer { subscriber.stop() }
        #expect(log.wait { log.subscriptions == 1 })

        let client = ValkeyClient(configuration: server.configuration(),
                                  reconnect: Backoff(initial: .milliseconds(20), maximum: .milliseconds(200), maxRetries: 50))
        try client.execute(["SET", "k", "before"])
        try client.execute(["PUBLISH", channel, "one"])
        #expect(log.wait { log.messages.count == 1 })

        server.kill()
        // While it is down: a command fails cleanly (no crash, no hang past its timeout).
        #expect(throws: ValkeyError.self) { try ValkeyClient(configuration: server.configuration(), reconnect: Backoff(maxRetries: 0)).execute(["PING"]) }
        try server.start()

        // The pooled connection died with the server; the next call notices and reconnects.
        #expect(try client.execute(["GET", "k"]) == .null)
        #expect(log.wait { log.events.contains(.subscribed(isResubscription: true)) })
        #expect(log.events.contains { if case .disconnected = $0 { true } else { false } })
        try client.execute(["PUBLISH", channel, "two"])
        #expect(log.wait { log.messages.count == 2 })
        #expect(log.messages.map { String(decoding: $0.payload, as: UTF8.self) } == ["one", "two"])
    }

    @Test("stop() returns promptly while the channel is quiet")
    func stopPromptly() throws {
        let log = SubscriberLog()
        let subscriber = ValkeySubscriber(configuration: ValkeyServerHarness.shared.configuration(), channels: [uniqueName("quiet")],
                                          onMessage: log.record, onEvent: log.record)
        try subscriber.start()
        #expect(log.wait { log.subscriptions == 1 })
        let start = ContinuousClock.now
        subscriber.stop()
        #expect(ContinuousClock.now - start < .seconds(2))
    }
}
