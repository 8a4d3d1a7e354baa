/// How one search runs (docs/PHYSICS.md section 5): a budget, a seed, what may move, and the schedule.
public struct SearchParameters: Sendable, Equatable {
    /// Annealing steps per replica; with a step budget the search is deterministic.
    public var stepsPerReplica: Int64
    /// The seed; replica i uses a seed derived from it and i.
    public var seed: UInt64
    /// Rounds per replica with a step budget when `roundSteps` is not given (they share the budget).
    public var restarts: Int
    /// Steps per round (see `Annealer`): given, or a `restarts`th of a step budget, or 4 M with a time budget
    /// (callers pass about Int64.max / 4 steps). With the same round length a longer run repeats a shorter
    /// one and goes on.
    public var roundSteps: Int64
    /// True when a time budget may shorten the rounds (no round length was given): a budget too short for
    /// two default rounds gets two rounds that fit it, found by timing a short probe (see `Annealer`).
    public var adaptiveRounds: Bool
    /// The round length with a time budget when none is given.
    public static let defaultRoundSteps: Int64 = 4_000_000
    /// Rounds sharing a step budget when neither they nor a round length are given.
    public static let defaultRestarts = 4
    /// The share of a round spent annealing when none is given (`keyforge search`).
    public static let defaultAnnealShare = 0.3
    /// How rounds 1, 2, ... start when no pattern is given.
    public static let defaultRoundPattern: [RoundStart] = [.best, .best, .fresh]
    /// Where on the cooling schedule (0 = T0, 1 = the final temperature) a round that restarts from the
    /// replica's best begins.
    public var reheatPhase: Double
    /// Keys that may move (pinned keys are simply left out).
    public var movableKeys: [Int]
    /// The final temperature as a fraction of the calibrated initial one.
    public var finalTemperatureRatio: Double
    /// Steps without a new best after which the anneal returns to its best layout and warms up.
    public var reheatAfterSteps: Int64
    /// How many steps pass between calls of the progress and stop callbacks.
    public var checkInterval: Int64
    /// The share of each restart's budget spent annealing; the rest goes to iterated local search.
    public var annealShare: Double
    /// How rounds 1, 2, ... start, repeated in turn (round 0 starts from the given layout).
    public var roundPattern: [RoundStart]
    /// Random swaps that kick the best layout before a `.best` round (0: movable keys / 8, at least 2).
    public var kickSwaps: Int
    /// T0 as a multiple of the calibrated temperature.
    public var temperatureScale: Double
    /// How many distinct round results a replica keeps for `.cross` rounds.
    public var eliteCount: Int
    /// How each replica searches: replica exchange between chains at fixed temperatures (what
    /// `keyforge search` does by default), or rounds of annealing and local search (what a search with rule or
    /// layer moves always uses, and the default here, for the cluster's jobs).
    public var method: SearchMethod = .rounds
    /// Tempering: the chains; the hottest chain's temperature as a multiple of the calibrated T0 (the coldest
    /// is `finalTemperatureRatio` x T0, the others geometric between); the steps per turn of the hottest and of
    /// the coldest chain (linear between: a hot chain accepts many swaps, each dearer than a rejected one,
    /// and mixes in fewer steps); and the turns between polishes of the coldest chain's layout (also at
    /// turns 1, 2, 4, 8, 16, so that a short budget ends polished too).
    public static let temperingChains = 8
    public static let temperingHottest = 0.1
    public static let temperingHotSweep = 100
    public static let temperingSweep = 500
    public static let temperingPolishEvery = 20
    /// Magic-rule moves (issue 26): the rules a search may give the layout, and which of the start
    /// layout's rules may change (the others are pinned). Empty: no rule moves, and the search draws
    /// exactly the random numbers it drew before rule moves existed.
    public var ruleCandidates: [MagicRule] = []
    /// The indexes of the start layout's magic rules that rule moves may replace.
    public var freeRuleSlots: [Int] = []
    /// Layer moves (issue 26): the symbols allowed to leave the base layer. Non-empty turns layer moves
    /// on for a layout with extra layers: the symbols of two slots (base or extra layer, on movable keys)
    /// are exchanged, a base symbol leaving only when it is in this list.
    public var layerMoveSymbols: [String] = []
    /// One step in `layerMoveOdds` is a layer move when layer moves are on (each re-builds the state).
    public static let layerMoveOdds = 32
    /// One step in `ruleMoveOdds` is a rule move when rule moves are on.
    public static let ruleMoveOdds = 8

