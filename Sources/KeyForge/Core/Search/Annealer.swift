/// Simulated annealing over swaps for one replica (docs/PHYSICS.md section 5, docs/adr/0002-synchronous-scoring.md).
///
/// A replica works in rounds. Each round anneals for `annealShare` of its steps with geometric cooling
/// from a calibrated temperature T0 (the mean uphill energy change of random swaps divided by ln 2, so a
/// typical uphill swap is first taken half the time) down to `finalTemperatureRatio` x T0; when no new
/// best appears for `reheatAfterSteps`, the anneal returns to its best layout and moves its schedule back
/// by a quarter (a reheat). Then a greedy polish (the best improving swap of all movable pairs, until
/// none improves) and, for the rest of the round, an iterated local search from the polished layout
/// (random kicks, each polished).
///
/// Round 0 starts from the given layout; later rounds start as `roundPattern` says (Annealer+Rounds.swift):
/// from the replica's best so far, kicked and reheated (B); from a fresh shuffle (S); or from the best with
/// the keys on which it and another elite disagree shuffled among themselves, reheated (X). Every round has
/// `roundSteps` (by default 2 M steps with a time budget, a `restarts`th of a step budget), and rounds
/// follow each other until the budget is spent, cutting the last one short: with the same round length a
/// longer run repeats a shorter one's rounds (same seed) and then does
/// more, so it never ends worse. The replica keeps the best layout seen, the start included, so it never returns a
/// layout worse than its start.
///
/// Energy is the score in fixed-point units as a Double (acceptance only); every comparison of bests
/// uses the exact integer score. Randomness comes only from the seeded `SplitMix64` passed in by value.
public struct Annealer: Sendable {
    let scorer: OptimizedScorer
    let parameters: SearchParameters
    private let unigramScale: Double
    private let allowance: Double
    private let imbalanceWeight: Double
    let bound: ScoreBound
    /// The rule candidates as corpus symbols (after, output), for rule moves.
    let ruleCandidates: [(after: Int, output: Int)]
    /// The (layer, key) slots layer moves exchange: layer 0 is the base, i + 1 is `layers[i]`.
    let layerSlots: [(layer: Int, key: Int)]
    /// True when the search changes magic rules.
    var hasRuleMoves: Bool { !ruleCandidates.isEmpty && !parameters.freeRuleSlots.isEmpty }

    /// Creates an annealer for `scorer` and `parameters`.
    public init(scorer: OptimizedScorer, parameters: SearchParameters) {
        self.init(scorer: scorer, parameters: parameters, layers: [])
    }

    /// Creates an annealer for `scorer` and `parameters` whose start layout has `layers` (for layer moves).
    public init(scorer: OptimizedScorer, parameters: SearchParameters, layers: [LayoutLayer]) {
        self.scorer = scorer
        self.parameters = parameters
        allowance = Double(scorer.exact.balance.allowancePPM) / 1_000_000
        imbalanceWeight = Double(scorer.exact.balance.weight)
        let total = scorer.exact.corpus.totalUnigrams
        unigramScale = total > 0 ? 100_000 / Double(total) : 0
        bound = ScoreBound(scorer: scorer)
        var indexOf: [String: Int] = [:]
        for (position, symbol) in scorer.symbols.enumerated() { indexOf[symbol] = position }
        layerSlots = Self.layerSlots(layers: layers, parameters: parameters)
        ruleCandidates = parameters.ruleCandidates.compactMap { rule in
            guard let after = indexOf[rule.after], let output = indexOf[rule.output] else { return nil }
            return (after, output)
        }
    }

    /// Where a round stands against the replica's budget: the step counter and the stop tests.
    struct Budget {
        let fraction: (() -> Double)?
        /// The replica's step budget (about Int64.max / 4 with a time budget).
        let cap: Int64
        /// True once the replica must stop: its time is up or its caller asked.
        var stopped = false
        /// True when the caller asked (progress returned false), as opposed to the time running out.
        var interrupted = false

        mutating func interrupt() {
            interrupted = true
            stopped = true
        }

        /// True when the time budget is used up (checked only at check points, so a run with the same
        /// seed stops at a step count that depends on the clock alone).
        mutating func timeIsUp() -> Bool {
            if let fraction, fraction() >= 1 { stopped = true }
            return stopped
        }

        /// True (and stopped) when `steps` reach the step budget.
        mutating func stepsAreUp(_ steps: Int64) -> Bool {
            if steps >= cap { stopped = true }
            return stopped
        }
    }

