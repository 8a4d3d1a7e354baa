import KeyForgeAdapters
import KeyForgeServices
import KeyForgeSystem
import Testing

/// The zstd level of corpus segments: cheap by default, level 19 for published bundles (`corpus build --publish`).
@Suite("Corpus segment compression levels")
struct CorpusLevelTests {
    static var root: String {
        var path = #filePath
        for _ in 0..<3 { path = FileSystem.parentFolder(of: path) }
        return path
    }

    @Test("re-encoding the committed text/en_std segments at the publish level gives their bytes back; the default level gives the same records")
    func committedBundleIsPublishLevel() throws {
        #expect(CorpusBundle.publishLevel == 19 && CorpusBundle.defaultLevel < CorpusBundle.publishLevel)
        for kind in CorpusSegmentKind.allCases {
            let committed = try FileSystem.readFile("\(Self.root)/data/system/corpora/text/en_std/\(kind.fileName)")
            let records = try CorpusSegmentCodec.decode(committed, kind: kind)
            #expect(try CorpusSegmentCodec.encode(records, kind: kind, level: CorpusBundle.publishLevel) == committed)
            let cheap = try CorpusSegmentCodec.encode(records, kind: kind, level: CorpusBundle.defaultLevel)
            #expect(try CorpusSegmentCodec.decode(cheap, kind: kind) == records)
        }
    }
}
