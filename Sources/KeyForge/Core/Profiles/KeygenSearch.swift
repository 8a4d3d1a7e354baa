extension Keygen {
    /// keygen's total penalty as table look-ups: the two- and three-stroke rules summed per key pair and key triple,
    /// the four-stroke rules per hand pattern. Gives exactly `penalty(_:text:).total` (every rule is a multiple of
    /// 1/8 and the counts are integers, so all sums are exact in Double) without the parts.
    public struct Evaluator: Sendable {
        public let text: Text
        let pair: [Double]
        let triple: [Double]
        let quad: [Double]

        public init(text: Text) {
            self.text = text
            let n = Keygen.keyCount
            var pair = [Double](repeating: 0, count: n * n), triple = [Double](repeating: 0, count: n * n * n)
            var parts = [Double](repeating: 0, count: partNames.count)
            for p in 0..<n {
                for q in 0..<n {
                    parts = parts.map { _ in 0 }
                    pairRules(p, q, into: &parts)
                    pair[p * n + q] = parts.reduce(0, +)
                    for r in 0..<n {
                        parts = parts.map { _ in 0 }
                        tripleRules(p, q, r, into: &parts)
                        triple[(p * n + q) * n + r] = parts.reduce(0, +)
                    }
                }
            }
            var quad = [Double](repeating: 0, count: 16)
            for pattern in 0..<16 {
                parts = parts.map { _ in 0 }
                quadRules(UInt8(pattern >> 3 & 1), UInt8(pattern >> 2 & 1), UInt8(pattern >> 1 & 1), UInt8(pattern & 1), into: &parts)
                quad[pattern] = parts.reduce(0, +)
            }
            (self.pair, self.triple, self.quad) = (pair, triple, quad)
        }

        /// keygen's total for the key of each alphabet character (`Text.keysOf`).
        public func total(keys key: [Int8]) -> Double {
            let n = Keygen.keyCount
            // Per character: its key (-1 when the layout lacks it) and its hand.
            var hand = [Int](repeating: 0, count: key.count)
            for (c, k) in key.enumerated() where k >= 0 { hand[c] = Int(keys[Int(k)].hand) }
            var total = 0.0
            key.withUnsafeBufferPointer { key in
                hand.withUnsafeBufferPointer { hand in
                    pair.withUnsafeBufferPointer { pair in
                        triple.withUnsafeBufferPointer { triple in
                            quad.withUnsafeBufferPointer { quad in
                                text.ones.withUnsafeBufferPointer { ones in
                                    for e in ones {
                                        let p = Int(key[Int(e.a)])
                                        if p >= 0 { total += basePenalty[p] * Double(e.count) }
                                    }
                                }
                                text.twos.withUnsafeBufferPointer { twos in
                                    for e in twos {
                                        let p = Int(key[Int(e.a)]), q = Int(key[Int(e.b)])
                                        if (p | q) >= 0 { total += pair[p &* n &+ q] * Double(e.count) }
                                    }
                                }
                                text.threes.withUnsafeBufferPointer { threes in
                                    for e in threes {
                                        let p = Int(key[Int(e.a)]), q = Int(key[Int(e.b)]), r = Int(key[Int(e.c)])
                                        if (p | q | r) >= 0 { total += triple[(p &* n &+ q) &* n &+ r] * Double(e.count) }
                                    }
                                }
                                text.fours.withUnsafeBufferPointer { fours in
                                    for e in fours {
                                        let (a, b, c, d) = (Int(e.a), Int(e.b), Int(e.c), Int(e.d))
                                        if (Int(key[a]) | Int(key[b]) | Int(key[c]) | Int(key[d])) >= 0 {
                                            total += quad[hand[a] << 3 | hand[b] << 2 | hand[c] << 1 | hand[d]] * Double(e.count)
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
            return total
        }

        /// keygen's `scaled` for `layout`.
        public func scaled(_ layout: Layout) -> Double {
            text.length > 0 ? total(keys: text.keysOf(layout)) / Double(text.length) : 0
        }
    }

    /// The result of `search`.
    public struct SearchResult: Sendable {
        public var best: Layout
        public var bestScaled: Double
        public var evaluations: Int
        public var anneals: Int
    }

    /// Minimises keygen's `scaled` from `start`: repeated simulated anneals with keygen's own move (1 to 3 random
    /// swaps of movable keys, both layers together) and its temperature law T(i) = T0 exp(-10 i / N) (keygen: T0 = 1.5) over
    /// `stepsPerAnneal` steps, each anneal followed by a steepest-descent pass over all single swaps; the next
    /// anneal starts from the best layout so far. Every move is a full re-score (`Evaluator.total`). Stops when
    /// `shouldStop(evaluations)` says so; `onImprovement` hears every new best (checked every 64 evaluations) or after `maxAnneals`.
    public static func search(start: Layout, evaluator: Evaluator, seed: UInt64, stepsPerAnneal: Int = 15_000, startTemperature: Double = 1.5,
                              maxAnneals: Int = .max, onImprovement: (Double) -> Void = { _ in },
                              shouldStop: (Int) -> Bool) -> SearchResult {
        var rng = SplitMix(seed)
        let length = Double(max(evaluator.text.length, 1))
        func score(_ layout: Layout) -> Double { evaluator.total(keys: evaluator.text.keysOf(layout)) / length }
        var best = start, bestScore = score(start)
        var evaluations = 1, anneals = 0
        let movable = movableKeys
        outer: while anneals < maxAnneals {
            anneals += 1
            var current = best, currentScore = bestScore
            for i in 1...stepsPerAnneal {
                var candidate = current
                let swaps = Int(rng.next() % 3) + 1
                for _ in 0..<swaps {
                    let x = Int(rng.next() % UInt64(movable.count))
                    var y = Int(rng.next() % UInt64(movable.count - 1))
                    if y >= x { y += 1 }
                    candidate.swapKeys(movable[x], movable[y])
                }
                let candidateScore = score(candidate)
                evaluations += 1
                let delta = candidateScore - currentScore
                let temperature = startTemperature * DeterministicMath.exp(-Double(i) * 10 / Double(stepsPerAnneal))
                if delta < 0 || rng.unit() < DeterministicMath.exp(-delta / temperature) {
                    current = candidate; currentScore = candidateScore
                    if currentScore < bestScore { best = current; bestScore = currentScore; onImprovement(bestScore) }
                }
                if evaluations & 63 == 0 && shouldStop(evaluations) { break outer }
            }
            // Steepest descent over single swaps from the anneal's end point.
            var improved = true
            while improved {
                improved = false
                var bestSwap: (Int, Int)? = nil, bestSwapScore = currentScore
                for x in 0..<movable.count {
                    for y in (x + 1)..<movable.count {
                        current.swapKeys(movable[x], movable[y])
                        let s = score(current)
                        evaluations += 1
                        if s < bestSwapScore { bestSwapScore = s; bestSwap = (x, y) }
                        current.swapKeys(movable[x], movable[y])
                    }
                }
                if let (x, y) = bestSwap {
                    current.swapKeys(movable[x], movable[y]); currentScore = bestSwapScore; improved = true
                }
                if shouldStop(evaluations) { break }
            }
            if currentScore < bestScore { best = current; bestScore = currentScore; onImprovement(bestScore) }
            if shouldStop(evaluations) { break }
        }
        return SearchResult(best: best, bestScaled: bestScore, evaluations: evaluations, anneals: anneals)
    }

    /// SplitMix64: a small seeded generator so a `--steps`-free run is still repeatable given its seed.
    struct SplitMix {
        var state: UInt64
        init(_ seed: UInt64) { state = seed }
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        mutating func unit() -> Double { Double(next() >> 11) / Double(1 << 53) }
    }
}
