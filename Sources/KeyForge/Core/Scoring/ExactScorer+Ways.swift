/// The exact tier on a layout with extras: layers, shift, REPEAT and MAGIC (docs/PHYSICS.md section 2.7).
///
/// The same sums as the single-layer pass, over ways (`TypingWays`) instead of keys; a layout without
/// extras never comes here, so its score is the single-layer one by construction (and a test checks that
/// this pass gives it too):
/// - a monogram costs its cheapest way's own cost (`CostModel.ownCost`), ties to the first way;
/// - a bigram (a, b) costs the cheapest junction (`CostModel.junctionCost`) over the ways of a and b, or,
///   when b may follow a on a context key c (REPEAT when b = a, MAGIC when the table gives b after a),
///   the junction of a's way and c plus K(c) minus the own cost b's monogram paid: the keystroke of b is
///   replaced by c's. Context-free ways win ties;
/// - a kept trigram (a, b, c) costs T of its three keystrokes when b is typed by one key (a context key
///   included), else nothing: a layer key between them puts the T of each side into the bigrams.
extension ExactScorer {
    func evaluateWays<Observer: ScoreObserver>(_ layout: Layout, observer: inout Observer) -> RawScore {
        let typing = TypingWays(layout: layout, symbols: corpus.corpus.symbols)
        let ways = typing.ways
        var raw = RawScore()
        // The way each symbol's monogram takes, and its own cost.
        var chosen = [TypingWays.Way?](repeating: nil, count: ways.count)
        var own = [Int64](repeating: 0, count: ways.count)
        for (symbol, options) in ways.enumerated() {
            guard var best = options.first else { continue }
            var bestCost = model.ownCost(best)
            for way in options.dropFirst() {
                let cost = model.ownCost(way)
                if cost < bestCost { best = way; bestCost = cost }
            }
            chosen[symbol] = best
            own[symbol] = bestCost
        }
        for entry in corpus.corpus.unigrams {
            guard let way = chosen[Int(entry.a)] else {
                raw.unplacedMass += entry.count
                observer.unplaced(entry)
                continue
            }
            raw.mono += entry.count * own[Int(entry.a)]
            for key in [way.prefix, way.key] where key >= 0 && model.finger[key] != 0 {
                if model.hand[key] == 0 { raw.leftMass += entry.count } else { raw.rightMass += entry.count }
            }
            observer.unigram(entry, key: way.key)
            observer.way(entry, prefix: way.prefix, layer: way.layer)
        }
        for entry in corpus.corpus.bigrams {
            let a = Int(entry.a), b = Int(entry.b)
            let waysA = ways[a], waysB = ways[b]
            guard !waysA.isEmpty && !waysB.isEmpty else { continue }
            var best = (x: waysA[0], y: waysB[0]), bestCost = model.junctionCost(waysA[0], waysB[0])
            var context = -1
            for x in waysA {
                for y in waysB {
                    let cost = model.junctionCost(x, y)
                    if cost < bestCost { best = (x, y); bestCost = cost }
                }
            }
            for key in typing.contextKeys(after: a, b) {
                let y = TypingWays.Way.base(key)
                for x in waysA {
                    let cost = model.junctionCost(x, y) + model.keyCost[key] - own[b]
                    if cost < bestCost { best = (x, y); bestCost = cost; context = key }
                }
            }
            raw.bi += entry.count * bestCost
            observer.bigram(entry, p: best.x.key, q: best.y.first, cost: bestCost)
            if context >= 0, let monogram = chosen[b] {
                observer.contextPress(symbol: entry.b, count: entry.count, from: monogram.key, to: context,
                                      isRepeat: typing.repeatKeys.contains(context))
            }
        }
        for entry in corpus.trigrams {
            let a = Int(entry.a), b = Int(entry.b), c = Int(entry.c)
            let waysA = ways[a]
            guard !waysA.isEmpty && !ways[b].isEmpty && !ways[c].isEmpty else { continue }
            let waysB = ways[b] + typing.contextKeys(after: a, b).map(TypingWays.Way.base)
            let waysC = ways[c] + typing.contextKeys(after: b, c).map(TypingWays.Way.base)
            var best = (p: waysA[0].key, q: waysB[0], r: waysC[0].first)
            var bestShape = Self.junctionShape(model, best.p, best.q, best.r)
            for x in waysA {
                for y in waysB {
                    for z in waysC {
                        let shape = Self.junctionShape(model, x.key, y, z.first)
                        if shape.cost < bestShape.cost { best = (x.key, y, z.first); bestShape = shape }
                    }
                }
            }
            raw.tri += entry.count * bestShape.cost
            observer.trigram(entry, p: best.p, q: best.q.key, r: best.r, shape: bestShape)
        }
        return raw
    }

    /// T of keystrokes p, the middle way, r: the shape when the middle way is one key, else nothing.
    @inline(__always)
    static func junctionShape(_ model: CostModel, _ p: Int, _ middle: TypingWays.Way, _ r: Int) -> (cost: Int64, kind: TrigramClass) {
        middle.prefix < 0 ? model.trigram(p, middle.key, r) : (0, [])
    }
}
