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
struct FastPathIndex: Sendable {
    /// Each corpus symbol's ordinal among the fast symbols, or -1.
    let ordinal: [Int32]
    /// The number of fast symbols.
    let fastCount: Int
    /// Packed bigram entries, at group `symbol · 2 + position` (as in `SymbolNGramIndex.bigramPartners`).
    let bigrams: GroupedList<UInt64>
    /// Packed trigram entries, at group `symbol · 3 + position` (as in `SymbolNGramIndex.trigramPartners`).
    let trigrams: GroupedList<UInt64>
    /// Packed repeat entries with a fast other symbol, at group `symbol`.
    let repeats: GroupedList<UInt64>
    /// The count of the trigram of each fast symbol three times (0 for other symbols).
    let tripleCount: [Int64]

    /// Packs the entries of `index` for a layout whose fast symbols are those with `isFast`.
    init(index: SymbolNGramIndex, isFast: [Bool]) {
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
                    trigramItems.append((group, UInt64(entry.count) << 32 | UInt64(first) << 16 | UInt64(second)))
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
                    repeatItems.append((symbol, UInt64(term.count) << 32 | UInt64(term.otherMask) << 16 | UInt64(other)))
                }
            }
        }
        self.tripleCount = tripleCount
        repeats = GroupedList(groupCount: trigramRepeats.groupCount, items: repeatItems)
        bigrams = GroupedList(groupCount: bigramPartners.groupCount, items: bigramItems)
        trigrams = GroupedList(groupCount: trigramPartners.groupCount, items: trigramItems)
    }
}
