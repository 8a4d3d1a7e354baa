import Foundation
import Glibc
import KeyForgeAdapters
import KeyForgeCore
import KeyForgeSystem
import KeyForgeTestSupport
import KeyForgeWire
import Testing
import KeyForgeServices

@Suite("Asset plane: assetmgr and the assets server against real Valkey", .serialized)
struct AssetPlaneTests {
    @Test("verify names each invalid file and exits 1; hydrate publishes only the valid ones and exits 1")
    func verifyAndHydrateRefuseInvalid() throws {
        let fixture = try AssetPlaneFixture()
        try write("{\"sfb_base\": \"heavy\"}", to: "\(fixture.data)/rubrics/broken.json")
        try write("{\"name\": \"x\", \"keys\": [", to: "\(fixture.data)/keyboards/truncated.json")
        try write("notes", to: "\(fixture.data)/keyboards/README.txt")
        let verify = try fixture.run(["assetmgr", "verify", "--data", fixture.data])
        #expect(verify.status == 1)
        #expect(verify.output.contains("INVALID rubrics/broken.json: sfb_base"))
        #expect(verify.output.contains("INVALID keyboards/truncated.json: malformed JSON"))
        #expect(verify.output.contains("ignored keyboards/README.txt"))
        let hydrate = try fixture.run(["assetmgr", "hydrate", "--data", fixture.data, "--valkey-url", fixture.url])
        #expect(hydrate.status == 1)
        #expect(try fixture.storedHash("rubrics/broken.json") == nil)
        #expect(try fixture.storedHash("keyboards/corne.json") != nil)
        #expect(try fixture.manifestCount() == shippedAssetCount)
    }