    /// Runs replica `replica` from `start`. `fraction` (when given) reports the share of a time budget
    /// used, 0 ... 1, and replaces the step budget; `progress` is called every `checkInterval` steps and
    /// returns false to stop.
    public func run(replica: Int, start: Layout, fraction: (() -> Double)? = nil,
                    onRound: ((RoundReport) -> Void)? = nil,
                    progress: (SearchProgress) -> Bool) throws(ValidationError) -> ReplicaResult {
        var rng = SplitMix64(seed: parameters.replicaSeed(replica))
        // Only movable keys swap, so the symbols of the other keys are pinned (their trigram weights go unkept).
        let initial = try LayoutState(layout: start, scorer: scorer, ruleCandidates: parameters.ruleCandidates,
                                      movableKeys: parameters.movableKeys)
        var best = initial
        var bestScore = scorer.normalized(initial.raw)
        var steps: Int64 = 0, accepted: Int64 = 0
        let movable = parameters.movableKeys
        guard movable.count >= 2 else {
            return ReplicaResult(replica: replica, layout: start, score: bestScore, steps: 0, accepted: 0, wasStopped: false)
        }
        var budget = Budget(fraction: fraction, cap: parameters.stepsPerReplica)
        // Tempering has no rounds, so it needs no round length (nor the probe that sizes short rounds).
        if parameters.method == .tempering && !hasRuleMoves && layerSlots.isEmpty {
            let outcome = temper(start: initial, replica: replica, rng: &rng, budget: &budget, onRound: onRound, progress: progress)
            return ReplicaResult(replica: replica, layout: outcome.best.layout, score: scorer.normalized(outcome.best.raw),
                                 steps: outcome.steps, accepted: outcome.accepted, wasStopped: budget.interrupted)
        }
        var roundSteps = parameters.roundSteps
        if let fraction, parameters.adaptiveRounds, let estimate = estimatedSteps(initial, movable: movable, fraction: fraction) {
            // A short time budget: two rounds that fit it rather than one hot anneal cut short.
            roundSteps = min(roundSteps, max(20_000, estimate / 2))
        }
        var elites = Elites(capacity: parameters.eliteCount)
        elites.offer(initial, total: bestScore.total)
        // The current line: the best since the last fresh start (round 0 opens the first), which B rounds kick.
        var line = initial, lineTotal = bestScore.total
        var round = 0
        while !budget.stopped && !budget.stepsAreUp(steps) {
            var state = initial
            let kind = round == 0 ? RoundStart.given : parameters.roundKind(round)
            let startPhase = begin(kind, state: &state, best: best, line: line, elites: elites, movable: movable, rng: &rng)
            let annealBudget = max(1, Int64(Double(roundSteps) * parameters.annealShare))
            let outcome = anneal(&state, budget: annealBudget, startPhase: startPhase, replica: replica, rng: &rng,
                                 stepsBefore: steps, stop: &budget, progress: progress)
            steps += outcome.steps
            accepted += outcome.accepted
            var candidate = outcome.best
            if !budget.stopped {
                steps += polish(&candidate, movable: movable)
                steps += polishRulesAndSwaps(&candidate, movable: movable)
                steps += iterate(&candidate, budget: roundSteps - annealBudget, replica: replica, rng: &rng,
                                 stepsBefore: steps, stop: &budget, progress: progress)
            }
            let score = scorer.normalized(candidate.raw)
            if score.total < bestScore.total {
                best = candidate
                bestScore = score
            }
            elites.offer(candidate, total: score.total)
            if kind == .fresh || score.total < lineTotal {
                line = candidate
                lineTotal = score.total
            }
            onRound?(RoundReport(round: round, start: kind, steps: steps, score: score.total, best: bestScore.total))
            round += 1
        }
        return ReplicaResult(replica: replica, layout: best.layout, score: bestScore, steps: steps, accepted: accepted,
                             wasStopped: budget.interrupted)
    }

    /// Two different movable keys, uniformly: the second is drawn from the other count − 1 (the last key
    /// standing in for the first when they meet).
    @inline(__always)
    static func randomPair(_ movable: [Int], rng: inout SplitMix64) -> (Int, Int) {
        let count = movable.count
        let a = movable[rng.next(below: count)]
        var b = movable[rng.next(below: count - 1)]
        if b == a { b = movable[count - 1] }
        return (a, b)
    }

    /// The Metropolis test: true when `change` ≤ 0, else with probability e^(−change / temperature), drawing a
    /// random number only then.
    @inline(__always)
    static func accepts(_ change: Double, temperature: Double, rng: inout SplitMix64) -> Bool {
        change <= 0 || DeterministicMath.isBelowExp(DeterministicMath.unitInterval(rng.next()), -change / temperature)
    }

