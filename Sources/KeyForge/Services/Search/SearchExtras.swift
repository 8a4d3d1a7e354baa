import KeyForgeCore

/// What `keyforge search --magic N --magic-key K --repeat-key K` adds to the start layout (issue 26):
/// REPEAT and MAGIC keys, N free magic rules to choose, and the candidate rules a search draws from.
package enum SearchExtras {
    /// How many of the most frequent bigrams become rule candidates (at least; 6 per free rule above that).
    package static let minimumCandidates = 48
    /// The most free rules `--magic` takes.
    package static let maxFreeRules = 64

    /// The start layout with the keys and rules, the rule candidates, and the free rule slots.
    ///
    /// - `repeatKey` / `magicKey`: put REPEAT / MAGIC on that key (its symbol is replaced). With `magic`
    ///   above 0, no MAGIC key on the layout and no `magicKey`, MAGIC goes on the first empty thumb key
    ///   (finger 0), else the first empty key.
    /// - The start layout's rules are pinned; `magic` more rules are added, first the most frequent
    ///   candidate bigrams with distinct first symbols, and the search may change only those.
    /// - Candidates: the most frequent bigrams (a, b) of two different symbols where b is on the layout
    ///   (a rule typing an unplaced symbol does nothing) and no pinned rule follows a.
    package static func prepare(start: Layout, keyboard: Keyboard, corpus: NGramCorpus, magic: Int, magicKey: Int?,
                                repeatKey: Int?) throws(InputError) -> (layout: Layout, candidates: [MagicRule], freeSlots: [Int]) {
        var layout = start
        for (option, key) in [("--repeat-key", repeatKey), ("--magic-key", magicKey)] {
            guard let key else { continue }
            guard keyboard.keys.indices.contains(key) else {
                throw InputError(.invalid, source: option, "key index \(key) is not on \(keyboard.name) (0 ... \(keyboard.keys.count - 1))")
            }
        }
        if let repeatKey { layout.symbols[repeatKey] = Layout.repeatSymbol }
        if let magicKey {
            guard magicKey != repeatKey else { throw InputError(.invalid, source: "--magic-key", "is the same key as --repeat-key") }
            layout.symbols[magicKey] = Layout.magicSymbol
        }
        guard magic > 0 else { return (layout, [], []) }
        guard magic <= maxFreeRules else { throw InputError(.invalid, source: "--magic", "takes at most \(maxFreeRules) rules") }
        if !layout.symbols.contains(Layout.magicSymbol) {
            let empty = layout.symbols.indices.filter { layout.symbols[$0] == nil }
            guard let key = empty.first(where: { keyboard.keys[$0].finger == 0 }) ?? empty.first else {
                throw InputError(.invalid, source: "--magic", "the layout has no MAGIC key and no empty key for one: give --magic-key")
            }
            layout.symbols[key] = Layout.magicSymbol
        }
        let symbols = corpus.symbols
        var placed = Set(layout.symbols.compactMap { $0 })
        for layer in layout.layers { placed.formUnion(layer.symbols.compactMap { $0 }) }
        let pinnedAfters = Set(start.magicRules.map(\.after))
        let wanted = max(minimumCandidates, 6 * magic)
        let candidates = corpus.bigrams
            .filter { $0.a != $0.b && placed.contains(symbols[Int($0.b)]) && !pinnedAfters.contains(symbols[Int($0.a)]) }
            .sorted { ($0.count, $1.a, $1.b) > ($1.count, $0.a, $0.b) }
            .prefix(wanted)
            .map { MagicRule(after: symbols[Int($0.a)], output: symbols[Int($0.b)]) }
        var afters = pinnedAfters
        var freeSlots: [Int] = []
        for rule in candidates where freeSlots.count < magic && afters.insert(rule.after).inserted {
            freeSlots.append(layout.magicRules.count)
            layout.magicRules.append(rule)
        }
        guard freeSlots.count == magic else {
            throw InputError(.invalid, source: "--magic", "the corpus has only \(freeSlots.count) candidate rules with distinct first symbols")
        }
        return (layout, Array(candidates), freeSlots)
    }
}