    @Test("hydrate, then serve: every blob is byte-equal to the stored form, with ETag, 304 and the manifest")
    func hydrateAndServe() throws {
        let fixture = try AssetPlaneFixture()
        let hydrate = try fixture.run(["assetmgr", "hydrate", "--data", fixture.data, "--valkey-url", fixture.url])
        #expect(hydrate.status == 0)
        #expect(hydrate.output.contains("\(shippedAssetCount) published, 0 unchanged"))
        #expect(try fixture.run(["assetmgr", "hydrate", "--data", fixture.data, "--valkey-url", fixture.url])
            .output.contains("0 published, \(shippedAssetCount) unchanged"))
        let port = try fixture.startAssets()
        let manifest = try httpGet(port: port, path: "/manifest")
        #expect(manifest.status == 200)
        let files = try JSONParser.parse(manifest.body).objectValue?["files"]?.objectValue
        #expect(files?.keys.count == shippedAssetCount)
        for path in try AssetFolderScan(root: fixture.data).assets {
            let expected = try StoredAsset(path: path, fileBytes: FileSystem.readFile("\(fixture.data)/\(path)"))
            let response = try httpGet(port: port, path: "/data/\(path)")
            #expect(response.status == 200, "\(path)")
            #expect(response.body == expected.bytes, "\(path)")
            #expect(response.headers["etag"] == "\"\(expected.hash)\"")
            #expect(files?[path]?.stringValue == expected.hash)
        }
        let etag = try httpGet(port: port, path: "/data/keyboards/corne.json").headers["etag"] ?? ""
        #expect(try httpGet(port: port, path: "/data/keyboards/corne.json", headers: ["If-None-Match": etag]).status == 304)
        #expect(try httpGet(port: port, path: "/health").status == 200)
        let metrics = String(decoding: try httpGet(port: port, path: "/metrics").body, as: UTF8.self)
        // Every blob, then the manifest, corne again and /health.
        #expect(metrics.contains("keyforge_assets_http_requests_total{code=\"2xx\"} \(shippedAssetCount + 3)\n"))
        #expect(metrics.contains("keyforge_assets_http_requests_total{code=\"3xx\"} 1\n"))
        #expect(metrics.contains("keyforge_assets_manifest_entries \(shippedAssetCount)\n"))
    }

    @Test("path-traversal shapes get 400 and unknown paths 404")
    func traversal() throws {
        let fixture = try AssetPlaneFixture()
        _ = try fixture.run(["assetmgr", "hydrate", "--data", fixture.data, "--valkey-url", fixture.url])
        let port = try fixture.startAssets()
        for path in ["/data/../data/system/keyboards/corne.json", "/data/%2e%2e/keyboards/corne.json", "/data/keyboards/%2E%2E%2Fx",
                     "/data/keyboards/a%00.json", "/data/keyboards%5Ccorne.json", "/data//etc/passwd", "/data/.hidden",
                     "/data/keyboards/..", "/data/%2Fetc%2Fpasswd", "/data/keyboards/corne.json%00"] {
            #expect(try httpGet(port: port, path: path).status == 400, "\(path)")
        }
        #expect(try httpGet(port: port, path: "/data/keyboards/missing.json").status == 404)
        #expect(try httpGet(port: port, path: "/data/keyboards/corne.json").status == 200)
    }

    @Test("the assets server works as a Valkey ACL user that may only read, and never tries to write")
    func readOnlyUser() throws {
        let fixture = try AssetPlaneFixture()
        _ = try fixture.run(["assetmgr", "hydrate", "--data", fixture.data, "--valkey-url", fixture.url])
        let admin = ValkeyClient(configuration: ValkeyServerHarness.shared.configuration())
        let user = uniqueName("reader")
        try admin.execute(["ACL", "SETUSER", user, "reset", "on", ">r3ad", "~*", "&*", "+@read", "+@connection",
                           "+subscribe", "+psubscribe", "+unsubscribe", "+punsubscribe", "+client|setname", "+client|id"])
        defer { _ = try? admin.execute(["ACL", "DELUSER", user]) }
        try admin.execute(["ACL", "LOG", "RESET"])
        let port = try fixture.startAssets(url: "redis://\(user):r3ad@127.0.0.1:\(ValkeyServerHarness.shared.port)/\(fixture.database)")
        #expect(try httpGet(port: port, path: "/data/keyboards/corne.json").status == 200)
        #expect(try httpGet(port: port, path: "/manifest").status == 200)
        // The user really cannot write: the same credentials fail on SET.
        let asUser = ValkeyClient(configuration: try ValkeyConfiguration(
            url: "redis://\(user):r3ad@127.0.0.1:\(ValkeyServerHarness.shared.port)/\(fixture.database)"))
        #expect(throws: ValkeyError.self) { try asUser.execute(["SET", "probe", "1"]) }
        // And the server never tried: only our probe was denied.
        let denied = try admin.execute(["ACL", "LOG"]).asArray ?? []
        #expect(denied.count == 1)
    }

    @Test("a blob corrupted in Valkey (SETRANGE) is refused with 502, never served under its ETag")
    func corruptBlob() throws {
        let fixture = try AssetPlaneFixture()
        _ = try fixture.run(["assetmgr", "hydrate", "--data", fixture.data, "--valkey-url", fixture.url])
        try fixture.client.execute(["SETRANGE", CoordinatorKeyspace.blob("keyboards/sweep.json"), "10", "XXXX"])
        let port = try fixture.startAssets()
        #expect(try httpGet(port: port, path: "/data/keyboards/sweep.json").status == 502)
        #expect(try httpGet(port: port, path: "/data/keyboards/corne.json").status == 200)
    }

    @Test("100 random one-byte corruptions of stored blobs: a fresh server refuses 100 of 100 (502); a warm one serves only verified bytes")
    func hundredCorruptions() throws {
        let fixture = try AssetPlaneFixture()
        _ = try fixture.run(["assetmgr", "hydrate", "--data", fixture.data, "--valkey-url", fixture.url])
        var paths: [String] = []
        for path in try FileManager.default.subpathsOfDirectory(atPath: fixture.data).sorted()
        where !FileSystem.isDirectory("\(fixture.data)/\(path)") {
            if try fixture.storedHash(path) != nil { paths.append(path) }
        }
        #expect(paths.count >= 10)
        // A warm server: it caches blobs it has verified, by hash, so it keeps serving those bytes.
        let warmPort = try fixture.startAssets()
        for path in paths { #expect(try httpGet(port: warmPort, path: "/data/\(path)").status == 200) }
        var generator = SplitMix64(seed: 100)
        var refused = 0
        for round in 0..<100 {
            let path = paths[Int.random(in: 0..<paths.count, using: &generator)]
            let key = CoordinatorKeyspace.blob(path)
            let original = try #require(try fixture.client.execute(["GET", key]).asBytes)
            let offset = Int.random(in: 0..<original.count, using: &generator)
            let changed = original[offset] ^ UInt8.random(in: 1...255, using: &generator)
            _ = try fixture.client.execute(bytes: [Array("SETRANGE".utf8), Array(key.utf8), Array(String(offset).utf8), [changed]])
            // A server that has not seen the blob reads it from Valkey, checks it and refuses it.
            let (fresh, pipe) = try ProcessTests.start(["assets", "--port", "0", "--valkey-url", fixture.url])
            let freshPort = UInt16(ProcessTests.firstLine(pipe).split(separator: ":").last ?? "") ?? 0
            if try httpGet(port: freshPort, path: "/data/\(path)").status == 502 { refused += 1 } else {
                Issue.record("round \(round): \(path) with byte \(offset) changed was not refused")
            }
            kill(fresh.processIdentifier, SIGKILL)
            fresh.waitUntilExit()
            // The warm server answers with the verified bytes, never the corrupted ones.
            let warm = try httpGet(port: warmPort, path: "/data/\(path)")
            #expect(warm.status == 200 && warm.body == original, "round \(round): the warm server served other bytes")
            _ = try fixture.client.execute(bytes: [Array("SET".utf8), Array(key.utf8), original])
        }
        #expect(refused == 100)
    }

    @Test("the daemon propagates an edit, never publishes an invalid edit, and collects a deleted file")
    func daemonPropagates() throws {
        let fixture = try AssetPlaneFixture()
        _ = try fixture.start(["assetmgr", "daemon", "--data", fixture.data, "--valkey-url", fixture.url])
        #expect(fixture.wait(seconds: 60) { (try? fixture.manifestCount()) == shippedAssetCount })
        let port = try fixture.startAssets()
        let before = try #require(try fixture.storedHash("rubrics/default.json"))

        // A valid edit, written the way editors do: a temporary file renamed over the original.
        let rubric = "\(fixture.data)/rubrics/default.json"
        let text = try readText(rubric).replacingOccurrences(of: "\"stretch_penalty\": 20", with: "\"stretch_penalty\": 21")
        try write(text, to: rubric)
        #expect(fixture.wait(seconds: 60) { (try? fixture.storedHash("rubrics/default.json")) != before })
        let edited = try #require(try fixture.storedHash("rubrics/default.json"))
        // The server picks it up through asset_updates (its periodic refresh is the fallback). How fast is a
        // benchmark's question; here it must arrive.
        #expect(fixture.wait(seconds: 60) {
            (try? httpGet(port: port, path: "/data/rubrics/default.json").headers["etag"]) == "\"\(edited)\""
        })

        // An invalid edit, then a deleted file: once the deletion is collected (blob and manifest entry), the
        // daemon has seen the invalid edit too, and the previous valid version must still stand.
        try write("{\"sfb_base\": NaN}", to: rubric)
        try FileManager.default.removeItem(atPath: "\(fixture.data)/keyboards/sweep.json")
        #expect(fixture.wait(seconds: 60) { (try? fixture.storedHash("keyboards/sweep.json")) == nil })
        #expect(try fixture.client.execute(["EXISTS", CoordinatorKeyspace.blob("keyboards/sweep.json")]) == .integer(0))
        #expect(try fixture.storedHash("rubrics/default.json") == edited)

        // A new folder moved in whole is watched and its files published.
        let staging = FileSystem.parentFolder(of: fixture.data) + "/incoming"
        try FileManager.default.createDirectory(atPath: staging + "/corpora/text/extra_std", withIntermediateDirectories: true)
        for segment in ["1grams", "2grams", "3grams", "words"] {
            try FileManager.default.copyItem(atPath: "\(fixture.data)/corpora/text/en_std/\(segment).mpk.zst",
                                             toPath: "\(staging)/corpora/text/extra_std/\(segment).mpk.zst")
        }
        #expect(rename(staging + "/corpora/text/extra_std", "\(fixture.data)/corpora/text/extra_std") == 0)
        #expect(fixture.wait(seconds: 60) { (try? fixture.storedHash("corpora/text/extra_std/3grams.mpk.zst")) != nil })
    }

    @Test("the daemon paused with SIGSTOP while 20 000 files appear converges after SIGCONT")
    func daemonConvergesAfterPause() throws {
        let fixture = try AssetPlaneFixture()
        let (daemon, _) = try fixture.start(["assetmgr", "daemon", "--data", fixture.data, "--valkey-url", fixture.url])
        #expect(fixture.wait(seconds: 60) { (try? fixture.manifestCount()) == shippedAssetCount })
        kill(daemon.processIdentifier, SIGSTOP)
        let rubric = try Data(contentsOf: URL(fileURLWithPath: "\(fixture.data)/rubrics/default.json"))
        for index in 0..<20_000 {
            #expect(FileManager.default.createFile(atPath: "\(fixture.data)/rubrics/r\(index).json", contents: rubric))
        }
        kill(daemon.processIdentifier, SIGCONT)
        #expect(fixture.wait(seconds: 240) { (try? fixture.manifestCount()) == 20_000 + shippedAssetCount })
        #expect(daemon.isRunning)
    }
}
