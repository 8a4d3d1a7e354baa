import ArgumentParser
import KeyForgeServices

/// The options every scoring verb shares: which board, corpus and rubric.
struct AssetOptions: ParsableArguments {
    @Option(name: .shortAndLong, help: "A keyboard name (ansi, carpalx, corne, cyanophage-ergo, keygen, ortho_30, sweep) or a path to a keyboard JSON file.")
    var keyboard: String = "corne"

    @Option(name: .shortAndLong, help: "A corpus id (text/en_std), a path to a corpus bundle folder, or a word-frequency list file ({\"word\": weight} JSON or word<TAB>weight lines); a raw text must first be counted with `keyforge corpus build`.")
    var corpus: String = "text/en_std"

    @Option(name: .shortAndLong, help: "A rubric name (default) or a path to a rubric JSON file.")
    var rubric: String = "default"

    /// Loads the three through the catalog and builds the exact scorer.
    func load() throws -> LoadedAssets {
        try LoadedAssets.load(keyboard: keyboard, corpus: corpus, rubric: rubric)
    }
}
