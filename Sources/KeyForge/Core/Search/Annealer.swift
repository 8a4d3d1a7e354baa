/// Simulated annealing over swaps for one replica (docs/PHYSICS.md section 5, docs/adr/0002-synchronous-scoring.md).
///
/// Each restart anneals for its share of the step budget with geometric cooling from a calibrated
/// temperature T0 (the mean uphill energy change of random swaps divided by ln 2, so a typical uphill
/// swap is first taken half the time) down to `finalTemperatureRatio` x T0. When no new best appears
/// for `reheatAfterSteps`, the anneal returns to its best layout and moves its schedule back by a
/// quarter (a reheat). Annealing takes `annealShare` of each restart's budget; then a greedy polish
/// (the best improving swap of all movable pairs, until none improves) and, for the rest of the
/// budget, an iterated local search from the polished layout (random kicks, each polished). The replica keeps the best layout seen, the start included, so
/// it never returns a layout worse than its start.
///
/// Energy is the score in fixed-point units as a Double (acceptance only); every comparison of bests
/// uses the exact integer score. Randomness comes only from the seeded `SplitMix64` passed in by value.
public struct Annealer: Sendable {
    private let scorer: OptimizedScorer
    private let parameters: SearchParameters
    private let unigramScale: Double
    private let allowance: Double
    private let imbalanceWeight: Double

    /// Creates an annealer for `scorer` and `parameters`.
    public init(scorer: OptimizedScorer, parameters: SearchParameters) {
        self.scorer = scorer
        self.parameters = parameters
        allowance = Double(scorer.exact.balance.allowancePPM) / 1_000_000
        imbalanceWeight = Double(scorer.exact.balance.weight)
        let total = scorer.exact.corpus.totalUnigrams
        unigramScale = total > 0 ? 100_000 / Double(total) : 0
    }

    /// Runs replica `replica` from `start`. `fraction` (when given) reports the share of a time budget
    /// used, 0 ... 1, and replaces the step budget; `progress` is called every `checkInterval` steps and
    /// returns false to stop.
    public func run(replica: Int, start: Layout, fraction: (() -> Double)? = nil,
                    progress: (SearchProgress) -> Bool) throws(ValidationError) -> ReplicaResult {
        var rng = SplitMix64(seed: parameters.replicaSeed(replica))
        let initial = try LayoutState(layout: start, scorer: scorer)
        var best = initial
        var bestScore = scorer.normalized(initial.raw)
        var steps: Int64 = 0, accepted: Int64 = 0
        var stopped = false
        let movable = parameters.movableKeys
        guard movable.count >= 2 else {
            return ReplicaResult(replica: replica, layout: start, score: bestScore, steps: 0, accepted: 0, wasStopped: false)
        }
        let stepsPerRestart = max(1, parameters.stepsPerReplica / Int64(parameters.restarts))
        for restart in 0..<parameters.restarts where !stopped {
            var state = initial
            if restart > 0 { shuffle(&state, movable: movable, rng: &rng) }
            let annealBudget = max(1, Int64(Double(stepsPerRestart) * parameters.annealShare))
            let outcome = anneal(&state, budget: annealBudget, restart: restart, replica: replica, rng: &rng,
                                 stepsBefore: steps, fraction: fraction, progress: progress)
            steps += outcome.steps
            accepted += outcome.accepted
            stopped = outcome.stopped
            var polished = outcome.best
            steps += polish(&polished, movable: movable)
            if !stopped {
                let search = iterate(&polished, budget: stepsPerRestart - annealBudget, restart: restart, replica: replica,
                                     rng: &rng, stepsBefore: steps, fraction: fraction, progress: progress)
                steps += search.steps
                stopped = search.stopped
            }
            let polishedScore = scorer.normalized(polished.raw)
            if polishedScore.total < bestScore.total {
                best = polished
                bestScore = polishedScore
            }
        }
        return ReplicaResult(replica: replica, layout: best.layout, score: bestScore, steps: steps, accepted: accepted, wasStopped: stopped)
    }

    /// The energy of raw sums: the score in fixed-point units, as a Double (for acceptance only; the
    /// hand-balance term is the same formula as `HandBalance.penalty` in floating point).
    @inline(__always)
    func energy(_ raw: RawScore) -> Double {
        let left = Double(raw.leftMass), total = left + Double(raw.rightMass)
        var imbalance = 0.0
        if total > 0 {
            let excess = abs(left / total - 0.5) - allowance
            if excess > 0 { imbalance = excess * imbalanceWeight }
        }
        return Double(raw.mono &+ raw.bi &+ raw.tri) * unigramScale + imbalance
    }

