import Foundation
import Glibc
import KeyForgeAdapters
import KeyForgeSystem
import KeyForgeWire
import Testing

/// `openssl s_server -WWW` on a free loopback port with a fresh self-signed certificate for
/// localhost and 127.0.0.1, serving the files of a temporary folder (HTTP/1.0, one response per connection).
final class TLSTestServer {
    let folder: TemporaryFolder
    let port: UInt16
    let certificatePath: String
    private let process: Process

    init(files: [String: [UInt8]]) throws {
        folder = try TemporaryFolder()
        let keyPath = "\(folder.path)/key.pem"
        certificatePath = "\(folder.path)/cert.pem"
        let made = try runProgram("/usr/bin/openssl", ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-subj", "/CN=localhost",
                                                       "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1", "-days", "1",
                                                       "-keyout", keyPath, "-out", certificatePath])
        guard made.status == 0 else { throw SystemError(code: EINVAL, call: "openssl req", subject: certificatePath) }
        let webRoot = "\(folder.path)/www"
        try FileSystem.makeDirectories(webRoot)
        for (name, bytes) in files { try FileSystem.writeFileAtomically("\(webRoot)/\(name)", bytes) }

        port = try closedLoopbackPort()
        process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/openssl")
        process.arguments = ["s_server", "-accept", "127.0.0.1:\(port)", "-cert", certificatePath, "-key", keyPath, "-WWW", "-quiet"]
        process.currentDirectoryURL = URL(fileURLWithPath: webRoot)
        process.standardOutput = FileHandle(forWritingAtPath: "/dev/null")
        process.standardError = FileHandle(forWritingAtPath: "/dev/null")
        try process.run()
        do {
            try waitUntilListening()
        } catch {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            folder.remove()
            throw error
        }
    }

    deinit {
        // SIGKILL, not terminate(): the child inherits the signal mask of the test thread that
        // spawned it (Foundation does not reset it), and that mask blocks SIGTERM.
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        folder.remove()
    }

    /// Polls the port until s_server accepts (it binds a moment after starting).
    private func waitUntilListening() throws {
        let deadline = ContinuousClock.now + .seconds(10)
        while true {
            do {
                let probe = try StreamSocket.connect(to: .tcp(host: "127.0.0.1", port: port), deadline: .now + .milliseconds(200))
                probe.close()
                return
            } catch {
                guard ContinuousClock.now < deadline, process.isRunning else { throw error }
                usleep(20_000)
            }
        }
    }
}

@Suite("HTTP client over TLS against openssl s_server")
struct HTTPClientTLSTests {
    static let payload: [UInt8] = (0..<300_000).map { UInt8(truncatingIfNeeded: $0 &* 13 &+ 5) }

    @Test("an https download with the self-signed CA verifies and lands with the right SHA-256")
    func trustedDownload() throws {
        let server = try TLSTestServer(files: ["file": Self.payload])
        var configuration = testClientConfiguration()
        configuration.caCertificatePath = server.certificatePath
        let client = HTTPClient(configuration: configuration)
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let destination = "\(folder.path)/file"
        let result = try client.download(url: "https://127.0.0.1:\(server.port)/file", to: destination,
                                         expectedSHA256: SHA256.hex(Self.payload))
        #expect(result.byteCount == Int64(Self.payload.count))
        #expect(try FileSystem.readFile(destination) == Self.payload)
        #expect(try folder.names() == ["file"])
    }

    @Test("without the CA the certificate is not trusted: .tls(.untrustedCertificate), nothing lands")
    func untrustedCertificate() throws {
        let server = try TLSTestServer(files: ["file": Self.payload])
        let client = HTTPClient(configuration: testClientConfiguration())
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let url = "https://127.0.0.1:\(server.port)/file"
        let error = #expect(throws: HTTPClientError.self) { try client.download(url: url, to: "\(folder.path)/file") }
        guard case .tls(let failedURL, .untrustedCertificate, let message) = error else {
            Issue.record("expected .tls(.untrustedCertificate), got \(String(describing: error))")
            return
        }
        #expect(failedURL == url)
        #expect(message.contains("certificate"), "\(message)")
        #expect(try folder.names() == [])
    }

    @Test("a CA file that does not exist is .tls(.unreadableCAFile)")
    func unreadableCAFile() throws {
        let server = try TLSTestServer(files: ["file": Self.payload])
        var configuration = testClientConfiguration()
        configuration.caCertificatePath = "\(server.folder.path)/missing-ca.pem"
        let client = HTTPClient(configuration: configuration)
        let error = #expect(throws: HTTPClientError.self) { try client.send(.get("https://127.0.0.1:\(server.port)/file")) }
        guard case .tls(_, .unreadableCAFile, _) = error else {
            Issue.record("expected .tls(.unreadableCAFile), got \(String(describing: error))")
            return
        }
    }
}
