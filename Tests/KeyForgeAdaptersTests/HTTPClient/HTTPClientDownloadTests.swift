import Foundation
import Glibc
import KeyForgeAdapters
import KeyForgeSystem
import KeyForgeWire
import Testing

@Suite("HTTP client downloads to a file")
struct HTTPClientDownloadTests {
    @Test("a 3 MiB download lands whole, with its SHA-256, and no temporary file is left")
    func downloadWithChecksum() throws {
        let routes = ClientTestRoutes()
        let server = try TestHTTPServer(responder: routes.responder())
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let client = HTTPClient(configuration: testClientConfiguration())
        let destination = "\(folder.path)/big.bin"
        let result = try client.download(url: "http://127.0.0.1:\(server.port)/big", to: destination,
                                         expectedSHA256: ClientTestRoutes.bigBodySHA256.uppercased())
        #expect(result == HTTPClientDownload(path: destination, byteCount: Int64(ClientTestRoutes.bigBody.count),
                                             sha256: ClientTestRoutes.bigBodySHA256))
        #expect(try FileSystem.readFile(destination) == ClientTestRoutes.bigBody)
        #expect(try folder.names() == ["big.bin"])
    }

    @Test("a download replaces an existing file atomically")
    func replacesExisting() throws {
        let routes = ClientTestRoutes()
        let server = try TestHTTPServer(responder: routes.responder())
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let destination = "\(folder.path)/hello.txt"
        try FileSystem.writeFileAtomically(destination, Array("old".utf8))
        let client = HTTPClient(configuration: testClientConfiguration())
        try client.download(url: "http://127.0.0.1:\(server.port)/hello", to: destination)
        #expect(try FileSystem.readFile(destination) == Array("hello".utf8))
        #expect(try folder.names() == ["hello.txt"])
    }

    @Test("a wrong expected SHA-256 leaves neither the destination nor a temporary file")
    func checksumMismatch() throws {
        let routes = ClientTestRoutes()
        let server = try TestHTTPServer(responder: routes.responder())
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let client = HTTPClient(configuration: testClientConfiguration())
        let url = "http://127.0.0.1:\(server.port)/big"
        let wrong = String(repeating: "0", count: 64)
        #expect(throws: HTTPClientError.checksumMismatch(url: url, expected: wrong, actual: ClientTestRoutes.bigBodySHA256)) {
            try client.download(url: url, to: "\(folder.path)/big.bin", expectedSHA256: wrong)
        }
        #expect(try folder.names() == [])
    }

    @Test("a mismatch keeps the old destination untouched")
    func checksumMismatchKeepsOld() throws {
        let routes = ClientTestRoutes()
        let server = try TestHTTPServer(responder: routes.responder())
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let destination = "\(folder.path)/hello.txt"
        try FileSystem.writeFileAtomically(destination, Array("old".utf8))
        let client = HTTPClient(configuration: testClientConfiguration())
        #expect(throws: HTTPClientError.self) {
            try client.download(url: "http://127.0.0.1:\(server.port)/hello", to: destination, expectedSHA256: String(repeating: "a", count: 64))
        }
        #expect(try FileSystem.readFile(destination) == Array("old".utf8))
        #expect(try folder.names() == ["hello.txt"])
    }

    @Test("a 404 is an .http error and its body never lands")
    func notFound() throws {
        let routes = ClientTestRoutes()
        let server = try TestHTTPServer(responder: routes.responder())
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let client = HTTPClient(configuration: testClientConfiguration())
        let url = "http://127.0.0.1:\(server.port)/nope"
        #expect(throws: HTTPClientError.http(url: url, status: 404)) { try client.download(url: url, to: "\(folder.path)/x") }
        #expect(try folder.names() == [])
    }

    @Test("a download that gets 503 twice is retried and lands")
    func downloadRetried() throws {
        let routes = ClientTestRoutes()
        let server = try TestHTTPServer(responder: routes.responder())
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let client = HTTPClient(configuration: testClientConfiguration(retries: 3))
        let result = try client.download(url: "http://127.0.0.1:\(server.port)/flaky", to: "\(folder.path)/flaky.txt")
        #expect(result.byteCount == Int64("ok after 3".utf8.count))
        #expect(routes.hits("GET") == 3)
        #expect(try folder.names() == ["flaky.txt"])
    }

    @Test("a malformed expected SHA-256 is refused before any I/O")
    func malformedChecksum() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let client = HTTPClient(configuration: testClientConfiguration())
        let error = #expect(throws: HTTPClientError.self) {
            try client.download(url: "http://127.0.0.1:1/x", to: "\(folder.path)/x", expectedSHA256: "abc")
        }
        guard case .invalidRequest = error else {
            Issue.record("expected .invalidRequest, got \(String(describing: error))")
            return
        }
        #expect(try folder.names() == [])
    }

    @Test("a destination folder that does not exist is an .io error")
    func missingFolder() throws {
        let routes = ClientTestRoutes()
        let server = try TestHTTPServer(responder: routes.responder())
        let client = HTTPClient(configuration: testClientConfiguration())
        let error = #expect(throws: HTTPClientError.self) {
            try client.download(url: "http://127.0.0.1:\(server.port)/hello", to: "/nonexistent-kf-folder/x")
        }
        guard case .io(_, let systemError) = error else {
            Issue.record("expected .io, got \(String(describing: error))")
            return
        }
        #expect(systemError.isNotFound)
    }
}
