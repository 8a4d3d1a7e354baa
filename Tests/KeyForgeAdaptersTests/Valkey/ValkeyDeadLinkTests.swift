import KeyForgeAdapters
import KeyForgeSystem
import KeyForgeTestSupport
import Testing

/// A subscription whose link dies without a FIN or RST (blackholed through `BlackholeProxy`) must be
/// noticed by the subscriber's own pings, not left silent for ever.
@Suite("Valkey subscriber over a dead link", .serialized)
struct ValkeyDeadLinkTests {
    /// Pings fast enough for a short test; still four intervals of slack before a healthy link counts as dead.
    private static let pingInterval: Duration = .seconds(1)
    private static let silenceLimit: Duration = .seconds(4)
    /// A quiet but healthy subscription is watched for this long (several silence limits) before the blackhole.
    private static let quietPeriod: Duration = .seconds(10)
    /// Generous deadlines for a busy 2-core machine.
    private static let detectDeadline = 60.0
    private static let resubscribeDeadline = 60.0

    @Test("a quiet healthy subscription stays up, a blackholed one is dropped, resubscribed through the restored link and reported", arguments: [true, false])
    func blackholedLinkResubscribes(resp3: Bool) throws {
        let server = ValkeyServerHarness.shared
        let proxy = try BlackholeProxy(targetPort: server.port)
        defer { proxy.stop() }
        var configuration = try ValkeyConfiguration(url: "redis://127.0.0.1:\(proxy.port)/0")
        configuration.prefersRESP3 = resp3
        let channel = uniqueName("deadlink")
        let log = SubscriberLog()
        let subscriber = ValkeySubscriber(configuration: configuration, channels: [channel],
                                          reconnect: Backoff(initial: .milliseconds(50), maximum: .seconds(1), maxRetries: nil),
                                          pingInterval: Self.pingInterval, silenceLimit: Self.silenceLimit,
                                          onMessage: log.record, onEvent: log.record)
        try subscriber.start()
        defer { subscriber.stop() }
        #expect(log.wait(seconds: 30) { log.subscriptions == 1 })
        let publisher = ValkeyClient(configuration: server.configuration())

        // Quiet, healthy: the pongs keep it alive.
        WallClock.sleep(for: Self.quietPeriod)
        #expect(log.events == [.subscribed(isResubscription: false)], "a healthy quiet link was dropped: \(log.events)")
        try publisher.execute(["PUBLISH", channel, "before"])
        #expect(log.wait(seconds: 30) { log.messages.count == 1 })

        proxy.blackhole()
        let blackholed = ContinuousClock.now
        try publisher.execute(["PUBLISH", channel, "lost"])
        let noticed = log.wait(seconds: Self.detectDeadline) {
            log.events.contains { if case .disconnected = $0 { true } else { false } }
        }
        #expect(noticed, "the subscriber never noticed the dead link")
        let detection = ContinuousClock.now - blackholed
        proxy.restore()
        #expect(log.wait(seconds: Self.resubscribeDeadline) { log.events.contains(.subscribed(isResubscription: true)) })
        let recovery = ContinuousClock.now - blackholed
        print("RESP\(resp3 ? 3 : 2): dead link noticed after \(detection), resubscribed after \(recovery)")
        #expect(detection >= Self.silenceLimit - Self.pingInterval, "dropped before the silence limit: \(detection)")

        try publisher.execute(["PUBLISH", channel, "after"])
        #expect(log.wait(seconds: 30) { log.messages.count == 2 })
        #expect(log.messages.map { String(decoding: $0.payload, as: UTF8.self) } == ["before", "after"])
        #expect(proxy.acceptedCount >= 2, "the resubscription must come through a new connection")
    }
}
