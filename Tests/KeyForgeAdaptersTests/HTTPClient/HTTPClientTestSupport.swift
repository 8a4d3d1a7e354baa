import Foundation
import Glibc
import KeyForgeAdapters
import KeyForgeSystem
import KeyForgeWire
import Synchronization

/// The routes the client tests talk to, with a hit counter per flaky route.
final class ClientTestRoutes: Sendable {
    /// 3 MiB of a repeating pattern (not a multiple of any buffer size libcurl uses).
    static let bigBody: [UInt8] = (0..<(3 << 20) + 12_345).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ $0 >> 11) }
    static let bigBodySHA256 = SHA256.hex(bigBody)

    /// How long `/slow` sleeps.
    static let slowMicroseconds: UInt32 = 1_000_000

    /// Hits of `/flaky`, by method.
    let flakyHits = Locked<[String: Int]>([:])
    /// Hits of `/later`.
    let laterHits = Atomic<Int>(0)
    /// Hits of `/pause`.
    let pauseHits = Atomic<Int>(0)

    func responder() -> HTTPResponder {
        var router = HTTPRouter()
        router.get("/hello") { _ in .text("hello") }
        router.post("/echo") { request in HTTPResponse(status: 200, body: request.body) }
        router.get("/big") { _ in HTTPResponse(status: 200, body: Self.bigBody) }
        router.get("/slow", mode: .blocking) { _ in
            usleep(Self.slowMicroseconds)
            return .text("slow")
        }
        // Fails twice with 503, then succeeds: per method, so GET and POST count separately.
        let flaky: HTTPHandler = { [self] request in
            let hits = flakyHits.withLock { hits in
                hits[request.method, default: 0] += 1
                return hits[request.method]!
            }
            return hits <= 2 ? .text("busy", status: 503) : .text("ok after \(hits)")
        }
        router.get("/flaky", flaky)
        router.post("/flaky", flaky)
        // Asks for a wait far longer than any client should honour.
        router.get("/later") { [self] _ in
            laterHits.add(1, ordering: .relaxed)
            var response = HTTPResponse.text("come back in an hour", status: 503)
            response.headers.append(name: "Retry-After", value: "3600")
            return response
        }
        // Asks for a one-second pause once, then answers.
        router.get("/pause") { [self] _ in
            guard pauseHits.add(1, ordering: .relaxed).newValue == 1 else { return .text("resumed") }
            var response = HTTPResponse.text("pause", status: 503)
            response.headers.append(name: "Retry-After", value: "1")
            return response
        }
        return router.freeze()
    }

    func hits(_ method: String) -> Int { flakyHits.withLock { $0[method, default: 0] } }
}

/// A client configuration for loopback tests: quick retries, short timeouts.
func testClientConfiguration(retries: Int = 3) -> HTTPClientConfiguration {
    var configuration = HTTPClientConfiguration()
    configuration.connectTimeout = .seconds(2)
    configuration.requestTimeout = .seconds(10)
    configuration.retry = Backoff(initial: .milliseconds(10), maximum: .milliseconds(40), maxRetries: retries)
    return configuration
}

/// A fresh empty folder under the system temporary folder, removed by `remove()`.
struct TemporaryFolder {
    let path: String

    init() throws {
        var template = Array("\(NSTemporaryDirectory())/kf-http-client-XXXXXX".utf8CString)
        guard let made = mkdtemp(&template) else { throw SystemError(code: errno, call: "mkdtemp", subject: "temporary folder") }
        path = String(cString: made)
    }

    /// The names in the folder, sorted.
    func names() throws -> [String] { try FileSystem.listDirectory(path) }

    func remove() { try? FileManager.default.removeItem(atPath: path) }
}

/// A TCP port on 127.0.0.1 that nothing listens on (bound, read back, then closed).
func closedLoopbackPort() throws -> UInt16 {
    let listener = try ListeningSocket.tcp(host: "127.0.0.1", port: 0)
    defer { listener.close() }
    guard case .tcp(_, let port) = listener.endpoint else { return 0 }
    return port
}
