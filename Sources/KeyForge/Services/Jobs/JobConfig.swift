import KeyForgeCore
import KeyForgeWire

/// What a job searches for: board, corpora, rubric, start, what may move, the search settings and the budget.
///
/// A validated config is normalized (corpora sorted by id, pins sorted and unique), so two requests
/// that mean the same search have the same canonical encoding and so the same job id.
public struct JobConfig: Equatable, Sendable {
    /// One corpus of the mix and its weight.
    public struct CorpusWeight: Equatable, Sendable {
        /// The corpus id, e.g. `text/en_std`.
        public var id: String
        /// Its weight in the mix (finite, above 0).
        public var weight: Double

        /// Creates a weighted corpus.
        public init(id: String, weight: Double) {
            self.id = id
            self.weight = weight
        }
    }

    /// How much search a job gets, split into units leased one at a time (each a seed of the range).
    public struct Budget: Equatable, Sendable {
        /// Independent units; unit k searches with seed `seed + k`.
        public var units: Int
        /// Annealing steps per unit (deterministic), or nil for a time budget.
        public var stepsPerUnit: Int64?
        /// Seconds per unit, or nil for a step budget.
        public var secondsPerUnit: Double?

        /// Creates a budget; exactly one of steps and seconds must be given (checked by `validate`).
        public init(units: Int, stepsPerUnit: Int64? = nil, secondsPerUnit: Double? = nil) {
            self.units = units
            self.stepsPerUnit = stepsPerUnit
            self.secondsPerUnit = secondsPerUnit
        }
    }

    /// The most units a job may have.
    public static let maxUnits = 100_000
    /// The longest one unit may run, in seconds (a day).
    public static let maxSecondsPerUnit = 86_400.0

    /// The keyboard name.
    public var keyboard: String
    /// The corpora and their weights.
    public var corpora: [CorpusWeight]
    /// The rubric name.
    public var rubric: String
    /// The start layout: a reference name or a layout string.
    public var startLayout: String
    /// Which keys may move.
    public var scope: SearchScope
    /// Keys that never move: symbols or key indexes, as text.
    public var pinned: [String]
    /// How each unit searches (`search.method`): rounds (the default, and what jobs did before tempering
    /// existed) or tempering (what `keyforge search` does by default; docs/PHYSICS.md section 5).
    public var method: SearchMethod
    /// Rounds per unit with a step budget (rounds only).
    public var restarts: Int
    /// The share of each round spent annealing (rounds only).
    public var annealShare: Double
    /// The first seed of the job's seed range.
    public var seed: UInt64
    /// The budget.
    public var budget: Budget
    /// Scheduling priority (higher first); not part of the job id, since it does not change the search.
    public var priority: Int

    /// Creates a config with the defaults of `keyforge search --method rounds`.
    public init(keyboard: String, corpora: [CorpusWeight] = [CorpusWeight(id: "text/en_std", weight: 1)], rubric: String = "default",
                startLayout: String = "qwerty", scope: SearchScope = .alpha, pinned: [String] = [], method: SearchMethod = .rounds,
                restarts: Int = 4, annealShare: Double = 0.3, seed: UInt64 = 1, budget: Budget, priority: Int = 0) {
        self.method = method
        self.keyboard = keyboard
        self.corpora = corpora
        self.rubric = rubric
        self.startLayout = startLayout
        self.scope = scope
        self.pinned = pinned
        self.restarts = restarts
        self.annealShare = annealShare
        self.seed = seed
        self.budget = budget
        self.priority = priority
    }

    /// Checks ranges and normalizes (corpora sorted by id, pins sorted and unique); the error names the field.
    public mutating func validate() throws(ValidationError) {
        // Identifiers only, checked before anything is resolved: a job runs on the hive and the agents,
        // where a path would name their files (HiveAssetIdentifier).
        guard HiveAssetIdentifier.isName(keyboard) else { throw ValidationError(field: "keyboard", HiveAssetIdentifier.nameRule) }
        guard HiveAssetIdentifier.isName(rubric) else { throw ValidationError(field: "rubric", HiveAssetIdentifier.nameRule) }
        guard !corpora.isEmpty else { throw ValidationError(field: "corpora", "must name at least one corpus") }
        for (index, corpus) in corpora.enumerated() {
            guard HiveAssetIdentifier.isCorpusID(corpus.id) else {
                throw ValidationError(field: "corpora[\(index)].id", HiveAssetIdentifier.corpusIDRule)
            }
            guard corpus.weight.isFinite, corpus.weight > 0 else {
                throw ValidationError(field: "corpora[\(index)].weight", "must be a finite number above 0 (got \(corpus.weight))")
            }
        }
        corpora.sort { $0.id < $1.id }
        for index in corpora.indices.dropFirst() where corpora[index].id == corpora[index - 1].id {
            throw ValidationError(field: "corpora", "names \(corpora[index].id) twice")
        }
        pinned = Array(Set(pinned)).sorted()
        guard (1...64).contains(restarts) else { throw ValidationError(field: "search.restarts", "must be 1 ... 64 (got \(restarts))") }
        guard annealShare.isFinite, annealShare >= 0.05, annealShare <= 1 else {
            throw ValidationError(field: "search.anneal_share", "must be 0.05 ... 1 (got \(annealShare))")
        }
        guard (1...Self.maxUnits).contains(budget.units) else {
            throw ValidationError(field: "budget.units", "must be 1 ... \(Self.maxUnits) (got \(budget.units))")
        }
        switch (budget.stepsPerUnit, budget.secondsPerUnit) {
        case (let steps?, nil):
            guard steps >= 1 && steps <= 1_000_000_000_000 else {
                throw ValidationError(field: "budget.steps_per_unit", "must be 1 ... 10^12 (got \(steps))")
            }
        case (nil, let seconds?):
            guard seconds.isFinite, seconds > 0, seconds <= Self.maxSecondsPerUnit else {
                throw ValidationError(field: "budget.seconds_per_unit", "must be above 0 and at most \(Int(Self.maxSecondsPerUnit)) (got \(seconds))")
            }
        default:
            throw ValidationError(field: "budget", "needs exactly one of steps_per_unit and seconds_per_unit")
        }
        guard abs(priority) <= 1_000 else { throw ValidationError(field: "priority", "must be -1000 ... 1000 (got \(priority))") }
    }

    /// The seed of unit `unit`: the job's seed range is `seed ..< seed + units`.
    public func unitSeed(_ unit: Int) -> UInt64 { seed &+ UInt64(unit) }
}