    /// The energy of raw sums: the score in fixed-point units, as a Double (for acceptance only; the
    /// hand-balance term is the same formula as `HandBalance.penalty` in floating point).
    @inline(__always)
    func energy(_ raw: RawScore) -> Double {
        energy(raw, imbalance: imbalance(raw))
    }

    /// The energy of `raw` given its hand-balance term (`imbalance(raw)`, which a swap that moves no mass
    /// between the hands leaves as it was).
    @inline(__always)
    private func energy(_ raw: RawScore, imbalance: Double) -> Double {
        Double(raw.mono &+ raw.bi &+ raw.tri) * unigramScale + imbalance
    }

    /// The hand-balance term of the energy.
    @inline(__always)
    private func imbalance(_ raw: RawScore) -> Double {
        let left = Double(raw.leftMass), total = left + Double(raw.rightMass)
        var imbalance = 0.0
        if total > 0 {
            let excess = abs(left / total - 0.5) - allowance
            if excess > 0 { imbalance = excess * imbalanceWeight }
        }
        return imbalance
    }

    private func anneal(_ state: inout LayoutState, budget: Int64, startPhase: Double, replica: Int, rng: inout SplitMix64,
                        stepsBefore: Int64, stop: inout Budget,
                        progress: (SearchProgress) -> Bool) -> (best: LayoutState, steps: Int64, accepted: Int64) {
        let movable = parameters.movableKeys
        let startTemperature = calibrate(state, movable: movable, rng: &rng) * parameters.temperatureScale
        let logRatio = DeterministicMath.log(parameters.finalTemperatureRatio)
        var imbalanceNow = imbalance(state.raw)
        var energyNow = energy(state.raw, imbalance: imbalanceNow)
        var best = state
        var bestTotal = scorer.normalized(state.raw).total
        // A reheated round starts part-way down the schedule; a reheat after a long wait moves back from there.
        var phaseOffset = -startPhase
        var sinceBest: Int64 = 0
        var temperature = startTemperature
        var steps: Int64 = 0, accepted: Int64 = 0
        var nextCheck: Int64 = 0  // the next multiple of the check interval (steps grow by one per pass)
        while steps < budget {
            if stop.stepsAreUp(stepsBefore + steps) { break }
            if steps == nextCheck {
                nextCheck += parameters.checkInterval
                let phase = max(0, Double(steps) / Double(budget) - phaseOffset)
                temperature = startTemperature * DeterministicMath.exp(phase * logRatio)
                let keepGoing = progress(SearchProgress(replica: replica, steps: stepsBefore + steps,
                                                        bestScore: bestTotal, temperature: temperature / Double(FixedPoint.scale)))
                if !keepGoing { stop.interrupt() }
                if stop.timeIsUp() { return (best, steps, accepted) }
            }
            steps += 1
            if let extra = drawExtraMove(state, rng: &rng) {
                // A rule or layer move (Annealer+Rules, Annealer+Layers): accepted by the same rule as a swap.
                guard let raw = extra.raw(from: state) else { continue }
                let candidateImbalance = imbalance(raw)
                let candidate = energy(raw, imbalance: candidateImbalance)
                let change = candidate - energyNow
                if Self.accepts(change, temperature: temperature, rng: &rng) {
                    extra.apply(to: &state)
                    energyNow = candidate
                    imbalanceNow = candidateImbalance
                    accepted += 1
                    let total = scorer.normalized(state.raw).total
                    if change < 0 && total < bestTotal {
                        bestTotal = total
                        best = state
                        sinceBest = 0
                    }
                }
                continue
            }
            let (a, b) = Self.randomPair(movable, rng: &rng)
            guard state.tokens[a] != state.tokens[b] else { continue }
            let delta = scorer.swapDelta(state, a, b)
            let raw = state.raw + delta
            let candidateImbalance = delta.leftMass == 0 && delta.rightMass == 0 ? imbalanceNow : imbalance(raw)
            let candidate = energy(raw, imbalance: candidateImbalance)
            let change = candidate - energyNow
            if Self.accepts(change, temperature: temperature, rng: &rng) {
                state.applySwap(a, b, delta: delta)
                energyNow = candidate
                imbalanceNow = candidateImbalance
                accepted += 1
                if change < 0 && !bound.cannotBeBelow(state.raw, bestTotal) {
                    let total = scorer.normalized(state.raw).total
                    if total < bestTotal {
                        bestTotal = total
                        best = state
                        sinceBest = 0
                        continue
                    }
                }
            }
            sinceBest += 1
            if sinceBest >= parameters.reheatAfterSteps {
                state = best
                imbalanceNow = imbalance(state.raw)
                energyNow = energy(state.raw, imbalance: imbalanceNow)
                phaseOffset += 0.25 * (1 - phaseOffset)
                sinceBest = 0
            }
        }
        return (best, steps, accepted)
    }

