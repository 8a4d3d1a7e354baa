/// The n-grams of one layout that the general path prices: those with a symbol on several keys.
///
/// A symbol on several keys (duplicate keys, docs/adr/0009-optimal-typist.md) is "general": its n-grams are priced as the
/// minimum over every combination of keys, like the exact tier does. When the board has no dense
/// trigram table every placed symbol is general. A swap only exchanges two keys' symbols, so which
/// symbols are placed and how many keys each has never change: this index is built once per layout
/// lineage and shared by every state that descends from it. N-grams with an unplaced symbol are left
/// out (they cost nothing before and after any swap).
struct GeneralNGramIndex: Sendable {
    /// True for each corpus symbol priced by the general path.
    let isGeneral: [Bool]
    /// True when some symbol is general.
    let isActive: Bool
    /// Indexes (into `SymbolNGramIndex.bigrams`) of every placed bigram with a general symbol.
    let bigrams: [Int32]
    /// Indexes (into `SymbolNGramIndex.trigrams`) of every placed kept trigram with a general symbol.
    let trigrams: [Int32]
    /// The same bigram indexes grouped by each distinct symbol they contain.
    let bigramsBySymbol: GroupedList<Int32>
    /// The same trigram indexes grouped by each distinct symbol they contain.
    let trigramsBySymbol: GroupedList<Int32>

    /// Collects the general n-grams of `index` for a layout where `isPlaced` and `isGeneral` hold.
    init(index: SymbolNGramIndex, isPlaced: [Bool], isGeneral: [Bool]) {
        self.isGeneral = isGeneral
        isActive = isGeneral.contains(true)
        var bigrams: [Int32] = []
        var bigramItems: [(group: Int, element: Int32)] = []
        var trigrams: [Int32] = []
        var trigramItems: [(group: Int, element: Int32)] = []
        if isActive {
            for (position, entry) in index.bigrams.enumerated() {
                let symbols = [Int(entry.a), Int(entry.b)]
                guard symbols.allSatisfy({ isPlaced[$0] }), symbols.contains(where: { isGeneral[$0] }) else { continue }
                bigrams.append(Int32(position))
                for (offset, symbol) in symbols.enumerated() where !symbols[..<offset].contains(symbol) {
                    bigramItems.append((symbol, Int32(position)))
                }
            }
            for (position, entry) in index.trigrams.enumerated() {
                let symbols = [Int(entry.a), Int(entry.b), Int(entry.c)]
                guard symbols.allSatisfy({ isPlaced[$0] }), symbols.contains(where: { isGeneral[$0] }) else { continue }
                trigrams.append(Int32(position))
                for (offset, symbol) in symbols.enumerated() where !symbols[..<offset].contains(symbol) {
                    trigramItems.append((symbol, Int32(position)))
                }
            }
        }
        self.bigrams = bigrams
        self.trigrams = trigrams
        bigramsBySymbol = GroupedList(groupCount: index.symbolCount, items: bigramItems)
        trigramsBySymbol = GroupedList(groupCount: index.symbolCount, items: trigramItems)
    }
}
