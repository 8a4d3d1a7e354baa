import Foundation
import Glibc
import KeyForgeAdapters
import KeyForgeSystem
import KeyForgeTestSupport
import KeyForgeWire
import Testing
import KeyForgeServices

@Suite("keyforge sync against the assets server", .serialized)
struct AssetSyncTests {
    @Test("hydrate, serve, sync into an empty workspace: every asset byte-equal; a second sync downloads nothing")
    func syncIntoEmptyWorkspace() throws {
        let fixture = try AssetPlaneFixture()
        _ = try fixture.run(["assetmgr", "hydrate", "--data", fixture.data, "--valkey-url", fixture.url])
        let port = try fixture.startAssets()
        let home = makeTemporaryFolder()
        let first = try runSync(home: home, assets: "http://127.0.0.1:\(port)")
        #expect(first.status == 0, "\(first.error)")
        #expect(first.error.contains("\(shippedAssetCount) downloaded, 0 up to date"))
        for path in try AssetFolderScan(root: fixture.data).assets {
            #expect(try FileSystem.readFile("\(home)/system/\(path)") == FileSystem.readFile("\(fixture.data)/\(path)"), "\(path)")
        }
        let second = try runSync(home: home, assets: "http://127.0.0.1:\(port)")
        #expect(second.error.contains("0 downloaded, \(shippedAssetCount) up to date"))
    }

    @Test("an edit reaches a synced workspace through the daemon and the server")
    func editReachesWorkspace() throws {
        let fixture = try AssetPlaneFixture()
        _ = try fixture.start(["assetmgr", "daemon", "--data", fixture.data, "--valkey-url", fixture.url])
        #expect(fixture.wait(seconds: 60) { (try? fixture.manifestCount()) == shippedAssetCount })
        let port = try fixture.startAssets()
        let home = makeTemporaryFolder()
        #expect(try runSync(home: home, assets: "http://127.0.0.1:\(port)").status == 0)
        let rubric = "\(fixture.data)/rubrics/default.json"
        let edited = try readText(rubric).replacingOccurrences(of: "\"stretch_penalty\": 20", with: "\"stretch_penalty\": 23")
        let start = Date()
        try write(edited, to: rubric)
        let arrived = fixture.wait(seconds: 60) {
            _ = try? runSync(home: home, assets: "http://127.0.0.1:\(port)")
            return (try? readText("\(home)/system/rubrics/default.json")) == edited
        }
        #expect(arrived, "not synced after \(Date().timeIntervalSince(start)) s")
    }

    @Test("a corrupted blob is refused: sync keeps the old file and says why")
    func corruptBlobKeepsOldFile() throws {
        let fixture = try AssetPlaneFixture()
        _ = try fixture.run(["assetmgr", "hydrate", "--data", fixture.data, "--valkey-url", fixture.url])
        let home = makeTemporaryFolder()
        let port = try fixture.startAssets()
        #expect(try runSync(home: home, assets: "http://127.0.0.1:\(port)").status == 0)
        let original = try FileSystem.readFile("\(home)/system/keyboards/sweep.json")
        // A new valid version is published, then its blob is damaged in Valkey.
        let edited = try readText("\(fixture.data)/keyboards/sweep.json").replacingOccurrences(of: "Ferris", with: "Ferriss")
        try write(edited, to: "\(fixture.data)/keyboards/sweep.json")
        _ = try fixture.run(["assetmgr", "hydrate", "--data", fixture.data, "--valkey-url", fixture.url])
        try fixture.client.execute(["SETRANGE", CoordinatorKeyspace.blob("keyboards/sweep.json"), "20", "XXXX"])
        let newHash = try #require(try fixture.storedHash("keyboards/sweep.json"))
        #expect(fixture.wait(seconds: 60) {
            (try? httpGet(port: port, path: "/manifest").body).map { String(decoding: $0, as: UTF8.self) }?.contains(newHash) == true
        })
        let result = try runSync(home: home, assets: "http://127.0.0.1:\(port)")
        #expect(result.status == 65)
        #expect(result.error.contains("keyboards/sweep.json"))
        #expect(try FileSystem.readFile("\(home)/system/keyboards/sweep.json") == original)
    }

    @Test("a server that lies: a wrong hash, a truncated body and traversal paths in the manifest are all refused")
    func hostileServer() throws {
        let good = try FileSystem.readFile("\(packageRoot)/data/system/rubrics/default.json")
        let stored = try StoredAsset(path: "rubrics/default.json", fileBytes: good)
        let hostile = ["../../escape.json", "/etc/passwd", "keyboards/../../../x.json", ".hidden/x.json", "keyboards/a\\\\b.json",
                       "keyboards/%2e%2e.json"]
        var router = HTTPRouter()
        router.get("/manifest") { _ in
            var files = JSONObject()
            files.append("rubrics/default.json", .string(stored.hash))
            files.append("keyboards/corne.json", .string(String(repeating: "0", count: 64)))   // hash does not match
            files.append("keyboards/sweep.json", .string(String(repeating: "1", count: 64)))   // truncated body below
            for path in hostile { files.append(path, .string(stored.hash)) }
            var object = JSONObject()
            object.append("files", .object(files))
            return .json(.object(object))
        }
        router.get("/data/*path") { request in
            switch request.parameters["path"] {
            case "rubrics/default.json": return HTTPResponse(status: 200, body: stored.bytes)
            case "keyboards/sweep.json": return HTTPResponse(status: 200, body: Array(stored.bytes.prefix(10)))
            default: return HTTPResponse(status: 200, body: stored.bytes)
            }
        }
        var configuration = HTTPServerConfiguration()
        configuration.endpoint = .tcp(host: "127.0.0.1", port: 0)
        let server = try HTTPServer(configuration: configuration, responder: router.freeze())
        let thread = try SystemThread(name: "hostile") { try? server.run() }
        defer { server.shutdown(); thread.join() }
        guard case .tcp(_, let port) = server.endpoint else { return }

        let home = makeTemporaryFolder()
        try FileSystem.makeDirectories("\(home)/system/keyboards")
        try write("old corne", to: "\(home)/system/keyboards/corne.json")
        let result = try runSync(home: home, assets: "http://127.0.0.1:\(port)")
        #expect(result.status == 65)
        #expect(try readText("\(home)/system/keyboards/corne.json") == "old corne")
        #expect(!FileSystem.exists("\(home)/system/keyboards/sweep.json"))
        #expect(try FileSystem.readFile("\(home)/system/rubrics/default.json") == good)
        for path in hostile { #expect(result.error.contains("refused manifest entry '\(path)'"), "\(path)") }
        #expect(!FileSystem.exists("\(home)/escape.json") && !FileSystem.exists(FileSystem.parentFolder(of: home) + "/escape.json"))
        // Nothing but the one good asset, the record and the staging folder was written.
        let written = try FileManager.default.subpathsOfDirectory(atPath: "\(home)/system").filter {
            !FileSystem.isDirectory("\(home)/system/\($0)")
        }
        #expect(Set(written) == ["keyboards/corne.json", "rubrics/default.json", ".sync-manifest.json"])
    }

    @Test("offline, sync says so, keeps the cache and exits 69")
    func offline() throws {
        let port = try ValkeyServerHarness.freePort()
        let result = try runSync(home: makeTemporaryFolder(), assets: "http://127.0.0.1:\(port)")
        #expect(result.status == 69)
        #expect(result.error.contains("offline"))
        #expect(result.error.contains("cached assets"))
    }
}
