import Foundation
import Glibc
import KeyForgeAdapters
import KeyForgeSystem
import KeyForgeWire
import Testing

/// The routes, live server, temporary folder and client of one download test.
final class DownloadFixture {
    let routes = ClientTestRoutes()
    let server: TestHTTPServer
    let folder: TemporaryFolder
    let client = HTTPClient(configuration: testClientConfiguration())

    init() throws {
        server = try TestHTTPServer(responder: routes.responder())
        folder = try TemporaryFolder()
    }

    deinit { folder.remove() }

    /// The URL of `path` on the live server.
    func url(_ path: String) -> String { "http://127.0.0.1:\(server.port)\(path)" }
}

@Suite("HTTP client downloads to a file")
struct HTTPClientDownloadTests {
    @Test("a 3 MiB download lands whole, with its SHA-256, and no temporary file is left")
    func downloadWithChecksum() throws {
        let fixture = try DownloadFixture()
        let (folder, client) = (fixture.folder, fixture.client)
        let destination = "\(folder.path)/big.bin"
        let result = try client.download(url: fixture.url("/big"), to: destination,
                                         expectedSHA256: ClientTestRoutes.bigBodySHA256.uppercased())
        #expect(result == HTTPClientDownload(path: destination, byteCount: Int64(ClientTestRoutes.bigBody.count),
                                             sha256: ClientTestRoutes.bigBodySHA256))
        #expect(try FileSystem.readFile(destination) == ClientTestRoutes.bigBody)
        #expect(try folder.names() == ["big.bin"])
    }

    @Test("a download replaces an existing file atomically")
    func replacesExisting() throws {
        let fixture = try DownloadFixture()
        let (folder, client) = (fixture.folder, fixture.client)
        let destination = "\(folder.path)/hello.txt"
        try FileSystem.writeFileAtomically(destination, Array("old".utf8))
        try client.download(url: fixture.url("/hello"), to: destination)
        #expect(try FileSystem.readFile(destination) == Array("hello".utf8))
        #expect(try folder.names() == ["hello.txt"])
    }

    @Test("a wrong expected SHA-256 leaves neither the destination nor a temporary file")
    func checksumMismatch() throws {
        let fixture = try DownloadFixture()
        let (folder, client) = (fixture.folder, fixture.client)
        let url = fixture.url("/big")
        let wrong = String(repeating: "0", count: 64)
        #expect(throws: HTTPClientError.checksumMismatch(url: url, expected: wrong, actual: ClientTestRoutes.bigBodySHA256)) {
            try client.download(url: url, to: "\(folder.path)/big.bin", expectedSHA256: wrong)
        }
        #expect(try folder.names() == [])
    }

    @Test("a mismatch keeps the old destination untouched")
    func checksumMismatchKeepsOld() throws {
        let fixture = try DownloadFixture()
        let (folder, client) = (fixture.folder, fixture.client)
        let destination = "\(folder.path)/hello.txt"
        try FileSystem.writeFileAtomically(destination, Array("old".utf8))
        #expect(throws: HTTPClientError.self) {
            try client.download(url: fixture.url("/hello"), to: destination, expectedSHA256: String(repeating: "a", count: 64))
        }
        #expect(try FileSystem.readFile(destination) == Array("old".utf8))
        #expect(try folder.names() == ["hello.txt"])
    }

    @Test("a 404 is an .http error and its body never lands")
    func notFound() throws {
        let fixture = try DownloadFixture()
        let (folder, client) = (fixture.folder, fixture.client)
        let url = fixture.url("/nope")
        #expect(throws: HTTPClientError.http(url: url, status: 404)) { try client.download(url: url, to: "\(folder.path)/x") }
        #expect(try folder.names() == [])
    }

    @Test("a download that gets 503 twice is retried and lands")
    func downloadRetried() throws {
        let fixture = try DownloadFixture()
        let (routes, folder) = (fixture.routes, fixture.folder)
        let client = HTTPClient(configuration: testClientConfiguration(retries: 3))
        let result = try client.download(url: fixture.url("/flaky"), to: "\(folder.path)/flaky.txt")
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
        let fixture = try DownloadFixture()
        let error = #expect(throws: HTTPClientError.self) {
            try fixture.client.download(url: fixture.url("/hello"), to: "/nonexistent-kf-folder/x")
        }
        guard case .io(_, let systemError) = error else {
            Issue.record("expected .io, got \(String(describing: error))")
            return
        }
        #expect(systemError.isNotFound)
    }
}
