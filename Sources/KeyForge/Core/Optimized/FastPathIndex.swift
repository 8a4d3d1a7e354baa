/// The fast path's n-gram entries for one layout lineage, packed for the delta loops.
///
/// The fast symbols (on exactly one key) are numbered 0 ..< `fastCount` ("ordinals"). Each entry of a
/// symbol's partner lists whose partners are all fast is packed in one word: for a bigram
/// `count << 32 | ordinal(other)`, for a trigram `count << 32 | ordinal(first) << 16 | ordinal(second)`
/// (the other two symbols in trigram order). Entries with a partner that is unplaced or on several
/// keys cost nothing on the fast path and are left out (the general path prices the latter). The
/// trigrams where a fast symbol repeats and the one other symbol is fast are in `repeats`, packed as
/// `count << 32 | otherMask << 16 | ordinal(other)` (bit i of the mask for position i). Which symbols
/// are fast never changes under swaps, so this index is built once per layout lineage and shared by
/// every copy of the state.
///
/// A search moves only the symbols of its movable keys, and the trigram weights of a symbol
/// (`FastPositions`) are read only when that symbol moves. So the index can **pin** the fast symbols that
/// no swap will move (those on the other keys): their weights are not kept current. Each symbol's
/// trigram entries of one orientation are split by which partners are not pinned (both, only the
/// first, only the second, neither; `Kept`), so that a move rewrites the weights of the kept
/// partners without a test per entry; the repeat entries likewise (other symbol kept, pinned). An entry
/// whose two partners are one symbol changes no partner's weights and has a part of its own. Without
/// pinning every other entry is in the first part. A state whose pinned symbol is about to move or be priced
/// drops the pinning (`unpinned()`) and rebuilds its weights.
struct FastPathIndex: Sendable {
    /// Which partners of a trigram entry have their weights kept current (the parts of an orientation's entries).
    enum Kept: Int, CaseIterable {
        /// Both partners kept, only the first, only the second, neither (both pinned).
        case both = 0, first, second, neither
        /// The two partners are one symbol: (symbol, u, u) is a repeat of u, priced by u's repeat terms,
        /// so a move of the symbol changes no partner's weights.
        case same

        /// The number of parts (groups) per symbol and position.
        @inline(__always)
        static var partCount: Int { 5 }
    }
    /// Each corpus symbol's ordinal among the fast symbols, or -1.
    let ordinal: [Int32]
    /// The number of fast symbols.
    let fastCount: Int
    /// Packed bigram entries, at group `symbol · 2 + position` (as in `SymbolNGramIndex.bigramPartners`).
    let bigrams: GroupedList<UInt64>
    /// Packed trigram entries, at group `(symbol · 3 + position) · 5 + kept` (position as in
    /// `SymbolNGramIndex.trigramPartners`, `kept` a `Kept`); the five parts of one position are adjacent.
    let trigrams: GroupedList<UInt64>
    /// Packed repeat entries with a fast other symbol, at group `symbol · 2` (other symbol kept) and
    /// `symbol · 2 + 1` (other symbol pinned), adjacent.
    let repeats: GroupedList<UInt64>
    /// Each corpus symbol: true when it is fast and pinned (its trigram weights are not kept current).
    let isPinned: [Bool]
    /// True when some symbol is pinned.
    let hasPinned: Bool
    /// The count of the trigram of each fast symbol three times (0 for other symbols).
    let tripleCount: [Int64]

