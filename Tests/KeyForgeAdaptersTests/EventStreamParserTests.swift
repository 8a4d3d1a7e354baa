import KeyForgeAdapters
import Testing

@Suite("Server-Sent Events parsing")
struct EventStreamParserTests {
    static let stream = Array(": hello\n\nid: 1\nevent: new_best\ndata: {\"score\": 1}\n\ndata: a\r\ndata: b\r\n\r\nevent: done\ndata:\n\n".utf8)

    static let expected = [ServerSentEvent(event: "new_best", data: "{\"score\": 1}", id: "1"),
                           ServerSentEvent(event: "message", data: "a\nb", id: "1"),
                           ServerSentEvent(event: "done", data: "", id: "1")]

    @Test("events, comments, CRLF lines and multi-line data, read whole")
    func whole() {
        var parser = EventStreamParser()
        #expect(parser.feed(Self.stream) == Self.expected)
    }

    @Test("the same events fed byte by byte")
    func dripFed() {
        var parser = EventStreamParser()
        var events: [ServerSentEvent] = []
        for byte in Self.stream { events += parser.feed([byte]) }
        #expect(events == Self.expected)
    }

    @Test("what our ServerSentEventStream writes reads back")
    func roundTrip() {
        let stream = ServerSentEventStream()
        stream.send(event: "lease", id: "7", data: "line one\nline two")
        var parser = EventStreamParser()
        guard case .bytes(let bytes) = stream.pull(maxBytes: 1 << 16) else { Issue.record("no bytes"); return }
        #expect(parser.feed(bytes) == [ServerSentEvent(event: "lease", data: "line one\nline two", id: "7")])
    }
}
