import Foundation
import Glibc
import KeyForgeAdapters
import KeyForgeSystem
import KeyForgeWire

/// A live HTTP server on a free loopback port, on its own thread, with the test routes.
final class TestHTTPServer: @unchecked Sendable {
    let server: HTTPServer
    private let thread: SystemThread
    private(set) var runError: SystemError?

    var port: UInt16 {
        guard case .tcp(_, let port) = server.endpoint else { return 0 }
        return port
    }

    init(configure: (inout HTTPServerConfiguration) -> Void = { _ in }, responder: HTTPResponder = TestHTTPServer.routes()) throws {
        var configuration = HTTPServerConfiguration()
        configuration.endpoint = .tcp(host: "127.0.0.1", port: 0)
        configure(&configuration)
        let server = try HTTPServer(configuration: configuration, responder: responder)
        self.server = server
        thread = try SystemThread(name: "test-http") { try? server.run() }
    }

    deinit {
        stop()
    }

    /// Shuts the server down gracefully and waits for its thread.
    func stop() {
        server.shutdown()
        thread.join()
    }

    /// The routes every live test uses.
    static func routes() -> HTTPResponder {
        var router = HTTPRouter()
        router.get("/hello") { _ in .text("hello") }
        router.get("/n/:number") { request in .text(request.parameters["number"] ?? "?") }
        router.post("/echo") { request in HTTPResponse(status: 200, body: request.body) }
        router.get("/big") { _ in HTTPResponse(status: 200, body: bigBody) }
        router.get("/slow", mode: .blocking) { _ in
            usleep(200_000)
            return .text("slow")
        }
        router.get("/sse") { _ in
            let stream = ServerSentEventStream()
            DispatchQueue.global().async {
                for index in 1...3 {
                    usleep(20_000)
                    stream.send(event: "tick", id: String(index), data: "n=\(index)")
                }
                stream.finish()
            }
            return HTTPResponse(status: 200, headers: HTTPHeaders([("Content-Type", "text/event-stream")]), stream: stream)
        }
        router.get("/no-content") { _ in HTTPResponse(status: 204) }
        return router.freeze()
    }

    /// 64 KiB of a repeating pattern.
    static let bigBody: [UInt8] = (0..<(64 << 10)).map { UInt8(truncatingIfNeeded: $0 % 251) }
}

/// A raw loopback client: write bytes, read until a condition or the peer closes.
final class RawClient {
    let socket: StreamSocket

    init(port: UInt16) throws {
        socket = try StreamSocket.connect(to: .tcp(host: "127.0.0.1", port: port), deadline: .now + .seconds(2))
    }

    func send(_ text: String) throws {
        try socket.writeAll(Array(text.utf8), deadline: .now + .seconds(5))
    }

    func send(_ bytes: [UInt8]) throws {
        try socket.writeAll(bytes, deadline: .now + .seconds(5))
    }

    /// Reads until `done(bytesSoFar)` is true, the peer closes, or `seconds` pass; returns the bytes and whether it closed.
    func read(seconds: Double = 5, until done: ([UInt8]) -> Bool = { _ in false }) throws -> (bytes: [UInt8], closed: Bool) {
        var received: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65536)
        let deadline = ContinuousClock.now + .milliseconds(Int(seconds * 1000))
        while !done(received) {
            let count: Int
            do {
                count = try buffer.withUnsafeMutableBytes { try socket.read(into: $0, deadline: deadline) }
            } catch let error as SystemError where error.code == ETIMEDOUT {
                return (received, false)
            } catch let error as SystemError where error.code == ECONNRESET {
                return (received, true)
            }
            if count == 0 { return (received, true) }
            received += buffer[0..<count]
        }
        return (received, false)
    }

    func shutdownWrite() { SocketIO.shutdownWrite(socket.descriptor) }
}

/// Splits a byte stream into complete responses with our own response parser.
func parseResponses(_ bytes: [UInt8], method: String = "GET") -> [(head: HTTPResponseHead, body: [UInt8])] {
    var responses: [(HTTPResponseHead, [UInt8])] = []
    var offset = 0
    while offset < bytes.count {
        var parser = HTTPResponseParser(requestMethod: method)
        guard case .complete(let head, let consumed) = parser.parseHead(Array(bytes[offset...])) else { break }
        offset += consumed
        switch head.bodyFraming {
        case .contentLength(let length):
            guard offset + length <= bytes.count else { return responses }
            responses.append((head, Array(bytes[offset..<offset + length])))
            offset += length
        case .chunked:
            var decoder = HTTPChunkedDecoder()
            var body: [UInt8] = []
            var ended = false
            while !ended && offset < bytes.count {
                switch decoder.decode(Array(bytes[offset...])) {
                case .data(let range):
                    body += bytes[(offset + range.lowerBound)..<(offset + range.upperBound)]
                    offset += range.upperBound
                case .end(let consumed):
                    offset += consumed
                    ended = true
                case .needsMore, .failure:
                    return responses
                }
            }
            guard ended else { return responses }
            responses.append((head, body))
        case .none:
            responses.append((head, []))
        case .untilClose:
            responses.append((head, Array(bytes[offset...])))
            offset = bytes.count
        }
    }
    return responses
}

/// Resident memory of this process in KiB (VmRSS).
func residentKilobytes() -> Int {
    guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return 0 }
    for line in status.split(separator: "\n") where line.hasPrefix("VmRSS:") {
        return Int(line.split(separator: " ").dropFirst().first ?? "0") ?? 0
    }
    return 0
}

/// Runs a program, returning its exit status and standard output.
@discardableResult
func runProgram(_ path: String, _ arguments: [String], input: Data? = nil) throws -> (status: Int32, output: Data) {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: path)
    process.arguments = arguments
    let out = Pipe()
    process.standardOutput = out
    process.standardError = FileHandle(forWritingAtPath: "/dev/null")
    let stdin = Pipe()
    if input != nil { process.standardInput = stdin }
    try process.run()
    if let input {
        stdin.fileHandleForWriting.write(input)
        try stdin.fileHandleForWriting.close()
    }
    let data = out.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return (process.terminationStatus, data)
}
