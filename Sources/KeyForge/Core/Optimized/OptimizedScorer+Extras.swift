/// The optimized tier on a layout with extras: the single-layer paths plus a correction for the
/// affected n-grams (`ExtrasState`), each priced over ways exactly as `ExactScorer+Ways` does, minus
/// what the single-layer paths charge for it.
///
/// Every price is taken under the transposition σ = (a b) of keys, as the general path does: the
/// identity (a = b = -1) for the current layout, the swap for its delta. Under σ a base way and a
/// shift-layer way map both keys, an extra layer's way maps only its layer key (the layer stays), and a
/// pair whose layer key lands on its own key is no way. A swap re-prices only the affected n-grams of
/// the symbols whose ways read a or b, or all of them when a or b carries a layer key, REPEAT or MAGIC.
extension OptimizedScorer {
    /// Reused buffers for the ways of an n-gram's symbols.
    struct WayScratch {
        var first: [TypingWays.Way] = []
        var second: [TypingWays.Way] = []
        var third: [TypingWays.Way] = []
        init() {
            first.reserveCapacity(8)
            second.reserveCapacity(8)
            third.reserveCapacity(8)
        }
    }

    /// The change in every raw sum (mono, bi, tri, both hand masses, unplaced mass) if keys `a` and `b`
    /// exchanged their symbols in `state` (base and shift layer; see `Layout.swapping`): the single-layer
    /// paths' change (`baseSwapDelta`) plus, for a layout with extras, the change of the correction.
    ///
    /// Empty keys and symbols the corpus does not have move too but cost nothing; a swap of two keys
    /// carrying the same symbol changes nothing. `a` and `b` must be keys of the board.
    public func swapDelta(_ state: LayoutState, _ a: Int, _ b: Int) -> RawScore {
        guard state.extras != nil else { return baseSwapDelta(state, a, b) }
        return baseSwapDelta(state, a, b) + extrasSwapDelta(state, a, b)
    }

    /// The change of the correction when keys `a` and `b` swap in `state` (zero without extras).
    func extrasSwapDelta(_ state: LayoutState, _ a: Int, _ b: Int) -> RawScore {
        guard let extras = state.extras, a != b else { return RawScore() }
        var scratch = WayScratch()
        guard let moved = extras.movedSymbols(a, b, tokenA: state.tokens[a], tokenB: state.tokens[b],
                                              symbolCount: index.symbolCount) else {
            return extrasTotal(extras, a, b, &scratch) - extrasTotal(extras, -1, -1, &scratch)
        }
        var delta = RawScore()
        let bigrams = index.bigrams, trigrams = index.trigrams
        for (rank, symbol) in moved.enumerated() {
            // An n-gram with two moved symbols is priced by the first of them only.
            let earlier = moved[..<rank]
            if extras.index.hasUnigram[Int(symbol)] {
                delta += unigramCorrection(Int(symbol), extras, a, b, &scratch)
                    - unigramCorrection(Int(symbol), extras, -1, -1, &scratch)
            }
            for slot in extras.index.bigramsBySymbol.range(Int(symbol)) {
                let entry = bigrams[Int(extras.index.bigramsBySymbol.elements[slot])]
                if earlier.contains(entry.a) || earlier.contains(entry.b) { continue }
                delta.bi &+= Int64(entry.count)
                    &* (bigramCorrection(entry, extras, a, b, &scratch) &- bigramCorrection(entry, extras, -1, -1, &scratch))
            }
            for slot in extras.index.trigramsBySymbol.range(Int(symbol)) {
                let entry = trigrams[Int(extras.index.trigramsBySymbol.elements[slot])]
                if earlier.contains(entry.a) || earlier.contains(entry.b) || earlier.contains(entry.c) { continue }
                delta.tri &+= Int64(entry.count)
                    &* (trigramCorrection(entry, extras, a, b, &scratch) &- trigramCorrection(entry, extras, -1, -1, &scratch))
            }
        }
        return delta
    }

    /// The correction of every affected n-gram of `state` (zero without extras).
    func extrasTotal(_ state: LayoutState) -> RawScore {
        guard let extras = state.extras else { return RawScore() }
        var scratch = WayScratch()
        return extrasTotal(extras, -1, -1, &scratch)
    }

