import KeyForgeCore
import KeyForgeWire

/// Everything a scoring verb loaded.
package struct LoadedAssets {
    package let catalog: AssetCatalog
    package let keyboard: Keyboard
    package let rubric: Rubric
    package let corpus: NGramCorpus
    package let corpusHash: String
    /// The words a profile walks with their weights (`LoadedCorpus.weightedWords`: a word list's exact weights).
    package let profileWords: [(word: String, weight: Double)]
    package let rubricName: String
    package let scorer: ExactScorer

    /// Loads a keyboard, a corpus and a rubric (names, ids or paths) through the catalog and builds the exact scorer.
    package static func load(keyboard keyboardName: String, corpus corpusName: String, rubric rubricName: String) throws -> LoadedAssets {
        let catalog = try AssetCatalog()
        let keyboard = try catalog.keyboard(keyboardName)
        let rubric = try catalog.rubric(rubricName)
        let loaded = try catalog.loadCorpus(corpusName)
        do {
            let scorer = try ExactScorer(keyboard: keyboard, rubric: rubric, corpus: loaded.corpus)
            return LoadedAssets(catalog: catalog, keyboard: keyboard, rubric: rubric, corpus: loaded.corpus,
                                corpusHash: loaded.contentHash, profileWords: loaded.weightedWords, rubricName: rubricName, scorer: scorer)
        } catch {
            throw InputError.invalid(rubricName, error)
        }
    }

    /// The report context of `layout` called `name`.
    package func context(_ name: String, _ layout: Layout) -> ReportJSON.Context {
        ReportJSON.Context(keyboard: keyboard, layoutName: name, layout: layout, corpusID: corpus.id,
                           rubricName: rubricName, corpusHash: corpusHash)
    }

    /// The assets a many-layout document was scored with: keyboard, corpus (and its hash) and rubric.
    package func jsonHeader() -> JSONObject {
        var object = JSONObject()
        object.append("keyboard", .string(keyboard.name))
        object.append("corpus", .string(corpus.id))
        object.append("corpus_sha256", .string(corpusHash))
        object.append("rubric", .string(rubricName))
        return object
    }
}
