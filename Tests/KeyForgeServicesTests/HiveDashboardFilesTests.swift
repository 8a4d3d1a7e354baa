import KeyForgeAdapters
import KeyForgeServices
import KeyForgeSystem
import Testing

/// The dashboard's files are the repository's `web/dashboard` files, byte for byte, embedded by `make embed`.
@Suite("Hive dashboard files embedded from web/")
struct HiveDashboardFilesTests {
    /// The repository's `web` folder, found from this file's path.
    static let web: String = {
        var path = #filePath
        for _ in 0..<3 { path = FileSystem.parentFolder(of: path) }
        return path + "/web"
    }()

    @Test("/, /dashboard.js and /dashboard.css answer exactly the files of web/dashboard, with their Content-Type")
    func servedFromDisk() throws {
        let routes: [(HTTPResponse, String, String)] = [
            (HiveDashboard.page, "index.html", "text/html; charset=utf-8"),
            (HiveDashboard.script, "dashboard.js", "text/javascript; charset=utf-8"),
            (HiveDashboard.styleSheet, "dashboard.css", "text/css; charset=utf-8"),
        ]
        for (response, name, contentType) in routes {
            #expect(response.status == 200, "\(name)")
            #expect(response.headers["Content-Type"] == contentType, "\(name)")
            #expect(response.headers["Content-Security-Policy"] == HiveDashboard.contentSecurityPolicy, "\(name)")
            let disk = try FileSystem.readFile("\(Self.web)/dashboard/\(name)")
            #expect(response.bodyBytes == disk, "web/dashboard/\(name) is stale in the binary: run `make embed`")
        }
    }

    @Test("every file under web/ is embedded under its path there, and nothing else is")
    func everyFileEmbedded() throws {
        let onDisk = try Self.listFiles(Self.web, under: "").sorted { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) }
        #expect(EmbeddedWebFiles.names == onDisk, "web/ and the binary differ: run `make embed`")
        for name in onDisk {
            #expect(EmbeddedWebFiles.bytes(name) == (try FileSystem.readFile("\(Self.web)/\(name)")), "web/\(name) is stale: run `make embed`")
            #expect(EmbeddedWebFiles.contentType(of: name) != nil, "web/\(name) has a type the hive does not serve")
        }
        #expect(EmbeddedWebFiles.bytes("dashboard/missing.js") == nil)
        #expect(EmbeddedWebFiles.bytes("../data/system/keyboards/corne.json") == nil, "a name is a lookup, never a path")
        #expect(EmbeddedWebFiles.bytes("keyboards/corne.json") == nil, "only web files")
    }

    @Test("Content-Type by extension; an unknown or missing extension has none, and a missing file answers 500")
    func contentTypes() {
        #expect(EmbeddedWebFiles.contentType(of: "dashboard/index.html") == "text/html; charset=utf-8")
        #expect(EmbeddedWebFiles.contentType(of: "playground/app.js") == "text/javascript; charset=utf-8")
        #expect(EmbeddedWebFiles.contentType(of: "x.CSS") == "text/css; charset=utf-8")
        #expect(EmbeddedWebFiles.contentType(of: "a/b.svg") == "image/svg+xml")
        #expect(EmbeddedWebFiles.contentType(of: "notes.txt") == nil)
        #expect(EmbeddedWebFiles.contentType(of: "dashboard/.html") == nil)
        #expect(EmbeddedWebFiles.contentType(of: "Makefile") == nil)
        #expect(HiveDashboard.file("dashboard/missing.js").status == 500)
    }

    private static func listFiles(_ folder: String, under prefix: String) throws -> [String] {
        var files: [String] = []
        for name in try FileSystem.listDirectory(folder) where !name.hasPrefix(".") {
            let path = "\(folder)/\(name)"
            if FileSystem.isDirectory(path) { files += try listFiles(path, under: "\(prefix)\(name)/") } else { files.append(prefix + name) }
        }
        return files
    }
}