    private func anneal(_ state: inout LayoutState, budget: Int64, restart: Int, replica: Int, rng: inout SplitMix64,
                        stepsBefore: Int64, fraction: (() -> Double)?,
                        progress: (SearchProgress) -> Bool) -> (best: LayoutState, steps: Int64, accepted: Int64, stopped: Bool) {
        let movable = parameters.movableKeys
        let count = movable.count
        let startTemperature = calibrate(state, movable: movable, rng: &rng)
        let logRatio = DeterministicMath.log(parameters.finalTemperatureRatio)
        var energyNow = energy(state.raw)
        var best = state
        var bestTotal = scorer.normalized(state.raw).total
        var phaseOffset = 0.0
        var sinceBest: Int64 = 0
        var temperature = startTemperature
        var steps: Int64 = 0, accepted: Int64 = 0
        let restarts = Double(parameters.restarts)
        while fraction != nil || steps < budget {
            if steps % parameters.checkInterval == 0 {
                let share: Double
                if let fraction {
                    // A time budget is shared by the restarts in turn; annealing takes the first
                    // `annealShare` of each restart's part.
                    share = min(1, max(0, (fraction() * restarts - Double(restart)) / parameters.annealShare))
                } else {
                    share = Double(steps) / Double(budget)
                }
                if share >= 1 { break }
                let phase = max(0, share - phaseOffset)
                temperature = startTemperature * DeterministicMath.exp(phase * logRatio)
                let keepGoing = progress(SearchProgress(replica: replica, steps: stepsBefore + steps,
                                                        bestScore: bestTotal, temperature: temperature / Double(FixedPoint.scale)))
                if !keepGoing { return (best, steps, accepted, true) }
            }
            steps += 1
            let a = movable[rng.next(below: count)]
            var b = movable[rng.next(below: count - 1)]
            if b == a { b = movable[count - 1] }
            guard state.tokens[a] != state.tokens[b] else { continue }
            let delta = scorer.swapDelta(state, a, b)
            let candidate = energy(state.raw + delta)
            let change = candidate - energyNow
            if change <= 0 || DeterministicMath.unitInterval(rng.next()) < DeterministicMath.exp(-change / temperature) {
                state.applySwap(a, b, delta: delta)
                energyNow = candidate
                accepted += 1
                if change < 0 {
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
                energyNow = energy(state.raw)
                phaseOffset += 0.25 * (1 - phaseOffset)
                sinceBest = 0
            }
        }
        return (best, steps, accepted, false)
    }

    /// T0: the mean uphill energy change of 200 random swaps from `state`, over ln 2.
    private func calibrate(_ state: LayoutState, movable: [Int], rng: inout SplitMix64) -> Double {
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

    /// A uniform random permutation of the movable keys' symbols (Fisher-Yates, as swaps).
    private func shuffle(_ state: inout LayoutState, movable: [Int], rng: inout SplitMix64) {
        var index = movable.count - 1
        while index > 0 {
            let other = rng.next(below: index + 1)
            if other != index { _ = scorer.applySwap(&state, movable[index], movable[other]) }
            index -= 1
        }
    }

    /// Iterated local search on a polished layout, for the rest of a restart's budget: kick the best
    /// layout with 2 to 4 random swaps, polish, and keep the result when it scores no worse (so the
    /// search can drift across plateaus). Every swap evaluated counts as a step.
    private func iterate(_ state: inout LayoutState, budget: Int64, restart: Int, replica: Int, rng: inout SplitMix64,
                         stepsBefore: Int64, fraction: (() -> Double)?,
                         progress: (SearchProgress) -> Bool) -> (steps: Int64, stopped: Bool) {
        let movable = parameters.movableKeys
        var bestTotal = scorer.normalized(state.raw).total
        var steps: Int64 = 0, lastCheck: Int64 = 0
        let restarts = Double(parameters.restarts)
        while true {
            if let fraction {
                if fraction() * restarts - Double(restart) >= 1 { break }
            } else if steps >= budget {
                break
            }
            if steps - lastCheck >= parameters.checkInterval {
                lastCheck = steps
                if !progress(SearchProgress(replica: replica, steps: stepsBefore + steps, bestScore: bestTotal, temperature: 0)) {
                    return (steps, true)
                }
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
        return (steps, false)
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
            for i in 0..<movable.count {
                for j in (i + 1)..<movable.count {
                    let a = movable[i], b = movable[j]
                    guard state.tokens[a] != state.tokens[b] else { continue }
                    evaluated += 1
                    let delta = scorer.swapDelta(state, a, b)
                    let total = scorer.normalized(state.raw + delta).total
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
