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

    /// The delta/exact ratio measured interleaved: many pairs of one batch of exact full evaluations then
    /// one batch of delta swaps (A B A B ... in one loop, each batch about 10 ms), so both halves of a pair
    /// run under the same machine conditions; the spread across pairs shows how far the figure moved.
    package struct Ratio: Sendable {
        /// Median of the per-pair ratios (delta swaps per second over exact evaluations per second).
        package var median = 0.0
        /// 10th and 90th percentiles of the per-pair ratios.
        package var low = 0.0
        package var high = 0.0
        /// Pairs measured.
        package var pairs = 0
    }

    /// Measures `Ratio` for `seconds` on the calling thread.
    package static func interleavedRatio(exact: ExactScorer, optimized: OptimizedScorer, start: Layout, movable: [Int],
                                         seconds: Double, seed: UInt64) throws -> Ratio {
        let state = try LayoutState(layout: start, scorer: optimized)
        var rng = SplitMix64(seed: seed)
        var sink: Int64 = 0
        let clock = ContinuousClock()
        func time(_ body: () -> Void) -> Double {
            let began = clock.now
            body()
            return ProgressLine.seconds(clock.now - began)
        }
        func exactBatch(_ count: Int) { for _ in 0..<count { sink &+= exact.rawScore(start).bi } }
        func deltaBatch(_ count: Int) {
            for _ in 0..<count {
                let a = movable[rng.next(below: movable.count)], b = movable[rng.next(below: movable.count)]
                sink &+= optimized.swapDelta(state, a, b).bi
            }
        }
        // Batch sizes for about 10 ms each, from a first timing of each kind.
        let exactEach = max(1e-9, time { exactBatch(8) } / 8)
        let deltaEach = max(1e-9, time { deltaBatch(1024) } / 1024)
        let exactCount = max(1, Int(0.01 / exactEach)), deltaCount = max(1, Int(0.01 / deltaEach))
        var ratios: [Double] = []
        let began = clock.now
        while ProgressLine.seconds(clock.now - began) < seconds || ratios.count < 3 {
            let a = time { exactBatch(exactCount) }
            let b = time { deltaBatch(deltaCount) }
            if a > 0 && b > 0 { ratios.append((Double(deltaCount) / b) / (Double(exactCount) / a)) }
        }
        if sink == 42 { print("") }  // keeps the work observable
        ratios.sort()
        func percentile(_ p: Double) -> Double { ratios[min(ratios.count - 1, Int((Double(ratios.count - 1) * p).rounded()))] }
        return Ratio(median: percentile(0.5), low: percentile(0.1), high: percentile(0.9), pairs: ratios.count)
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
