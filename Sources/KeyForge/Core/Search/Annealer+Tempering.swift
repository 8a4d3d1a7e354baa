/// Replica exchange within one replica (what `keyforge search` does by default, docs/PHYSICS.md section 5):
/// several chains at fixed temperatures let good layouts flow down to the cold ones.
extension Annealer {
    /// Runs `SearchParameters.temperingChains` Metropolis chains at fixed temperatures, geometric from
    /// `temperingHottest` x T0 (T0 the calibrated temperature) down to `finalTemperatureRatio` x T0. Chain 0
    /// starts from `start`, the others from fresh shuffles. The chains take turns, the hottest making
    /// `temperingHotSweep` steps and the coldest `temperingSweep` (linear between); after each turn,
    /// neighbouring chains (even pairs, then odd pairs on the next turn) exchange their layouts with the
    /// replica-exchange probability min(1, exp((E_i - E_j)(1/T_i - 1/T_j))); at turns 1, 2, 4, 8, 16 and every
    /// `temperingPolishEvery` turns a copy of the coldest chain's layout is polished (steepest descent) and
    /// offered as the best. Nothing depends on the budget but the moment it stops, so a longer run repeats a
    /// shorter one (same seed) and goes on: it never ends worse. Returns the best layout seen (the start included).
    func temper(start: LayoutState, replica: Int, rng: inout SplitMix64, budget: inout Budget,
                onRound: ((RoundReport) -> Void)?, progress: (SearchProgress) -> Bool)
        -> (best: LayoutState, steps: Int64, accepted: Int64) {
        let movable = parameters.movableKeys
        let chains = SearchParameters.temperingChains
        let calibrated = calibrate(start, movable: movable, rng: &rng) * parameters.temperatureScale
        let hottest = calibrated * SearchParameters.temperingHottest
        // Coldest over hottest (below 1 unless the final temperature is set above the hottest).
        let logRatio = DeterministicMath.log(min(1, parameters.finalTemperatureRatio / SearchParameters.temperingHottest))
        let temperatures = (0..<chains).map { hottest * DeterministicMath.exp(Double($0) / Double(chains - 1) * logRatio) }
        let sweeps = (0..<chains).map {
            SearchParameters.temperingHotSweep + (SearchParameters.temperingSweep - SearchParameters.temperingHotSweep) * $0 / (chains - 1)
        }
        var states = [LayoutState](repeating: start, count: chains)
        for chain in 1..<chains { shuffle(&states[chain], keys: movable, rng: &rng) }
        var energies = states.map { energy($0.raw) }
        var best = start
        var bestTotal = scorer.normalized(start.raw).total
        var steps: Int64 = 0, accepted: Int64 = 0, nextCheck: Int64 = 0
        var turn = 0
        // Reports a new best (as a one-line "round" of the trace) when `state` beats it.
        func offer(_ state: LayoutState, total: Int64) {
            guard total < bestTotal else { return }
            bestTotal = total
            best = state
            onRound?(RoundReport(round: turn, start: .given, steps: steps, score: total, best: total))
        }
        while !budget.stepsAreUp(steps) {
            if steps >= nextCheck {
                nextCheck += parameters.checkInterval
                let coldest = temperatures[chains - 1] / Double(FixedPoint.scale)
                if !progress(SearchProgress(replica: replica, steps: steps, bestScore: bestTotal, temperature: coldest)) {
                    budget.interrupt()
                }
                if budget.timeIsUp() { break }
            }
            for chain in 0..<chains {
                let temperature = temperatures[chain]
                var state = states[chain]
                var energyNow = energies[chain]
                for _ in 0..<sweeps[chain] where !budget.stepsAreUp(steps) {
                    steps += 1
                    let (a, b) = Self.randomPair(movable, rng: &rng)
                    guard state.tokens[a] != state.tokens[b] else { continue }
                    let delta = scorer.swapDelta(state, a, b)
                    let candidate = energy(state.raw + delta)
                    let change = candidate - energyNow
                    guard Self.accepts(change, temperature: temperature, rng: &rng) else { continue }
                    state.applySwap(a, b, delta: delta)
                    energyNow = candidate
                    accepted += 1
                    if change < 0 && !bound.cannotBeBelow(state.raw, bestTotal) {
                        offer(state, total: scorer.normalized(state.raw).total)
                    }
                }
                states[chain] = state
                energies[chain] = energyNow
            }
            turn += 1
            var chain = turn % 2
            while chain + 1 < chains {
                let exponent = (energies[chain] - energies[chain + 1]) * (1 / temperatures[chain] - 1 / temperatures[chain + 1])
                // Metropolis at temperature 1 on a change of −exponent: always when exponent ≥ 0, else with e^exponent.
                if Self.accepts(-exponent, temperature: 1, rng: &rng) {
                    states.swapAt(chain, chain + 1)
                    energies.swapAt(chain, chain + 1)
                }
                chain += 2
            }
            let polishes = turn % SearchParameters.temperingPolishEvery == 0 || (turn < SearchParameters.temperingPolishEvery && turn & (turn - 1) == 0)
            if polishes && !budget.stepsAreUp(steps) {
                var candidate = states[chains - 1]
                steps += polish(&candidate, movable: movable)
                offer(candidate, total: scorer.normalized(candidate.raw).total)
            }
        }
        return (best, steps, accepted)
    }
}
