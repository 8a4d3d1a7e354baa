import KeyForgeCore

/// A job config resolved against the assets: everything a worker needs to search one unit and
/// everything the hive needs to re-score a result with the exact tier.
public struct JobPlan: Sendable {
    /// The validated config.
    public let config: JobConfig
    /// The board.
    public let keyboard: Keyboard
    /// The corpus (the weighted mix when the config names several).
    public let corpus: NGramCorpus
    /// The corpus content hash (SHA-256 of its segment bytes), so results name what they were scored on.
    public let corpusHash: String
    /// The start layout and its name.
    public let start: Layout
    /// `custom` or the reference name of the start layout.
    public let startName: String
    /// The keys the search may move.
    public let movableKeys: [Int]
    /// The keys the config pins (in the scope or not): a result must leave them as on the start layout.
    public let pinnedKeys: Set<Int>
    /// The oracle.
    public let exact: ExactScorer
    /// The keycode table layouts are read with.
    public let keycodes: KeycodeTable

    /// Loads the job's keyboard, corpora and rubric through `catalog` and checks the start and pins.
    public init(config: JobConfig, catalog: AssetCatalog) throws(InputError) {
        self.config = config
        keycodes = catalog.keycodes
        keyboard = try catalog.keyboard(config.keyboard)
        let rubric = try catalog.rubric(config.rubric)
        let reference = config.corpora.count == 1 ? config.corpora[0].id
            : config.corpora.map { "\($0.id):\($0.weight)" }.joined(separator: ",")
        let loaded = try catalog.loadCorpus(reference)
        corpus = loaded.corpus
        corpusHash = loaded.contentHash
        (startName, start) = try LayoutArgument.resolve(config.startLayout, keyboard: keyboard, keycodes: catalog.keycodes)
        let pin = config.pinned.isEmpty ? nil : config.pinned.joined(separator: " ")
        movableKeys = try SearchSelection.movableKeys(keyboard: keyboard, layout: start, scope: config.scope, pin: pin, free: nil,
                                                      keycodes: catalog.keycodes)
        if let pin {
            pinnedKeys = try SearchSelection.pinnedKeys(pin, keyboard: keyboard, layout: start, keycodes: catalog.keycodes)
        } else {
            pinnedKeys = []
        }
        do { exact = try ExactScorer(keyboard: keyboard, rubric: rubric, corpus: corpus) } catch {
            throw .invalid("rubric \(config.rubric)", error)
        }
    }

    /// The search parameters of unit `unit` (its seed from the job's range; the step budget when it has one; the job's method).
    public func parameters(unit: Int) -> SearchParameters {
        var parameters = SearchParameters(stepsPerReplica: config.budget.stepsPerUnit ?? Int64.max / 4, seed: config.unitSeed(unit),
                                          movableKeys: movableKeys, restarts: config.restarts, annealShare: config.annealShare)
        parameters.method = config.method
        return parameters
    }

    /// Why `layout` is not this job's start layout rearranged within its scope with its pins in place,
    /// or nil when it is (`Layout.rearrangementViolation`): the hive accepts only such results.
    public func rearrangementViolation(_ layout: Layout) -> RearrangementViolation? {
        layout.rearrangementViolation(of: start, movableKeys: movableKeys, pinnedKeys: pinnedKeys)
    }

    /// Reads a layout string as sent by a worker, for this job's board.
    public func layout(_ text: String) throws(InputError) -> Layout {
        do { return try Layout.parse(text, for: keyboard, keycodes: keycodes) } catch { throw .invalid("layout", error) }
    }
}
