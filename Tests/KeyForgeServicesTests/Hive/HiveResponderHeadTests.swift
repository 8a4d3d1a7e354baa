import KeyForgeAdapters
import KeyForgeServices
import KeyForgeWire
import Testing

/// The hive decides on a request's head (docs/ARCHITECTURE.md section 4): its protected routes check the
/// secret before any body is read, and no route reads more than `HiveLimits.maxBodyBytes`.
@Suite("Hive responder: decisions on the head")
struct HiveResponderHeadTests {
    static let job = String(repeating: "a", count: 64)
    static let protected = [("POST", "/jobs"), ("DELETE", "/jobs/\(job)"), ("POST", "/jobs/lease"), ("POST", "/jobs/\(job)/heartbeat"),
                            ("POST", "/jobs/\(job)/release"), ("POST", "/results"), ("POST", "/nodes/register"),
                            ("POST", "/nodes/heartbeat"), ("GET", "/archive"), ("POST", "/archive"), ("GET", "/cluster/stats")]

    private func head(_ method: String, _ path: String, token: String?) -> HTTPRequest {
        var headers = HTTPHeaders([("Content-Length", "1048575")])
        if let token { headers.append(name: "Authorization", value: "Bearer \(token)") }
        var request = HTTPRequest(method: method, target: path, headers: headers)
        request.remoteAddress = "192.0.2.7"
        return request
    }

    @Test("every protected route refuses a head without the secret (401), before any body, and admits one with it")
    func protectedRoutesCheckTheHead() throws {
        let hive = try HiveResponderFixture()
        for (method, path) in Self.protected {
            guard case .refused(let refusal) = hive.responder.admit(head(method, path, token: nil)) else {
                Issue.record("\(method) \(path) was admitted without the secret")
                continue
            }
            #expect(refusal.status == 401, "\(method) \(path)")
            guard case .admitted(let route) = hive.responder.admit(head(method, path, token: HiveFixture.secret)) else {
                Issue.record("\(method) \(path) was refused with the secret")
                continue
            }
            // POSTs read at most the server's limit (1 MiB, set by the hive role); DELETE and GET read none.
            #expect(method == "POST" ? route.maxBodyBytes == nil : route.maxBodyBytes == 0, "\(method) \(path)")
        }
    }

    @Test("public reads take no body: a GET with one is 413 through the responder too")
    func publicReadsTakeNoBody() throws {
        let hive = try HiveResponderFixture()
        #expect(hive.call("GET", "/jobs", "{}", token: nil).status == 413)
        #expect(hive.call("GET", "/jobs", token: nil).status == 200)
    }
}
