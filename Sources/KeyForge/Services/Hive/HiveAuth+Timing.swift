import KeyForgeSystem

extension HiveAuth {
    /// The least time per comparison of three tokens, in nanoseconds, and their spread.
    package struct Timing {
        /// The right token.
        package var right: Double
        /// A token wrong in its first byte.
        package var firstByteWrong: Double
        /// A token wrong in its last byte.
        package var lastByteWrong: Double
        /// Comparisons that said "equal" (keeps the work observable; batches × calls ÷ 3 or so).
        package var rightAnswers: Int

        /// The largest time over the smallest: 1.0 means no measurable difference.
        package var spread: Double {
            let all = [right, firstByteWrong, lastByteWrong]
            return (all.max() ?? 1) / (all.min() ?? 1)
        }
    }

    /// Times `constantTimeEqual` for a token that is right, wrong in its first byte and wrong in its last: the least
    /// time per call over many short batches. Batches are short (about 0.1 ms, well inside a scheduler slice) and the
    /// three candidates take turns in all six orders, so a busy moment of the machine cannot fall on one candidate only.
    package static func measureTiming(batches: Int, calls: Int) -> Timing {
        let secret = Array(String(repeating: "k3yf0rge-secret-", count: 4).utf8)
        var first = secret, last = secret
        first[0] ^= 1
        last[last.count - 1] ^= 1
        var sink = 0
        // Sixteen copies of each taken in turn, so the optimizer cannot hoist one comparison out of the loop.
        let candidates = [secret, first, last].map { candidate in (0..<16).map { _ in Array(candidate) } }
        let orders = [[0, 1, 2], [1, 2, 0], [2, 0, 1], [0, 2, 1], [2, 1, 0], [1, 0, 2]]
        var best = [Double](repeating: .infinity, count: candidates.count)
        for batch in 0..<batches {
            for index in orders[batch % orders.count] {
                let copies = candidates[index]
                let start = MonotonicClock.nanoseconds()
                for call in 0..<calls where constantTimeEqual(copies[call & 15], secret) { sink &+= 1 }
                best[index] = min(best[index], Double(MonotonicClock.nanoseconds() - start) / Double(calls))
            }
        }
        return Timing(right: best[0], firstByteWrong: best[1], lastByteWrong: best[2], rightAnswers: sink)
    }
}
