import Foundation
import Glibc
import KeyForgeAdapters
import KeyForgeSystem
import KeyForgeTestSupport
import KeyForgeWire
import Testing
import KeyForgeServices

/// An empty or missing manifest is "not ready", never "no assets": Valkey restarted empty while assetmgr
/// is away must not cost a synced workspace its files, nor hide the embedded defaults.
@Suite("the asset plane when the manifest is empty", .serialized)
struct AssetNotReadyTests {
    /// Every file under `root`, with its bytes.
    private func files(_ root: String) throws -> [String: [UInt8]] {
        var found: [String: [UInt8]] = [:]
        for path in try FileManager.default.subpathsOfDirectory(atPath: root) where !FileSystem.isDirectory("\(root)/\(path)") {
            found[path] = try FileSystem.readFile("\(root)/\(path)")
        }
        return found
    }

    @Test("Valkey emptied with assetmgr away: /health and /manifest 503 with a reason, sync exits 69 changing nothing, analyze works; a hydrate recovers")
    func emptiedValkey() throws {
        let fixture = try AssetPlaneFixture()
        _ = try fixture.run(["assetmgr", "hydrate", "--data", fixture.data, "--valkey-url", fixture.url])
        let port = try fixture.startAssets()
        let home = makeTemporaryFolder()
        #expect(try runSync(home: home, assets: "http://127.0.0.1:\(port)").status == 0)
        let before = try files("\(home)/system")

        try fixture.client.execute(["FLUSHDB"])
        #expect(fixture.wait(seconds: 30) { (try? httpGet(port: port, path: "/health").status) == 503 })
        let health = try JSONParser.parse(httpGet(port: port, path: "/health").body).objectValue
        #expect(health?["status"]?.stringValue == "not ready")
        #expect(health?["reason"]?.stringValue?.contains("empty") == true)
        let manifest = try httpGet(port: port, path: "/manifest")
        #expect(manifest.status == 503)
        #expect(String(decoding: manifest.body, as: UTF8.self).contains("empty"))

        let sync = try runSync(home: home, assets: "http://127.0.0.1:\(port)")
        #expect(sync.status == 69, "\(sync.error)")
        #expect(sync.error.contains("not ready") && sync.error.contains("nothing was changed"), "\(sync.error)")
        #expect(try files("\(home)/system") == before)
        let analyze = try ProcessTests.runCapturingErrors(["analyze", "--keyboard", "corne"], environment: ["KEYFORGE_HOME": home])
        #expect(analyze.status == 0, "\(analyze.errors)")

        _ = try fixture.run(["assetmgr", "hydrate", "--data", fixture.data, "--valkey-url", fixture.url])
        #expect(fixture.wait(seconds: 30) { (try? httpGet(port: port, path: "/health").status) == 200 })
        #expect(try httpGet(port: port, path: "/manifest").status == 200)
        let again = try runSync(home: home, assets: "http://127.0.0.1:\(port)")
        #expect(again.status == 0 && again.error.contains("0 downloaded, \(shippedAssetCount) up to date"), "\(again.error)")
    }

    @Test("an assets server that starts on an empty Valkey says 503 starting-or-not-ready, not 200 with no files")
    func startsOnEmptyValkey() throws {
        let fixture = try AssetPlaneFixture()
        let port = try fixture.startAssets()
        #expect(try httpGet(port: port, path: "/health").status == 503)
        #expect(try httpGet(port: port, path: "/manifest").status == 503)
    }

    @Test("a server whose manifest lists nothing: sync refuses (69) and deletes nothing")
    func emptyManifestDeletesNothing() throws {
        let server = try ManifestServer(files: [:])
        defer { server.stop() }
        let home = makeTemporaryFolder()
        try FileSystem.makeDirectories("\(home)/system/keyboards")
        try write("{}", to: "\(home)/system/keyboards/mine.json")
        try write("{\"files\": {\"keyboards/mine.json\": \"\(String(repeating: "a", count: 64))\"}}", to: "\(home)/system/.sync-manifest.json")
        let result = try runSync(home: home, assets: "http://127.0.0.1:\(server.port)")
        #expect(result.status == 69, "\(result.error)")
        #expect(result.error.contains("lists no usable asset"), "\(result.error)")
        #expect(try readText("\(home)/system/keyboards/mine.json") == "{}")
    }

    @Test("removing the last corpus segments of a bundle removes its folders, and analyze falls back to the embedded corpus")
    func lastFileRemovesFolder() throws {
        let data = "\(packageRoot)/data/system"
        let bundle = try FileManager.default.contentsOfDirectory(atPath: "\(data)/corpora/text/en_std").map { "corpora/text/en_std/\($0)" }
        var first: [String: StoredAsset] = [:]
        for path in bundle + ["rubrics/default.json"] {
            first[path] = try StoredAsset(path: path, fileBytes: FileSystem.readFile("\(data)/\(path)"))
        }
        let server = try ManifestServer(files: first)
        defer { server.stop() }
        let home = makeTemporaryFolder()
        #expect(try runSync(home: home, assets: "http://127.0.0.1:\(server.port)").status == 0)
        #expect(FileSystem.isDirectory("\(home)/system/corpora/text/en_std"))
        server.files.withLock { $0 = ["rubrics/default.json": first["rubrics/default.json"]!] }
        let second = try runSync(home: home, assets: "http://127.0.0.1:\(server.port)")
        #expect(second.status == 0 && second.error.contains("\(bundle.count) removed"), "\(second.error)")
        #expect(!FileSystem.exists("\(home)/system/corpora"))
        #expect(FileSystem.exists("\(home)/system/rubrics/default.json"))
        let analyze = try ProcessTests.runCapturingErrors(["analyze", "--keyboard", "corne", "--corpus", "text/en_std"],
                                                          environment: ["KEYFORGE_HOME": home])
        #expect(analyze.status == 0, "\(analyze.errors)")
    }
}

/// An in-process assets server whose manifest and blobs are whatever `files` holds at the moment.
final class ManifestServer: Sendable {
    let files: Locked<[String: StoredAsset]>
    let port: UInt16
    private let server: HTTPServer
    private let thread: SystemThread

    init(files: [String: StoredAsset]) throws {
        let state = Locked(files)
        self.files = state
        var router = HTTPRouter()
        router.get("/manifest") { _ in
            var listed = JSONObject()
            for (path, asset) in state.withLock({ $0 }).sorted(by: { $0.key < $1.key }) { listed.append(path, .string(asset.hash)) }
            return .json(.object(JSONObject([("files", .object(listed))])))
        }
        router.get("/data/*path") { request in
            guard let asset = state.withLock({ $0[request.parameters["path"] ?? ""] }) else { return .error(404, "no such asset") }
            return HTTPResponse(status: 200, body: asset.bytes)
        }
        var configuration = HTTPServerConfiguration()
        configuration.endpoint = .tcp(host: "127.0.0.1", port: 0)
        let server = try HTTPServer(configuration: configuration, responder: router.freeze())
        self.server = server
        thread = try SystemThread(name: "manifest") { try? server.run() }
        guard case .tcp(_, let port) = server.endpoint else { throw HarnessError("no TCP endpoint") }
        self.port = port
    }

    func stop() {
        server.shutdown()
        thread.join()
    }
}