    /// Creates parameters with the defaults used by `keyforge search`.
    public init(stepsPerReplica: Int64, seed: UInt64, movableKeys: [Int], restarts: Int = Self.defaultRestarts,
                finalTemperatureRatio: Double = 0.002, reheatAfterSteps: Int64 = 0, checkInterval: Int64 = 16_384,
                annealShare: Double = Self.defaultAnnealShare, roundSteps: Int64? = nil, reheatPhase: Double = 0.5,
                roundPattern: [RoundStart] = Self.defaultRoundPattern, kickSwaps: Int = 0, temperatureScale: Double = 1,
                eliteCount: Int = 4) {
        self.stepsPerReplica = stepsPerReplica
        self.seed = seed
        self.restarts = max(1, restarts)
        self.movableKeys = movableKeys
        self.finalTemperatureRatio = finalTemperatureRatio
        let timed = stepsPerReplica >= Int64.max / 8
        self.roundSteps = max(1, roundSteps ?? (timed ? Self.defaultRoundSteps : stepsPerReplica / Int64(self.restarts)))
        self.adaptiveRounds = timed && roundSteps == nil
        self.reheatPhase = min(1, max(0, reheatPhase))
        // An eighth of a round, within 20 000 ... 2 000 000 steps.
        self.reheatAfterSteps = reheatAfterSteps > 0 ? reheatAfterSteps : min(2_000_000, max(20_000, self.roundSteps / 8))
        self.checkInterval = checkInterval
        self.annealShare = min(1, max(0.05, annealShare))
        let pattern = roundPattern.filter { $0 != .given }
        self.roundPattern = pattern.isEmpty ? [.fresh] : pattern
        self.kickSwaps = max(0, kickSwaps)
        self.temperatureScale = temperatureScale > 0 ? temperatureScale : 1
        self.eliteCount = max(1, eliteCount)
    }

    /// How round `round` (1 or later) starts.
    public func roundKind(_ round: Int) -> RoundStart {
        roundPattern[(round - 1) % roundPattern.count]
    }

    /// The seed of replica `index`: SplitMix64 of the search seed mixed with the index.
    public func replicaSeed(_ index: Int) -> UInt64 {
        var mixer = SplitMix64(seed: seed ^ (UInt64(index) &* 0x9E37_79B9_7F4A_7C15))
        return mixer.next()
    }
}

/// How a replica searches (`keyforge search --method`).
public enum SearchMethod: String, Sendable, Equatable, CaseIterable {
    /// Rounds: an anneal, a polish and iterated local search, each round started as the pattern says.
    case rounds
    /// Parallel tempering: chains at fixed temperatures exchanging layouts, the coldest polished now and then.
    case tempering
}

/// What a replica tells its caller at each check: for progress lines.
public struct SearchProgress: Sendable, Equatable {
    /// The replica.
    public var replica: Int
    /// Steps done by this replica.
    public var steps: Int64
    /// This replica's best score so far (fixed point).
    public var bestScore: Int64
    /// The current temperature, in cost units per 100 000 characters.
    public var temperature: Double

    /// Creates a progress record.
    public init(replica: Int, steps: Int64, bestScore: Int64, temperature: Double) {
        self.replica = replica
        self.steps = steps
        self.bestScore = bestScore
        self.temperature = temperature
    }
}

/// One replica's outcome.
public struct ReplicaResult: Sendable {
    /// The replica's index.
    public var replica: Int
    /// Its best layout.
    public var layout: Layout
    /// Its best layout's score (optimized tier; equal to the exact tier's, checked by the caller).
    public var score: ScoreParts
    /// Steps it made.
    public var steps: Int64
    /// Swaps accepted.
    public var accepted: Int64
    /// True when it stopped early because the caller asked.
    public var wasStopped: Bool
}
