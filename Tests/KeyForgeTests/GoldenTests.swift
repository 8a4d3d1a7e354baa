import Testing
import KeyForgeAdapters
import KeyForgeCore
import KeyForgeWire
import KeyForgeSystem
import KeyForgeServices
@testable import KeyForge

/// The exact JSON ranking of every reference layout on every shipped board, on the default corpus,
/// compared with golden/<board>.json (recorded by `make golden-record`, never edited by hand).
@Suite("Golden reports")
struct GoldenTests {
    static let boards = ["ansi", "carpalx", "corne", "cyanophage-ergo", "keygen", "ortho_30", "sweep"]

    @Test("every board's ranking equals its golden file", arguments: boards)
    func golden(board: String) throws {
        let loaded = try AssetOptions.parse(["--keyboard", board]).load()
        let ranking = try Ranking.rank(scorer: loaded.scorer, keyboard: loaded.keyboard, keycodes: loaded.catalog.keycodes)
        let produced = JSONWriter.write(Ranking.json(ranking, loaded: loaded), pretty: true) + "\n"
        let recorded = try readText("\(packageRoot)/golden/\(board).json")
        #expect(produced == recorded, "golden/\(board).json differs: run `make golden-record` and review the diff")
    }

    @Test("every shipped board and its reference layouts load, and qwerty ranks last on corne")
    func corneRanking() throws {
        let catalog = try AssetCatalog()
        #expect(catalog.keyboardNames == Self.boards)
        let keyboard = try catalog.keyboard("corne")
        let scorer = try ExactScorer(keyboard: keyboard, rubric: Rubric(), corpus: try catalog.corpus("text/en_std"))
        let ranking = try Ranking.rank(scorer: scorer, keyboard: keyboard, keycodes: catalog.keycodes)
        #expect(ranking.count == 11)
        #expect(ranking.last?.name == "qwerty")
        let colemakDH = try #require(ranking.first { $0.name == "colemak-dh" })
        #expect(colemakDH.report.metrics.sfb < 2)
    }

    @Test("the embedded assets are byte-identical to data/system, data/migrations and web")
    func embeddedMatchesDisk() throws {
        let paths = EmbeddedAssets.paths
        #expect(paths.contains("corpora/text/en_std/3grams.mpk.zst") && paths.contains("keyboards/corne.json"))
        #expect(paths.contains("migrations/0001_schema.sql") && paths.contains("web/dashboard/index.html"))
        for path in paths {
            // The hive's migrations are embedded as migrations/<name> from data/migrations, the web pages as web/<page>/<file>.
            let disk = path.hasPrefix("migrations/") ? "\(packageRoot)/data/\(path)"
                : path.hasPrefix("web/") ? "\(packageRoot)/\(path)" : "\(packageRoot)/data/system/\(path)"
            #expect(EmbeddedAssets.bytes(path) == (try KeyForgeSystem.FileSystem.readFile(disk)), "\(path) is stale in the binary: run `make embed`")
        }
        let onDisk = try ["data/system", "data/migrations", "web"].reduce(0) { $0 + (try listFiles("\(packageRoot)/\($1)").count) }
        #expect(paths.count == onDisk, "a file in data/system, data/migrations or web is not embedded: run `make embed`")
    }

    private func listFiles(_ folder: String) throws -> [String] {
        var files: [String] = []
        for name in try KeyForgeSystem.FileSystem.listDirectory(folder) where !name.hasPrefix(".") {
            let path = "\(folder)/\(name)"
            if KeyForgeSystem.FileSystem.isDirectory(path) { files += try listFiles(path) } else { files.append(path) }
        }
        return files
    }
}

/// A short seeded search (fixed steps, one thread) gives the recorded layout and score
/// (golden/search-ortho_30.json, from `keyforge search --keyboard ortho_30 --method rounds --steps 20000 --seed 42 --threads 1 --json`;
/// the rounds are `SearchParameters`'s default method, the one the cluster's jobs use).
@Suite("Search determinism golden")
struct SearchGoldenTests {
    @Test("the seeded ortho_30 search reproduces the recorded layout and score")
    func ortho30() throws {
        let recorded = try JSONParser.parse(Array(readText("\(packageRoot)/golden/search-ortho_30.json").utf8))
        let object = try #require(recorded.objectValue)
        let catalog = try AssetCatalog()
        let keyboard = try catalog.keyboard("ortho_30")
        let exact = try ExactScorer(keyboard: keyboard, rubric: Rubric(), corpus: try catalog.corpus("text/en_std"))
        let (_, start) = try LayoutArgument.resolve("qwerty", keyboard: keyboard, keycodes: catalog.keycodes)
        let parameters = SearchParameters(stepsPerReplica: 20_000, seed: 42, movableKeys: keyboard.alphaKeys)
        let result = try Annealer(scorer: OptimizedScorer(exact: exact), parameters: parameters).run(replica: 0, start: start) { _ in true }
        #expect(object["seed"] == .int(42))
        #expect(object["layout"]?.stringValue == result.layout.tokenString)
        #expect(object["score"]?.doubleValue == FixedPoint.toDouble(result.score.total))
        #expect(result.score.total < exact.score(start).total)
    }
}
