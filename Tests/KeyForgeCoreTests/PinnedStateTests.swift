import Testing
@testable import KeyForgeCore

/// States pinned to a search's movable keys (`LayoutState(movableKeys:)`, `FastPathIndex`): the fast symbols of
/// the other keys keep no current trigram weights, and every delta must still be the unpinned state's.
@Suite("Pinned layout states")
struct PinnedStateTests {
    /// The split board's layout with its thumbs (SPACE, ENTER), its outer columns and its bottom row's
    /// punctuation pinned: the letters move, and many of their trigrams have a pinned partner (SPACE).
    static let movable: [Int] = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 25, 26, 27, 28, 29, 30, 31]

    @Test("after each of 5 000 seeded swaps of movable keys, the pinned state's delta equals the unpinned one's and its score the full score")
    func movableSwaps() throws {
        let exact = try OptimizedFixtures.exact(OptimizedFixtures.split42())
        let scorer = OptimizedScorer(exact: exact)
        var pinned = try LayoutState(layout: OptimizedFixtures.splitLayout, scorer: scorer, movableKeys: Self.movable)
        var unpinned = try scorer.state(OptimizedFixtures.splitLayout)
        #expect(pinned.fast.hasPinned)
        #expect(!unpinned.fast.hasPinned)
        #expect(pinned.raw == unpinned.raw)
        var random = SplitMix64(seed: 7)
        for step in 0..<5_000 {
            let a = Self.movable[random.next(below: Self.movable.count)], b = Self.movable[random.next(below: Self.movable.count)]
            let delta = scorer.swapDelta(pinned, a, b)
            guard delta == scorer.swapDelta(unpinned, a, b) else {
                Issue.record("step \(step), swap \(a) \(b): pinned delta \(delta), unpinned \(scorer.swapDelta(unpinned, a, b))")
                return
            }
            pinned.applySwap(a, b, delta: delta)
            unpinned.applySwap(a, b, delta: delta)
            let full = scorer.rawScore(pinned)
            guard pinned.raw == full else {
                Issue.record("step \(step), swap \(a) \(b): delta-updated \(pinned.raw), full \(full)")
                return
            }
        }
        // Swaps of movable keys never move a pinned symbol, so the pinning stays.
        #expect(pinned.fast.hasPinned)
        #expect(pinned.raw == exact.rawScore(pinned.layout))
    }

    @Test("a swap that moves a pinned symbol is priced exactly, and applying it drops the pinning and stays exact")
    func pinnedSymbolMoves() throws {
        let exact = try OptimizedFixtures.exact(OptimizedFixtures.split42())
        let scorer = OptimizedScorer(exact: exact)
        var pinned = try LayoutState(layout: OptimizedFixtures.splitLayout, scorer: scorer, movableKeys: Self.movable)
        let unpinned = try scorer.state(OptimizedFixtures.splitLayout)
        // Key 38 holds SPACE (pinned), key 14 holds `s` (movable): the delta reads SPACE's weights.
        #expect(pinned.symbol(onKey: 38) == "SPACE")
        #expect(pinned.movesPinned(pinned.tokens[38]) && !pinned.movesPinned(pinned.tokens[14]))
        let delta = scorer.swapDelta(pinned, 14, 38)
        #expect(delta == scorer.swapDelta(unpinned, 14, 38))
        #expect(pinned.fast.hasPinned)  // pricing does not change the state
        pinned.applySwap(14, 38, delta: delta)
        #expect(!pinned.fast.hasPinned)
        #expect(pinned.raw == scorer.rawScore(pinned))
        var random = SplitMix64(seed: 11)
        let keyCount = exact.model.keyCount
        for step in 0..<2_000 {
            let a = random.next(below: keyCount), b = random.next(below: keyCount)
            scorer.applySwap(&pinned, a, b)
            let full = scorer.rawScore(pinned)
            guard pinned.raw == full else {
                Issue.record("step \(step), swap \(a) \(b): delta-updated \(pinned.raw), full \(full)")
                return
            }
        }
        #expect(pinned.raw == exact.rawScore(pinned.layout))
    }

    @Test("merging runs of groups keeps every element and empties the merged groups")
    func mergedGroups() {
        // Runs of 4 groups: (0, 1, 2, 3) and (4, 5, 6, 7); elements are their group numbers.
        let items = [(0, 0), (1, 1), (1, 1), (2, 2), (3, 3), (4, 4), (6, 6), (7, 7), (7, 7)].map { (group: $0.0, element: $0.1) }
        let list = GroupedList(groupCount: 8, items: items)
        let merged = list.merged(by: 4, first: 3, into: 0)
        #expect(merged.elements == list.elements)
        // Groups 0 ..< 3 of each run become group 0 (1, 2 empty); group 3 stays itself.
        #expect(merged.range(0).map { merged.elements[$0] } == [0, 1, 1, 2])
        #expect(merged.range(1).isEmpty && merged.range(2).isEmpty)
        #expect(merged.range(3).map { merged.elements[$0] } == [3])
        #expect(merged.range(4).map { merged.elements[$0] } == [4, 6])
        #expect(merged.range(5).isEmpty && merged.range(6).isEmpty)
        #expect(merged.range(7).map { merged.elements[$0] } == [7, 7])
        // Into the second group of each run: the first is left empty before it.
        let second = list.merged(by: 4, first: 3, into: 1)
        #expect(second.elements == list.elements)
        #expect(second.range(0).isEmpty && second.range(2).isEmpty)
        #expect(second.range(1).map { second.elements[$0] } == [0, 1, 1, 2])
        #expect(second.range(3).map { second.elements[$0] } == [3])
        #expect(second.range(4).isEmpty && second.range(6).isEmpty)
        #expect(second.range(5).map { second.elements[$0] } == [4, 6])
        #expect(second.range(7).map { second.elements[$0] } == [7, 7])
    }
}