    /// The correction of every affected n-gram under σ = (a b).
    private func extrasTotal(_ extras: ExtrasState, _ a: Int, _ b: Int, _ scratch: inout WayScratch) -> RawScore {
        var raw = RawScore()
        for symbol in extras.index.unigrams { raw += unigramCorrection(Int(symbol), extras, a, b, &scratch) }
        for position in extras.index.bigrams {
            let entry = index.bigrams[Int(position)]
            raw.bi &+= Int64(entry.count) &* bigramCorrection(entry, extras, a, b, &scratch)
        }
        for position in extras.index.trigrams {
            let entry = index.trigrams[Int(position)]
            raw.tri &+= Int64(entry.count) &* trigramCorrection(entry, extras, a, b, &scratch)
        }
        return raw
    }

    /// `key` mapped through σ = (a b).
    @inline(__always)
    private static func mapped(_ key: Int32, _ a: Int, _ b: Int) -> Int {
        let key = Int(key)
        return key == a ? b : key == b ? a : key
    }

    /// The ways of `symbol` under σ = (a b) into `buffer`, in no particular order; with `baseOnly` only
    /// its base keys (what the single-layer paths see).
    @inline(__always)
    private static func collect(_ symbol: Int, _ extras: ExtrasState, _ a: Int, _ b: Int, baseOnly: Bool,
                                into buffer: inout [TypingWays.Way]) {
        buffer.removeAll(keepingCapacity: true)
        for candidate in extras.ways[symbol] {
            if baseOnly && candidate.layer != 0 { continue }
            let prefix = candidate.prefix >= 0 ? mapped(candidate.prefix, a, b) : -1
            let key = candidate.keyMoves ? mapped(candidate.key, a, b) : Int(candidate.key)
            if candidate.layer > 0 && prefix == key { continue }
            buffer.append(TypingWays.Way(prefix: prefix, key: key, layer: Int(candidate.layer)))
        }
    }

    /// The cheapest own cost of `ways` (nonempty).
    @inline(__always)
    private static func cheapestOwn(_ ways: [TypingWays.Way], _ model: CostModel) -> Int64 {
        var best = Int64.max
        for way in ways { best = min(best, model.ownCost(way)) }
        return best
    }

    /// Price over ways minus single-layer price of `symbol`'s monogram under σ = (a b): mono, hand
    /// masses (of the layer key and the key of the chosen way) and unplaced mass.
    func unigramCorrection(_ symbol: Int, _ extras: ExtrasState, _ a: Int, _ b: Int,
                                   _ scratch: inout WayScratch) -> RawScore {
        let model = exact.model
        let count = index.unigramCount[symbol]
        var raw = RawScore()
        Self.collect(symbol, extras, a, b, baseOnly: false, into: &scratch.first)
        if scratch.first.isEmpty {
            raw.unplacedMass &+= count
        } else {
            // The cheapest way, ties to the first in the ways' order: (layer, layer key, key).
            var best = scratch.first[0], bestCost = model.ownCost(best)
            for way in scratch.first.dropFirst() {
                let cost = model.ownCost(way)
                if cost < bestCost || (cost == bestCost && (way.layer, way.prefix, way.key) < (best.layer, best.prefix, best.key)) {
                    best = way
                    bestCost = cost
                }
            }
            raw.mono &+= count &* bestCost
            for key in [best.prefix, best.key] where key >= 0 && model.finger[key] != 0 {
                if model.hand[key] == 0 { raw.leftMass &+= count } else { raw.rightMass &+= count }
            }
        }
        Self.collect(symbol, extras, a, b, baseOnly: true, into: &scratch.first)
        if scratch.first.isEmpty {
            raw.unplacedMass &-= count
        } else {
            var best = scratch.first[0].key
            for way in scratch.first.dropFirst()
            where model.keyCost[way.key] < model.keyCost[best] || (model.keyCost[way.key] == model.keyCost[best] && way.key < best) {
                best = way.key
            }
            raw.mono &-= count &* model.keyCost[best]
            if model.finger[best] != 0 {
                if model.hand[best] == 0 { raw.leftMass &-= count } else { raw.rightMass &-= count }
            }
        }
        return raw
    }

