import KeyForgeAdapters
import KeyForgeSystem
import Testing
import KeyForgeServices

/// The public event streams through the responder: one address cannot hold them all.
@Suite("Hive event streams through the responder: a cap per client address")
struct HiveResponderEventStreamTests {
    @Test("one address gets 429 past maxStreamsPerAddress streams (job streams and /events together); others still get 200")
    func perAddressCap() throws {
        // A relay that is never started: opening a stream only takes a slot in its table.
        let events = HiveEvents(valkey: ValkeyConfiguration(endpoint: .tcp(host: "127.0.0.1", port: 9)), log: { _ in })
        let hive = try HiveResponderFixture(events: events)
        let job = String(repeating: "ab", count: 32)
        for index in 0..<HiveEvents.maxStreamsPerAddress {
            let path = index.isMultiple(of: 2) ? "/jobs/\(job)/events" : "/events"
            #expect(hive.call("GET", path, token: nil, address: "192.0.2.7").status == 200, "stream \(index)")
        }
        for path in ["/jobs/\(job)/events", "/events"] {
            let refused = hive.call("GET", path, token: nil, address: "192.0.2.7")
            #expect(refused.status == 429 && refused.json.errorCode == "too_many_streams_from_address")
            #expect(refused.headers["Retry-After"] == String(HiveAPI.streamRetryAfterSeconds))
        }
        #expect(hive.call("GET", "/events", token: nil, address: "192.0.2.8").status == 200)
        // Closed streams stop counting.
        events.endStreams()
        #expect(hive.call("GET", "/jobs/\(job)/events", token: nil, address: "192.0.2.7").status == 200)
    }
}
