/// The general path: n-grams with a symbol on several keys, priced as the exact tier does.
///
/// Each such n-gram costs the minimum over every combination of its symbols' keys. A swap of keys
/// a and b maps every key through the transposition σ = (a b), so an n-gram's new cost is the same
/// minimum taken over σ of its keys; the identity is σ with a = b = -1. Monograms pick the cheapest
/// key, ties to the lowest key index after σ, which is the exact tier's "first in key order".
/// T comes from the dense table when there is one, else from `CostModel.trigram`. The pricing
/// helpers take every table as a parameter, so a debug build does not copy the scorer per n-gram.
extension OptimizedScorer {
    /// The general-path part of the raw sums of `state`.
    func generalTotal(_ state: LayoutState) -> RawScore {
        let keys = state.keySlots.span, starts = state.keySlotStarts.span
        let keyCost = tables.keyCost.span, massSide = tables.massSide.span
        let m = tables.stride
        var raw = RawScore()
        for symbol in 0..<index.symbolCount where state.general.isGeneral[symbol] {
            let count = index.unigramCount[symbol]
            let key = Self.cheapestKey(symbol, keys, starts, keyCost, -1, -1)
            raw.mono &+= count &* keyCost[key]
            Self.addMass(count, side: massSide[key], to: &raw)
        }
        let pair = tables.pairByFirst.span
        let bigrams = index.bigrams.span
        for position in state.general.bigrams {
            let entry = bigrams[Int(position)]
            raw.bi &+= Int64(entry.count) &* Self.cheapestPair(entry, keys, starts, pair, m, -1, -1)
        }
        let trigrams = index.trigrams.span
        let model = tables.hasDenseTrigrams ? nil : exact.model
        for position in state.general.trigrams {
            let entry = trigrams[Int(position)]
            let cost = if let model { Self.cheapestTrigram(entry, keys, starts, model, -1, -1) }
                else { Self.cheapestTrigram(entry, keys, starts, tables, -1, -1) }
            raw.tri &+= Int64(entry.count) &* cost
        }
        return raw
    }

    /// The general-path part of the delta of swapping keys `a` and `b`, which carry corpus symbols
    /// `x` and `y` (-1 for an empty key or a symbol the corpus does not have).
    func generalMove(_ state: LayoutState, _ x: Int, _ y: Int, _ a: Int, _ b: Int) -> RawScore {
        var delta = RawScore()
        if x >= 0 { delta += generalMove(of: x, sparing: -1, state, a, b) }
        // An n-gram with both symbols is in both lists: the first list has priced it already.
        if y >= 0 { delta += generalMove(of: y, sparing: x, state, a, b) }
        return delta
    }

    /// The change of the general n-grams of `symbol` (and of its monogram when it is general),
    /// leaving out those that also contain `spared`.
    private func generalMove(of symbol: Int, sparing spared: Int, _ state: LayoutState, _ a: Int, _ b: Int) -> RawScore {
        let keys = state.keySlots.span, starts = state.keySlotStarts.span
        let m = tables.stride
        var delta = RawScore()
        if state.general.isGeneral[symbol] {
            let keyCost = tables.keyCost.span, massSide = tables.massSide.span
            let count = index.unigramCount[symbol]
            let old = Self.cheapestKey(symbol, keys, starts, keyCost, -1, -1)
            let new = Self.cheapestKey(symbol, keys, starts, keyCost, a, b)
            delta.mono = count &* (keyCost[new] &- keyCost[old])
            Self.addMass(0 &- count, side: massSide[old], to: &delta)
            Self.addMass(count, side: massSide[new], to: &delta)
        }
        let spared32 = Int32(truncatingIfNeeded: spared)
        let pair = tables.pairByFirst.span
        let bigrams = index.bigrams.span
        let bigramIndexes = state.general.bigramsBySymbol.elements.span
        for slot in state.general.bigramsBySymbol.range(symbol) {
            let entry = bigrams[Int(bigramIndexes[slot])]
            if spared >= 0 && (entry.a == spared32 || entry.b == spared32) { continue }
            let new = Self.cheapestPair(entry, keys, starts, pair, m, a, b)
            delta.bi &+= Int64(entry.count) &* (new &- Self.cheapestPair(entry, keys, starts, pair, m, -1, -1))
        }
        let trigrams = index.trigrams.span
        let model = tables.hasDenseTrigrams ? nil : exact.model
        let trigramIndexes = state.general.trigramsBySymbol.elements.span
        for slot in state.general.trigramsBySymbol.range(symbol) {
            let entry = trigrams[Int(trigramIndexes[slot])]
            if spared >= 0 && (entry.a == spared32 || entry.b == spared32 || entry.c == spared32) { continue }
            let change = if let model {
                Self.cheapestTrigram(entry, keys, starts, model, a, b) &- Self.cheapestTrigram(entry, keys, starts, model, -1, -1)
            } else {
                Self.cheapestTrigram(entry, keys, starts, tables, a, b)
                    &- Self.cheapestTrigram(entry, keys, starts, tables, -1, -1)
            }
            delta.tri &+= Int64(entry.count) &* change
        }
        return delta
    }

