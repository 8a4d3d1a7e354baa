/// How the rounds of a replica begin (docs/PHYSICS.md section 5): the start layout of each round and
/// the pool of distinct good layouts (elites) that later rounds draw on.

/// Where a round starts.
public enum RoundStart: String, Sendable, Equatable, CaseIterable {
    /// The given start layout (round 0 only).
    case given
    /// A fresh seeded shuffle of the movable keys, annealed from T0.
    case fresh
    /// The best layout of the current line (the rounds since the last fresh start, round 0 opening the
    /// first), kicked by `kickSwaps` random swaps and reheated to `reheatPhase`.
    case best
    /// The replica's best with the keys on which it and another elite disagree shuffled among
    /// themselves (the keys both agree on stay), reheated to `reheatPhase`.
    case cross
}

/// One finished round, for traces and benches.
public struct RoundReport: Sendable, Equatable {
    /// The round's index (0 first).
    public var round: Int
    /// How it started.
    public var start: RoundStart
    /// The replica's steps when it ended.
    public var steps: Int64
    /// The round's own result (fixed point).
    public var score: Int64
    /// The replica's best after it (fixed point).
    public var best: Int64
}

/// The best few distinct layouts a replica has ended rounds with, best first (by score; one layout per score).
struct Elites {
    let capacity: Int
    private(set) var members: [(state: LayoutState, total: Int64)] = []

    init(capacity: Int) { self.capacity = max(1, capacity) }

    mutating func offer(_ state: LayoutState, total: Int64) {
        guard !members.contains(where: { $0.total == total }) else { return }
        if members.count == capacity {
            guard let last = members.last, total < last.total else { return }
            members.removeLast()
        }
        let index = members.firstIndex { $0.total > total } ?? members.count
        members.insert((state, total), at: index)
    }
}

extension Annealer {
    /// Prepares `state` (the given start) for a round of kind `kind`; returns the schedule phase at which
    /// its anneal begins (0 = T0). `line` is the best of the current line: a fresh round that lands in a
    /// good basin whose score is still worse than the replica's best gets its own B rounds, instead of
    /// every B round going back to the one basin the best sits in.
    func begin(_ kind: RoundStart, state: inout LayoutState, best: LayoutState, line: LayoutState, elites: Elites, movable: [Int],
               rng: inout SplitMix64) -> Double {
        switch kind {
        case .given:
            return 0
        case .fresh:
            shuffle(&state, keys: movable, rng: &rng)
            return 0
        case .best:
            state = line
            let swaps = parameters.kickSwaps > 0 ? parameters.kickSwaps : max(2, movable.count / 8)
            kick(&state, swaps: swaps, movable: movable, rng: &rng)
            return parameters.reheatPhase
        case .cross:
            let others = elites.members.filter { $0.total != scorer.normalized(best.raw).total }
            guard !others.isEmpty else {
                shuffle(&state, keys: movable, rng: &rng)
                return 0
            }
            let other = others[rng.next(below: others.count)].state
            state = best
            let differing = movable.filter { best.tokens[$0] != other.tokens[$0] }
            shuffle(&state, keys: differing, rng: &rng)
            return parameters.reheatPhase
        }
    }

    /// A uniform random permutation of the symbols on `keys` (Fisher-Yates, as swaps).
    func shuffle(_ state: inout LayoutState, keys: [Int], rng: inout SplitMix64) {
        var index = keys.count - 1
        while index > 0 {
            let other = rng.next(below: index + 1)
            if other != index { _ = scorer.applySwap(&state, keys[index], keys[other]) }
            index -= 1
        }
    }

    /// A few random swaps of movable keys (the kick that leaves a basin before a reheated round).
    func kick(_ state: inout LayoutState, swaps: Int, movable: [Int], rng: inout SplitMix64) {
        for _ in 0..<swaps {
            let a = movable[rng.next(below: movable.count)], b = movable[rng.next(below: movable.count)]
            if a != b { _ = scorer.applySwap(&state, a, b) }
        }
    }
}
