import ArgumentParser
import KeyForgeCore
import KeyForgeWire
import KeyForgeServices

/// The options every scoring verb shares: which board, corpus and rubric.
struct AssetOptions: ParsableArguments {
    @Option(name: .shortAndLong, help: "A keyboard name (ansi, corne, cyanophage-ergo, ortho_30, sweep) or a path to a keyboard JSON file.")
    var keyboard: String = "corne"

    @Option(name: .shortAndLong, help: "A corpus id (text/en_std), a path to a corpus bundle folder, or a word-frequency list file ({\"word\": weight} JSON or word<TAB>weight lines).")
    var corpus: String = "text/en_std"

    @Option(name: .shortAndLong, help: "A rubric name (default) or a path to a rubric JSON file.")
    var rubric: String = "default"

    /// Loads the three through the catalog and builds the exact scorer.
    func load() throws -> LoadedAssets {
        let catalog = try AssetCatalog()
        let keyboard = try catalog.keyboard(self.keyboard)
        let rubric = try catalog.rubric(self.rubric)
        let loaded = try catalog.loadCorpus(self.corpus)
        do {
            let scorer = try ExactScorer(keyboard: keyboard, rubric: rubric, corpus: loaded.corpus)
            return LoadedAssets(catalog: catalog, keyboard: keyboard, rubric: rubric, corpus: loaded.corpus,
                                corpusHash: loaded.contentHash, rubricName: self.rubric, scorer: scorer)
        } catch {
            throw InputError.invalid(self.rubric, error)
        }
    }
}

/// Everything a scoring verb loaded.
struct LoadedAssets {
    let catalog: AssetCatalog
    let keyboard: Keyboard
    let rubric: Rubric
    let corpus: NGramCorpus
    let corpusHash: String
    let rubricName: String
    let scorer: ExactScorer

    /// The report context of `layout` called `name`.
    func context(_ name: String, _ layout: Layout) -> ReportJSON.Context {
        ReportJSON.Context(keyboard: keyboard, layoutName: name, layout: layout, corpusID: corpus.id,
                           rubricName: rubricName, corpusHash: corpusHash)
    }

    /// The assets a many-layout document was scored with: keyboard, corpus (and its hash) and rubric.
    func jsonHeader() -> JSONObject {
        var object = JSONObject()
        object.append("keyboard", .string(keyboard.name))
        object.append("corpus", .string(corpus.id))
        object.append("corpus_sha256", .string(corpusHash))
        object.append("rubric", .string(rubricName))
        return object
    }
}