    /// `key` mapped through the transposition of keys `a` and `b`.
    @inline(__always)
    private static func mapped(_ key: Int32, _ a: Int, _ b: Int) -> Int {
        let key = Int(key)
        return key == a ? b : key == b ? a : key
    }

    /// The keys of `symbol` in the state's key sets `keys` (grouped by `starts`).
    @inline(__always)
    private static func range(_ symbol: Int32, _ starts: Span<Int32>) -> Range<Int> {
        Int(starts[Int(symbol)]) ..< Int(starts[Int(symbol) + 1])
    }

    /// The cheapest key of placed `symbol` after σ = (a b), ties to the lowest key.
    private static func cheapestKey(_ symbol: Int, _ keys: Span<Int32>, _ starts: Span<Int32>, _ keyCost: Span<Int64>,
                                    _ a: Int, _ b: Int) -> Int {
        var best = -1, bestCost = Int64.max
        for slot in range(Int32(symbol), starts) {
            let key = mapped(keys[slot], a, b)
            let cost = keyCost[key]
            if cost < bestCost || (cost == bestCost && key < best) {
                best = key
                bestCost = cost
            }
        }
        return best
    }

    /// The cheapest B (`pair`, row stride `m`) over the keys of a placed bigram's symbols after σ = (a b).
    private static func cheapestPair(_ entry: PackedBigram, _ keys: Span<Int32>, _ starts: Span<Int32>,
                                     _ pair: Span<Int64>, _ m: Int, _ a: Int, _ b: Int) -> Int64 {
        // Plain loops over raw indexes: this runs for every general n-gram, also in debug builds.
        let firstEnd = Int(starts[unchecked: Int(entry.a) + 1])
        let secondStart = Int(starts[unchecked: Int(entry.b)]), secondEnd = Int(starts[unchecked: Int(entry.b) + 1])
        var best = Int64.max
        var first = Int(starts[unchecked: Int(entry.a)])
        while first < firstEnd {
            var p = Int(keys[unchecked: first])
            p = p == a ? b : p == b ? a : p
            var second = secondStart
            while second < secondEnd {
                var q = Int(keys[unchecked: second])
                q = q == a ? b : q == b ? a : q
                let cost = pair[unchecked: p * m + q]
                if cost < best { best = cost }
                second += 1
            }
            first += 1
        }
        return best
    }

    /// The cheapest T from the dense table of `tables` (orientation 0) over the keys of a placed
    /// trigram's symbols after σ = (a b).
    private static func cheapestTrigram(_ entry: PackedTrigram, _ keys: Span<Int32>, _ starts: Span<Int32>,
                                        _ tables: borrowing CostTables, _ a: Int, _ b: Int) -> Int64 {
        let trigram = tables.trigram.span, middleClass = tables.middleClass.span
        let m = tables.stride, classCount = tables.classCount
        // Plain loops over raw indexes: this runs for every general n-gram, also in debug builds.
        let firstEnd = Int(starts[unchecked: Int(entry.a) + 1])
        let secondStart = Int(starts[unchecked: Int(entry.b)]), secondEnd = Int(starts[unchecked: Int(entry.b) + 1])
        let thirdStart = Int(starts[unchecked: Int(entry.c)]), thirdEnd = Int(starts[unchecked: Int(entry.c) + 1])
        var best = Int32.max
        var first = Int(starts[unchecked: Int(entry.a)])
        while first < firstEnd {
            var p = Int(keys[unchecked: first])
            p = p == a ? b : p == b ? a : p
            var second = secondStart
            while second < secondEnd {
                var q = Int(keys[unchecked: second])
                q = q == a ? b : q == b ? a : q
                let row = (p * classCount + Int(middleClass[unchecked: q])) * m
                var third = thirdStart
                while third < thirdEnd {
                    var r = Int(keys[unchecked: third])
                    r = r == a ? b : r == b ? a : r
                    let cost = trigram[unchecked: row + r]
                    if cost < best { best = cost }
                    third += 1
                }
                second += 1
            }
            first += 1
        }
        return Int64(best)
    }

    /// The cheapest T from `model` over the keys of a placed trigram's symbols after σ = (a b).
    private static func cheapestTrigram(_ entry: PackedTrigram, _ keys: Span<Int32>, _ starts: Span<Int32>,
                                        _ model: CostModel, _ a: Int, _ b: Int) -> Int64 {
        var best = Int64.max
        for first in range(entry.a, starts) {
            let p = mapped(keys[first], a, b)
            for second in range(entry.b, starts) {
                let q = mapped(keys[second], a, b)
                for third in range(entry.c, starts) {
                    best = min(best, model.trigram(p, q, mapped(keys[third], a, b)).cost)
                }
            }
        }
        return best
    }

    /// Adds `count` to the hand mass of `side` (0 left, 1 right, else neither).
    @inline(__always)
    private static func addMass(_ count: Int64, side: UInt8, to raw: inout RawScore) {
        switch side {
        case 0: raw.leftMass &+= count
        case 1: raw.rightMass &+= count
        default: break
        }
    }
}
