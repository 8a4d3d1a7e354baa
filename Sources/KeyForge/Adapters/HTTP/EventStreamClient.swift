import KeyForgeSystem
import KeyForgeWire

/// Follows a Server-Sent Events stream over plain http:// with our own HTTP codec: the response head, then a
/// chunked body whose bytes feed an `EventStreamParser`. It reads with a short wait so a stop request is noticed
/// while the stream is quiet.
package struct EventStreamClient {
    /// Why following ended.
    package enum End: Equatable, Sendable {
        /// `onEvent` returned true.
        case finished
        /// The peer closed the connection.
        case closed
        /// The peer ended the chunked body.
        case ended
        /// `shouldStop` returned true.
        case stopped
    }

    /// A failure of the stream: a malformed head or body, or a status other than 200.
    package struct Failure: Error, CustomStringConvertible {
        package let description: String
    }

    /// How long a read waits before `shouldStop` is asked again.
    private static let pollMilliseconds = 500
    /// The read buffer's size.
    private static let readBufferBytes = 16 << 10

    /// The server to connect to.
    package let endpoint: SocketEndpoint
    /// The path of the stream (`/jobs/<id>/events`).
    package let path: String

    package init(endpoint: SocketEndpoint, path: String) {
        self.endpoint = endpoint
        self.path = path
    }

    /// Reads events until `onEvent` returns true, the stream ends, or `shouldStop` returns true.
    package func follow(shouldStop: () -> Bool, onEvent: (ServerSentEvent) -> Bool) throws -> End {
        let socket = try StreamSocket.connect(to: endpoint, deadline: .now + .seconds(5))
        try socket.writeAll(Array("GET \(path) HTTP/1.1\r\nHost: \(endpoint)\r\nAccept: text/event-stream\r\n\r\n".utf8),
                            deadline: .now + .seconds(5))
        var buffer: [UInt8] = []
        var headParser = HTTPResponseParser()
        var chunks = HTTPChunkedDecoder()
        var events = EventStreamParser()
        var inBody = false
        var scratch = [UInt8](repeating: 0, count: Self.readBufferBytes)
        while !shouldStop() {
            guard try socket.waitReadable(until: .now + .milliseconds(Self.pollMilliseconds)) else { continue }
            let count = try scratch.withUnsafeMutableBytes { raw in try socket.read(into: raw, deadline: .now + .seconds(5)) }
            if count == 0 { return .closed }
            buffer += scratch[0..<count]
            if !inBody {
                switch headParser.parseHead(buffer) {
                case .partial: continue
                case .failure(let error): throw Failure(description: error.message)
                case .complete(let head, let consumed):
                    guard head.status == 200 else { throw Failure(description: "the server answered \(head.status)") }
                    buffer.removeFirst(consumed)
                    inBody = true
                }
            }
            while !buffer.isEmpty {
                switch chunks.decode(buffer) {
                case .data(let range):
                    for event in events.feed(buffer[range]) where onEvent(event) { return .finished }
                    buffer.removeFirst(range.upperBound)
                case .needsMore: buffer.removeAll()
                case .end: return .ended
                case .failure(let error): throw Failure(description: error.message)
                }
            }
        }
        return .stopped
    }
}
