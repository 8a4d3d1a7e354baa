import Foundation
import KeyForgeServices
import KeyForgeSystem
import Testing

/// How the catalog treats an empty bundle folder (docs/ARCHITECTURE.md section 6).
@Suite("AssetCatalog and empty folders")
struct AssetCatalogFallThroughTests {
    @Test("an empty corpus folder in the workspace does not hide the embedded corpus of the same id")
    func emptyCorpusFolderFallsThrough() throws {
        let root = "/tmp/keyforge-catalog-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        try FileSystem.makeDirectories("\(root)/corpora/text/en_std")
        defer { try? FileManager.default.removeItem(atPath: root) }
        let corpus = try AssetCatalog(folders: [root]).loadCorpus("text/en_std")
        let embedded = try AssetCatalog(folders: []).loadCorpus("text/en_std")
        #expect(corpus.contentHash == embedded.contentHash)
    }
}