    /// Packs the entries of `index` for a layout whose fast symbols are those with `isFast`, pinning the
    /// fast symbols with `isPinned` (none when it is nil).
    init(index: SymbolNGramIndex, isFast: [Bool], isPinned pinnedSymbols: [Bool]? = nil) {
        let isPinned = isFast.indices.map { isFast[$0] && (pinnedSymbols?[$0] ?? false) }
        self.isPinned = isPinned
        hasPinned = isPinned.contains(true)
        var ordinal = [Int32](repeating: -1, count: isFast.count)
        var fastCount = 0
        for symbol in isFast.indices where isFast[symbol] {
            ordinal[symbol] = Int32(fastCount)
            fastCount += 1
        }
        self.ordinal = ordinal
        self.fastCount = fastCount
        var bigramItems: [(group: Int, element: UInt64)] = []
        let bigramPartners = index.bigramPartners
        for group in 0..<bigramPartners.groupCount where isFast[group / 2] {
            for slot in bigramPartners.range(group) {
                let entry = bigramPartners.elements[slot]
                let other = ordinal[Int(entry.other)]
                if other >= 0 { bigramItems.append((group, UInt64(entry.count) << 32 | UInt64(other))) }
            }
        }
        var trigramItems: [(group: Int, element: UInt64)] = []
        let trigramPartners = index.trigramPartners
        for group in 0..<trigramPartners.groupCount where isFast[group / 3] {
            for slot in trigramPartners.range(group) {
                let entry = trigramPartners.elements[slot]
                let first = ordinal[Int(entry.first)], second = ordinal[Int(entry.second)]
                if first >= 0 && second >= 0 {
                    // (symbol, u, u) is a repeat of u, priced by u's repeat terms: its weight is the symbol's only.
                    let kept: Kept = switch (entry.first == entry.second, isPinned[Int(entry.first)], isPinned[Int(entry.second)]) {
                    case (true, _, _): .same
                    case (false, true, true): .neither
                    case (false, false, false): .both
                    case (false, false, true): .first
                    case (false, true, false): .second
                    }
                    trigramItems.append((group * Kept.partCount + kept.rawValue,
                                         UInt64(entry.count) << 32 | UInt64(first) << 16 | UInt64(second)))
                }
            }
        }
        var repeatItems: [(group: Int, element: UInt64)] = []
        var tripleCount = [Int64](repeating: 0, count: isFast.count)
        let trigramRepeats = index.trigramRepeats
        for symbol in 0..<trigramRepeats.groupCount where isFast[symbol] {
            for slot in trigramRepeats.range(symbol) {
                let term = trigramRepeats.elements[slot]
                let other = ordinal[Int(term.other)]
                if term.otherMask == 0 {
                    tripleCount[symbol] += Int64(term.count)
                } else if other >= 0 {
                    repeatItems.append((symbol * 2 + (isPinned[Int(term.other)] ? 1 : 0),
                                        UInt64(term.count) << 32 | UInt64(term.otherMask) << 16 | UInt64(other)))
                }
            }
        }
        self.tripleCount = tripleCount
        repeats = GroupedList(groupCount: trigramRepeats.groupCount * 2, items: repeatItems)
        bigrams = GroupedList(groupCount: bigramPartners.groupCount, items: bigramItems)
        // By partners within each group, so that a move's writes to one partner's weights come together.
        trigramItems.sort { ($0.group, UInt32(truncatingIfNeeded: $0.element)) < ($1.group, UInt32(truncatingIfNeeded: $1.element)) }
        trigrams = GroupedList(groupCount: trigramPartners.groupCount * Kept.partCount, items: trigramItems)
    }

    private init(_ pinned: FastPathIndex) {
        ordinal = pinned.ordinal
        fastCount = pinned.fastCount
        bigrams = pinned.bigrams
        tripleCount = pinned.tripleCount
        isPinned = [Bool](repeating: false, count: pinned.isPinned.count)
        hasPinned = false
        trigrams = pinned.trigrams.merged(by: Kept.partCount, first: Kept.same.rawValue, into: Kept.both.rawValue)
        repeats = pinned.repeats.merged(by: 2, first: 2, into: 0)
    }

    /// The same index with no symbol pinned: the parts of each position but `same` become `both` (and both
    /// of each symbol's repeats one), with the same elements.
    func unpinned() -> FastPathIndex {
        hasPinned ? FastPathIndex(self) : self
    }

    /// The trigram entries of `symbol` at `position` (all parts).
    @inline(__always)
    func trigramRange(_ symbol: Int, position: Int) -> Range<Int> {
        let parts = Kept.partCount, group = (symbol &* 3 &+ position) &* parts
        return Int(trigrams.starts[group]) ..< Int(trigrams.starts[group &+ parts])
    }

    /// The repeat entries of `symbol` (both parts).
    @inline(__always)
    func repeatRange(_ symbol: Int) -> Range<Int> {
        Int(repeats.starts[symbol &* 2]) ..< Int(repeats.starts[symbol &* 2 &+ 2])
    }
}
