import KeyForgeAdapters
import KeyForgeSystem
import KeyForgeWire
import Testing

/// The real wiring of the hive's head check (docs/ARCHITECTURE.md section 4): over a socket, a stranger's
/// body is refused before it is sent, so the hive never buffers it.
@Suite("Hive over the socket: auth on the head")
struct HiveHeadLiveTests {
    /// Deadline for an answer the hive should send at once (generous for a busy machine).
    static let answerSeconds = 20

    /// Sends `head` alone and reads until a whole response head has arrived, or the deadline.
    private func answer(port: UInt16, _ head: String) throws -> String {
        let socket = try StreamSocket.connect(to: .tcp(host: "127.0.0.1", port: port), deadline: .now + .seconds(Self.answerSeconds))
        try socket.writeAll(Array(head.utf8), deadline: .now + .seconds(Self.answerSeconds))
        var received: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        let deadline = ContinuousClock.now + .seconds(Self.answerSeconds)
        while !String(decoding: received, as: UTF8.self).contains("\r\n\r\n") {
            let count: Int
            do { count = try buffer.withUnsafeMutableBytes { try socket.read(into: $0, deadline: deadline) } } catch { break }
            if count == 0 { break }
            received += buffer[0..<count]
        }
        return String(decoding: received, as: UTF8.self)
    }

    @Test("an unauthenticated POST /results declaring 1 MiB - 1 bytes gets 401 before its body is sent; a GET with a body gets 413")
    func strangerRefusedFromHead() throws {
        let hive = try HiveFixture()
        let refused = try answer(port: hive.port, "POST /results HTTP/1.1\r\nHost: t\r\nContent-Length: 1048575\r\n\r\n")
        #expect(refused.hasPrefix("HTTP/1.1 401"))
        #expect(refused.contains("WWW-Authenticate: Bearer"))
        let read = try answer(port: hive.port, "GET /jobs HTTP/1.1\r\nHost: t\r\nContent-Length: 1048575\r\n\r\n")
        #expect(read.hasPrefix("HTTP/1.1 413"))
    }
}
