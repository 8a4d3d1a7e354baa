import ArgumentParser
import KeyForgeAdapters
import KeyForgeCore

/// The options every scoring verb shares: which board, corpus and rubric.
struct AssetOptions: ParsableArguments {
    @Option(name: .shortAndLong, help: "A keyboard name (ansi, corne, ortho_30, sweep) or a path to a keyboard JSON file.")
    var keyboard: String = "corne"

    @Option(name: .shortAndLong, help: "A corpus id (text/en_std) or a path to a corpus bundle folder.")
    var corpus: String = "text/en_std"

    @Option(name: .shortAndLong, help: "A rubric name (default) or a path to a rubric JSON file.")
    var rubric: String = "default"

    /// Loads the three through the catalog and builds the exact scorer.
    func load() throws -> (catalog: AssetCatalog, keyboard: Keyboard, rubric: Rubric, corpus: NGramCorpus, scorer: ExactScorer) {
        let catalog = try AssetCatalog()
        let keyboard = try catalog.keyboard(self.keyboard)
        let rubric = try catalog.rubric(self.rubric)
        let corpus = try catalog.corpus(self.corpus)
        do {
            let scorer = try ExactScorer(keyboard: keyboard, rubric: rubric, corpus: corpus)
            return (catalog, keyboard, rubric, corpus, scorer)
        } catch {
            throw InputError.invalid(self.rubric, error)
        }
    }
}