    /// T0: the mean uphill energy change of 200 random swaps from `state`, over ln 2.
    func calibrate(_ state: LayoutState, movable: [Int], rng: inout SplitMix64) -> Double {
        let base = energy(state.raw)
        var sum = 0.0, uphill = 0
        for _ in 0..<200 {
            let a = movable[rng.next(below: movable.count)], b = movable[rng.next(below: movable.count)]
            let change = energy(state.raw + scorer.swapDelta(state, a, b)) - base
            if change > 0 {
                sum += change
                uphill += 1
            }
        }
        return uphill > 0 ? sum / Double(uphill) / 0.693_147_180_559_945_3 : 1
    }

    /// The steps a time budget allows, from timing 8 192 swap evaluations (about 1.3 of them per annealing
    /// step) against the budget's clock; nil when the clock did not move. Uses no randomness, so the
    /// rounds that follow are the same as without it whenever the round length stays the same.
    private func estimatedSteps(_ state: LayoutState, movable: [Int], fraction: () -> Double) -> Int64? {
        let probe: Int64 = 8_192
        let before = fraction()
        var sink: Int64 = 0
        var i = 0, j = 1
        for _ in 0..<probe {
            sink &+= scorer.swapDelta(state, movable[i], movable[j]).bi
            j += 1
            if j == movable.count { i = (i + 1) % (movable.count - 1); j = i + 1 }
        }
        let used = fraction() - before
        guard used > 0, sink != Int64.min else { return nil }
        return Int64(min(Double(Int64.max / 8), Double(probe) / 1.3 / used))
    }

    /// Iterated local search on a polished layout, for the rest of a round's budget: kick the best
    /// layout with 2 to 4 random swaps, polish, and keep the result when it scores no worse (so the
    /// search can drift across plateaus). Every swap evaluated counts as a step. Returns the steps made.
    private func iterate(_ state: inout LayoutState, budget: Int64, replica: Int, rng: inout SplitMix64,
                         stepsBefore: Int64, stop: inout Budget, progress: (SearchProgress) -> Bool) -> Int64 {
        let movable = parameters.movableKeys
        var bestTotal = scorer.normalized(state.raw).total
        var steps: Int64 = 0, lastCheck: Int64 = 0
        while steps < budget && !stop.stepsAreUp(stepsBefore + steps) {
            if steps - lastCheck >= parameters.checkInterval {
                lastCheck = steps
                if !progress(SearchProgress(replica: replica, steps: stepsBefore + steps, bestScore: bestTotal, temperature: 0)) {
                    stop.interrupt()
                }
                if stop.timeIsUp() { return steps }
            }
            var trial = state
            for _ in 0..<(2 + rng.next(below: 3)) {
                let a = movable[rng.next(below: movable.count)], b = movable[rng.next(below: movable.count)]
                _ = scorer.applySwap(&trial, a, b)
                steps += 1
            }
            steps += polish(&trial, movable: movable)
            let total = scorer.normalized(trial.raw).total
            if total <= bestTotal {
                state = trial
                bestTotal = total
            }
        }
        return steps
    }

    /// Steepest descent: apply the best improving swap of all movable pairs until none improves.
    /// Returns the number of swaps evaluated.
    @discardableResult
    func polish(_ state: inout LayoutState, movable: [Int]) -> Int64 {
        var current = scorer.normalized(state.raw).total
        var evaluated: Int64 = 0
        while true {
            var bestPair: (Int, Int)? = nil
            var bestDelta = RawScore()
            var bestTotal = current
            let imbalanceNow = bound.imbalance(state.raw)
            for i in 0..<movable.count {
                for j in (i + 1)..<movable.count {
                    let a = movable[i], b = movable[j]
                    guard state.tokens[a] != state.tokens[b] else { continue }
                    evaluated += 1
                    let delta = scorer.swapDelta(state, a, b)
                    let raw = state.raw + delta
                    let imbalance = delta.leftMass == 0 && delta.rightMass == 0 ? imbalanceNow : bound.imbalance(raw)
                    guard !bound.cannotBeBelow(raw, bestTotal, imbalance: imbalance) else { continue }
                    let total = scorer.normalized(raw).total
                    if total < bestTotal {
                        bestTotal = total
                        bestPair = (a, b)
                        bestDelta = delta
                    }
                }
            }
            guard let (a, b) = bestPair else { return evaluated }
            state.applySwap(a, b, delta: bestDelta)
            current = bestTotal
        }
    }
}