    /// The context keys (REPEAT, MAGIC) that may type `second` right after `first`, under σ = (a b),
    /// appended to `buffer` as base ways.
    @inline(__always)
    private static func appendContext(_ first: Int32, _ second: Int32, _ extras: ExtrasState, _ a: Int, _ b: Int,
                                      to buffer: inout [TypingWays.Way]) {
        if first == second { for key in extras.repeatKeys { buffer.append(.base(mapped(key, a, b))) } }
        if extras.magicOutput[Int(first)] == second { for key in extras.magicKeys { buffer.append(.base(mapped(key, a, b))) } }
    }

    /// Price over ways minus single-layer price of a bigram (per occurrence) under σ = (a b).
    func bigramCorrection(_ entry: PackedBigram, _ extras: ExtrasState, _ a: Int, _ b: Int,
                                  _ scratch: inout WayScratch) -> Int64 {
        // Affected only through a candidate rule that is not a rule now: priced alike by both paths.
        let onLayer = extras.index.hasUnigram
        if !onLayer[Int(entry.a)] && !onLayer[Int(entry.b)] && !extras.isContext(entry.a, entry.b) { return 0 }
        let model = exact.model
        var correction: Int64 = 0
        Self.collect(Int(entry.a), extras, a, b, baseOnly: false, into: &scratch.first)
        Self.collect(Int(entry.b), extras, a, b, baseOnly: false, into: &scratch.second)
        if !scratch.first.isEmpty && !scratch.second.isEmpty {
            var best = Int64.max
            for x in scratch.first { for y in scratch.second { best = min(best, model.junctionCost(x, y)) } }
            let own = Self.cheapestOwn(scratch.second, model)
            scratch.third.removeAll(keepingCapacity: true)
            Self.appendContext(entry.a, entry.b, extras, a, b, to: &scratch.third)
            for y in scratch.third {
                for x in scratch.first { best = min(best, model.junctionCost(x, y) &+ model.keyCost[y.key] &- own) }
            }
            correction = best
        }
        Self.collect(Int(entry.a), extras, a, b, baseOnly: true, into: &scratch.first)
        Self.collect(Int(entry.b), extras, a, b, baseOnly: true, into: &scratch.second)
        if !scratch.first.isEmpty && !scratch.second.isEmpty {
            var best = Int64.max
            let n = model.keyCount
            for x in scratch.first { for y in scratch.second { best = min(best, model.pairCost[x.key * n + y.key]) } }
            correction &-= best
        }
        return correction
    }

    /// Price over ways minus single-layer price of a kept trigram (per occurrence) under σ = (a b).
    func trigramCorrection(_ entry: PackedTrigram, _ extras: ExtrasState, _ a: Int, _ b: Int,
                                   _ scratch: inout WayScratch) -> Int64 {
        let onLayer = extras.index.hasUnigram
        if !onLayer[Int(entry.a)] && !onLayer[Int(entry.b)] && !onLayer[Int(entry.c)]
            && !extras.isContext(entry.a, entry.b) && !extras.isContext(entry.b, entry.c) {
            return 0
        }
        let model = exact.model
        var correction: Int64 = 0
        Self.collect(Int(entry.a), extras, a, b, baseOnly: false, into: &scratch.first)
        Self.collect(Int(entry.b), extras, a, b, baseOnly: false, into: &scratch.second)
        Self.collect(Int(entry.c), extras, a, b, baseOnly: false, into: &scratch.third)
        if !scratch.first.isEmpty && !scratch.second.isEmpty && !scratch.third.isEmpty {
            Self.appendContext(entry.a, entry.b, extras, a, b, to: &scratch.second)
            Self.appendContext(entry.b, entry.c, extras, a, b, to: &scratch.third)
            var best = Int64.max
            for x in scratch.first {
                for y in scratch.second {
                    for z in scratch.third {
                        best = min(best, ExactScorer.junctionShape(model, x.key, y, z.first).cost)
                    }
                }
            }
            correction = best
        }
        Self.collect(Int(entry.a), extras, a, b, baseOnly: true, into: &scratch.first)
        Self.collect(Int(entry.b), extras, a, b, baseOnly: true, into: &scratch.second)
        Self.collect(Int(entry.c), extras, a, b, baseOnly: true, into: &scratch.third)
        if !scratch.first.isEmpty && !scratch.second.isEmpty && !scratch.third.isEmpty {
            var best = Int64.max
            for x in scratch.first {
                for y in scratch.second {
                    for z in scratch.third { best = min(best, model.trigram(x.key, y.key, z.key).cost) }
                }
            }
            correction &-= best
        }
        return correction
    }
}
