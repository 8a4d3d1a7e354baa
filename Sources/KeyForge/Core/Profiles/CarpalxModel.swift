extension Carpalx {
    /// A raw text prepared the way carpalx's `english` mode reads it: line by line, whitespace removed, A-Z lowered,
    /// every byte that is not then a-z removed (digits, punctuation, underscore, non-ASCII), empty lines skipped;
    /// every three consecutive letters of a line form a triad (overlapping), triads of one letter thrice are skipped,
    /// and triads seen fewer than `minimumCount` times are dropped.
    public struct Triads: Sendable {
        /// (a, b, c as 0-25, count), in a fixed order.
        public let triads: [(a: UInt8, b: UInt8, c: UInt8, count: Int)]
        /// Σ counts of the kept triads: carpalx's divisor.
        public let total: Int
        /// Triads read before pruning (with repeats).
        public let read: Int

        public init(utf8: [UInt8], minimumCount: Int = Model.minimumTriadCount) {
            var counts = [Int](repeating: 0, count: 26 * 26 * 26)
            var read = 0
            var line: [UInt8] = []
            func flush() {
                if line.count >= 3 {
                    for i in 2..<line.count {
                        let (a, b, c) = (Int(line[i - 2]), Int(line[i - 1]), Int(line[i]))
                        if a == b && b == c { continue }
                        counts[(a * 26 + b) * 26 + c] += 1
                        read += 1
                    }
                }
                line.removeAll(keepingCapacity: true)
            }
            for byte in utf8 {
                switch byte {
                case 10: flush()
                case 65...90: line.append(byte - 65)
                case 97...122: line.append(byte - 97)
                default: continue   // whitespace and every non-letter are removed within the line
                }
            }
            flush()
            var triads: [(UInt8, UInt8, UInt8, Int)] = []
            var total = 0
            for (index, count) in counts.enumerated() where count >= minimumCount && count > 0 {
                triads.append((UInt8(index / 676), UInt8(index / 26 % 26), UInt8(index % 26), count))
                total += count
            }
            self.triads = triads
            self.total = total
            self.read = read
        }
    }

    /// A layout's effort: carpalx's `all` and its three parts (base, penalty, stroke path; they sum to it).
    public struct Effort: Sendable, Equatable {
        public var effort: Double
        public var base: Double
        public var penalty: Double
        public var path: Double
    }

    /// The penalty effort of a key: row and finger penalties, weighted (the hand penalties are 0 by default).
    static func penaltyEffort(_ key: Key) -> Double {
        Model.rowWeight * Model.rowPenalty[key.row] + Model.fingerWeight * Model.fingerPenalty[key.finger]
    }

    static func baseEffort(_ key: Key) -> Double { Model.baseEffort[key.row][key.col] }

    /// The stroke-path flag of keys p, q, r (hand * 100 + row * 10 + finger).
    static func pathFlag(_ p: Int, _ q: Int, _ r: Int) -> Int {
        let (x, y, z) = (keys[p], keys[q], keys[r])
        let hand = x.hand == z.hand ? (y.hand == z.hand ? 2 : 1) : 0
        let (f1, f2, f3) = (x.finger, y.finger, z.finger)
        var finger = 0
        if f1 > f2 {
            if f2 > f3 { finger = 0 } else if f2 == f3 { finger = q == r ? 1 : 6 } else if f3 == f1 { finger = 4 } else if f1 > f3 && f3 > f2 { finger = 2 } else { finger = 3 }
        } else if f1 < f2 {
            if f2 < f3 { finger = 0 } else if f2 == f3 { finger = q == r ? 1 : 6 } else if f3 == f1 { finger = 4 } else if f1 < f3 && f3 < f2 { finger = 2 } else { finger = 3 }
        } else {
            if f2 < f3 || f3 < f1 { finger = p == q ? 1 : 6 } else { finger = (p != q && q != r && p != r) ? 7 : 5 }
        }
        let (r1, r2, r3) = (x.row, y.row, z.row)
        // The largest row difference among (1-2, 1-3, 2-3), the more negative one first on a tie of size.
        let differences = [r1 - r2, r1 - r3, r2 - r3].sorted { abs($0) != abs($1) ? abs($0) > abs($1) : $0 < $1 }
        let largest = differences[0]
        var row = 0
        if r1 < r2 {
            if r3 == r2 { row = 1 } else if r2 < r3 { row = 4 } else if abs(largest) == 1 { row = 3 } else { row = largest < 0 ? 7 : 5 }
        } else if r1 > r2 {
            if r3 == r2 { row = 2 } else if r2 > r3 { row = 6 } else if abs(largest) == 1 { row = 3 } else { row = largest < 0 ? 7 : 5 }
        } else {
            row = r2 > r3 ? 2 : (r2 < r3 ? 1 : 0)
        }
        return hand * 100 + row * 10 + finger
    }

    /// The effort parts of the triad on keys p, q, r.
    static func triadEffort(_ p: Int, _ q: Int, _ r: Int) -> (base: Double, penalty: Double, path: Double) {
        let (x, y, z) = (keys[p], keys[q], keys[r])
        let base = Model.kb * Model.k1 * baseEffort(x) * (1 + Model.k2 * baseEffort(y) * (1 + Model.k3 * baseEffort(z)))
        let penalty = Model.kp * Model.k1 * penaltyEffort(x) * (1 + Model.k2 * penaltyEffort(y) * (1 + Model.k3 * penaltyEffort(z)))
        let path = Model.ks * (Model.pathCost[pathFlag(p, q, r)] ?? 0)
        return (base, penalty, path)
    }

    /// carpalx's effort of `layout` on `triads`, part by part.
    public static func effort(_ layout: Layout, triads: Triads) -> Effort {
        let key = layout.letterKeys()
        var base = 0.0, penalty = 0.0, path = 0.0, all = 0.0
        for (a, b, c, count) in triads.triads {
            let e = triadEffort(key[Int(a)], key[Int(b)], key[Int(c)])
            let n = Double(count)
            base += e.base * n; penalty += e.penalty * n; path += e.path * n
            all += (e.base + e.penalty + e.path) * n
        }
        let total = Double(max(triads.total, 1))
        return Effort(effort: all / total, base: base / total, penalty: penalty / total, path: path / total)
    }

    /// The effort as table look-ups (every triad of keys precomputed): what the search re-scores with.
    public struct Evaluator: Sendable {
        public let triads: Triads
        let table: [Double]

        public init(triads: Triads) {
            self.triads = triads
            let n = keyCount
            var table = [Double](repeating: 0, count: n * n * n)
            for p in 0..<n {
                for q in 0..<n {
                    for r in 0..<n {
                        let e = triadEffort(p, q, r)
                        table[(p * n + q) * n + r] = e.base + e.penalty + e.path
                    }
                }
            }
            self.table = table
        }

        public func effort(keys key: [Int]) -> Double {
            let n = keyCount
            var sum = 0.0
            for (a, b, c, count) in triads.triads {
                sum += table[(key[Int(a)] * n + key[Int(b)]) * n + key[Int(c)]] * Double(count)
            }
            return sum / Double(max(triads.total, 1))
        }

        public func effort(_ layout: Layout) -> Double { effort(keys: layout.letterKeys()) }
    }

    public struct SearchResult: Sendable {
        public var best: Layout
        public var bestEffort: Double
        public var evaluations: Int
        public var anneals: Int
    }

    /// Minimises the effort from `start`: repeated anneals with carpalx's own move (1 to 3 random swaps among the
    /// mask's keys) and temperature law T(i) = 10 exp(-10 i / N), p = exp(-|dE| / T), over `stepsPerAnneal` steps,
    /// each followed by steepest descent over single swaps; the next anneal starts from the best so far. Every move
    /// is a full re-score over the kept triads (`Evaluator.effort`).
    public static func search(start: Layout, evaluator: Evaluator, seed: UInt64, stepsPerAnneal: Int = 20_000,
                              maxAnneals: Int = .max, onImprovement: (Double) -> Void = { _ in },
                              shouldStop: (Int) -> Bool) -> SearchResult {
        var rng = Keygen.SplitMix(seed)
        let movable = movableKeys
        var best = start, bestEffort = evaluator.effort(start)
        var evaluations = 1, anneals = 0
        outer: while anneals < maxAnneals {
            anneals += 1
            var current = best, currentEffort = bestEffort
            var keys = current.letterKeys()
            for i in 1...stepsPerAnneal {
                var candidate = current
                for _ in 0..<(Int(rng.next() % 3) + 1) {
                    let x = Int(rng.next() % UInt64(movable.count))
                    var y = Int(rng.next() % UInt64(movable.count - 1))
                    if y >= x { y += 1 }
                    candidate.swapKeys(movable[x], movable[y])
                }
                let candidateKeys = candidate.letterKeys()
                let candidateEffort = evaluator.effort(keys: candidateKeys)
                evaluations += 1
                let delta = candidateEffort - currentEffort
                let temperature = 10 * DeterministicMath.exp(-Double(i) * 10 / Double(stepsPerAnneal))
                if delta < 0 || rng.unit() < DeterministicMath.exp(-abs(delta) / temperature) {
                    current = candidate; currentEffort = candidateEffort; keys = candidateKeys
                    if currentEffort < bestEffort { best = current; bestEffort = currentEffort; onImprovement(bestEffort) }
                }
                if evaluations & 63 == 0 && shouldStop(evaluations) { break outer }
            }
            _ = keys
            var improved = true
            while improved {
                improved = false
                var bestSwap: (Int, Int)? = nil, bestSwapEffort = currentEffort
                for x in 0..<movable.count {
                    for y in (x + 1)..<movable.count {
                        current.swapKeys(movable[x], movable[y])
                        let e = evaluator.effort(current)
                        evaluations += 1
                        if e < bestSwapEffort { bestSwapEffort = e; bestSwap = (x, y) }
                        current.swapKeys(movable[x], movable[y])
                    }
                }
                if let (x, y) = bestSwap { current.swapKeys(movable[x], movable[y]); currentEffort = bestSwapEffort; improved = true }
                if shouldStop(evaluations) { break }
            }
            if currentEffort < bestEffort { best = current; bestEffort = currentEffort; onImprovement(bestEffort) }
            if shouldStop(evaluations) { break }
        }
        return SearchResult(best: best, bestEffort: bestEffort, evaluations: evaluations, anneals: anneals)
    }
}
