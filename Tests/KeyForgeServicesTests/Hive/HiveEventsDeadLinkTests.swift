import KeyForgeAdapters
import KeyForgeServices
import KeyForgeSystem
import KeyForgeTestSupport
import Testing

/// The hive's relay of job events over a Valkey link that dies silently: its Server-Sent Event
/// streams must hear `resync` once the relay has noticed and resubscribed (docs/ARCHITECTURE.md section 5).
@Suite("Hive events over a dead Valkey link")
struct HiveEventsDeadLinkTests {
    /// Generous for a busy 2-core machine: the subscriber's silence limit, a reconnect and some slack.
    private static let resyncDeadline: Duration = ValkeySubscriber.silenceLimit + .seconds(50)

    @Test("a blackholed relay link is noticed by the subscriber's pings and every open stream gets resync")
    func blackholedRelaySendsResync() throws {
        let server = ValkeyServerHarness.shared
        let proxy = try BlackholeProxy(targetPort: server.port)
        defer { proxy.stop() }
        var configuration = try ValkeyConfiguration(url: "redis://127.0.0.1:\(proxy.port)/0")
        configuration.commandTimeout = .seconds(5)
        let events = HiveEvents(valkey: configuration, log: { print("hive:", $0) })
        try events.start()
        defer { events.stop() }
        let jobID = uniqueName("deadlink").filter(\.isHexDigit)
        let stream = try events.openStream(jobID: jobID, address: "127.0.0.1").get()
        var received = StreamText(stream)
        let publisher = ValkeyClient(configuration: server.configuration())

        // The relay is subscribed once a published event reaches the stream.
        try eventually("the relay to subscribe", timeout: .seconds(30)) {
            try publisher.execute(["PUBLISH", "job:\(jobID):updates", #"{"type":"probe"}"#])
            return received.read().contains("event: probe")
        }

        proxy.blackhole()
        proxy.restore()  // the old link stays dead; a reconnect finds a working route
        let blackholed = ContinuousClock.now
        try eventually("resync on the stream", timeout: Self.resyncDeadline) { received.read().contains("event: resync") }
        print("resync reached the stream \(ContinuousClock.now - blackholed) after the link went dead")
        try eventually("events to flow again", timeout: .seconds(30)) {
            try publisher.execute(["PUBLISH", "job:\(jobID):updates", #"{"type":"after"}"#])
            return received.read().contains("event: after")
        }
    }
}

/// Everything a stream has queued so far, as text.
private struct StreamText {
    let stream: ServerSentEventStream
    var text = ""

    init(_ stream: ServerSentEventStream) { self.stream = stream }

    mutating func read() -> String {
        while case .bytes(let bytes) = stream.pull(maxBytes: 1 << 16) { text += String(decoding: bytes, as: UTF8.self) }
        return text
    }
}
