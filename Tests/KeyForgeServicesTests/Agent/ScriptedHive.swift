import Foundation
import KeyForgeAdapters
import KeyForgeSystem
import KeyForgeTestSupport
import KeyForgeWire
import KeyForgeServices

/// A real loopback HTTP server standing in for the hive's `POST /results`: it answers each request with the next
/// (status, error code) of its script (201 once the script is used up) and records every body it was sent.
final class ScriptedHive: @unchecked Sendable {
    /// The bodies received, in order.
    var received: [[UInt8]] { state.withLock { $0.received } }
    /// A `HiveClient` of this server that does not retry on its own (the courier decides).
    let client: HiveClient
    private let state: Locked<(script: [(Int, String?)], received: [[UInt8]])>
    private let server: HTTPServer
    private let thread: SystemThread

    init(script: [(status: Int, code: String?)]) throws {
        let state = Locked<(script: [(Int, String?)], received: [[UInt8]])>((script.map { ($0.status, $0.code) }, []))
        self.state = state
        var router = HTTPRouter()
        router.post("/results") { request in
            let (status, code) = state.withLock { table -> (Int, String?) in
                table.received.append(request.body)
                return table.script.isEmpty ? (201, nil) : table.script.removeFirst()
            }
            guard let code else { return .json(.object(JSONObject([("result_id", .int(1))])), status: status) }
            var response = HTTPResponse.json(HiveErrorBody(code: code, message: "scripted").json, status: status)
            if status == 429 || status == 503 { response.headers.append(name: "Retry-After", value: "0") }
            return response
        }
        var configuration = HTTPServerConfiguration()
        configuration.endpoint = .tcp(host: "127.0.0.1", port: 0)
        let server = try HTTPServer(configuration: configuration, responder: router.freeze())
        self.server = server
        thread = try SystemThread(name: "scripted-hive") { try? server.run() }
        guard case .tcp(_, let port) = server.endpoint else { throw HarnessError("the scripted hive has no port") }
        var http = HTTPClientConfiguration()
        http.retry = Backoff(maxRetries: 0)
        http.requestTimeout = .seconds(30)
        client = HiveClient(baseURL: "http://127.0.0.1:\(port)", secret: "scripted", client: HTTPClient(configuration: http))
    }

    deinit {
        server.shutdown()
        thread.join()
    }
}

/// A fresh empty folder for an outbox.
func makeOutboxFolder() -> String {
    let path = NSTemporaryDirectory() + "kf-outbox-\(getpid())-\(UInt64.random(in: 0...UInt64.max))"
    try? FileSystem.makeDirectories(path)
    return path
}
