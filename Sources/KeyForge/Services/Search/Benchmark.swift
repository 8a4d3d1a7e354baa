import KeyForgeCore

/// The standard workload's measurements (`keyforge bench`, and the agent's calibration at registration): exact and
/// optimized full evaluations, delta swaps and annealing steps per second on the calling thread.
package enum Benchmark {
    /// One measured rate per kind of work.
    package struct Rates: Sendable {
        package var exactFull = 0.0
        package var optimizedFull = 0.0
        package var deltaSwap = 0.0
        package var annealStep = 0.0

        package init(exactFull: Double = 0, optimizedFull: Double = 0, deltaSwap: Double = 0, annealStep: Double = 0) {
            self.exactFull = exactFull
            self.optimizedFull = optimizedFull
            self.deltaSwap = deltaSwap
            self.annealStep = annealStep
        }

        package static func + (lhs: Rates, rhs: Rates) -> Rates {
            Rates(exactFull: lhs.exactFull + rhs.exactFull, optimizedFull: lhs.optimizedFull + rhs.optimizedFull,
                  deltaSwap: lhs.deltaSwap + rhs.deltaSwap, annealStep: lhs.annealStep + rhs.annealStep)
        }
    }

    /// Runs the four measurements on the calling thread.
    package static func measure(exact: ExactScorer, optimized: OptimizedScorer, start: Layout, movable: [Int],
                                seconds: Double, seed: UInt64) throws -> Rates {
        var rates = Rates()
        var sink: Int64 = 0
        rates.exactFull = timed(seconds) { count in
            for _ in 0..<count { sink &+= exact.rawScore(start).bi }
        }
        let state = try LayoutState(layout: start, scorer: optimized)
        rates.optimizedFull = timed(seconds) { count in
            for _ in 0..<count { sink &+= optimized.rawScore(state).tri }
        }
        var rng = SplitMix64(seed: seed)
        rates.deltaSwap = timed(seconds) { count in
            for _ in 0..<count {
                let a = movable[rng.next(below: movable.count)], b = movable[rng.next(below: movable.count)]
                sink &+= optimized.swapDelta(state, a, b).bi
            }
        }
        // Annealing: a fixed number of steps, timed whole (calibration and polish included).
        let steps: Int64 = 1 << 20
        let annealer = Annealer(scorer: optimized, parameters: SearchParameters(stepsPerReplica: steps, seed: seed, movableKeys: movable, restarts: 1))
        let clock = ContinuousClock()
        let began = clock.now
        var annealSteps: Int64 = 0
        while ProgressLine.seconds(clock.now - began) < seconds {
            annealSteps += try annealer.run(replica: 0, start: start) { _ in true }.steps
        }
        rates.annealStep = Double(annealSteps) / ProgressLine.seconds(clock.now - began)
        if sink == 42 { print("") }  // keeps the work observable
        return rates
    }

    /// Calls `body` with growing batch sizes until `seconds` pass; returns calls per second.
    private static func timed(_ seconds: Double, _ body: (Int) -> Void) -> Double {
        let clock = ContinuousClock()
        let began = clock.now
        var done = 0, batch = 1
        while true {
            body(batch)
            done += batch
            let elapsed = ProgressLine.seconds(clock.now - began)
            if elapsed >= seconds { return Double(done) / elapsed }
            if elapsed < seconds / 20 { batch *= 2 }
        }
    }
}
