/// The ways each corpus symbol can be typed on a layout with extras (docs/PHYSICS.md section 2.7).
///
/// A **way** is one key (a base-layer symbol) or a pair (layer key, key): the shift layer's symbols
/// through any base key carrying SHIFT, an extra layer's through any base key carrying `MO(name)` or
/// `OSL(name)`. Ways come in a fixed order, which breaks ties the way "first in key order" does for a
/// single layer: base keys in key order, then each layer in the layout's order, its layer keys in key
/// order, and for each the keys in key order. A pair whose layer key is the key itself is no way.
///
/// Besides these context-free ways, a symbol b that follows a may be typed by one keystroke that depends
/// on a (a **context way**): on a REPEAT key when b = a, on a MAGIC key when the layout's magic table
/// gives b after a. Context ways replace a keystroke; they never place a symbol, so they are offered
/// only for a symbol that has a context-free way.
public struct TypingWays: Sendable {
    /// One way to type a symbol.
    public struct Way: Equatable, Sendable {
        /// The layer key pressed first (SHIFT or a layer key), or -1 for a base-layer key.
        public var prefix: Int
        /// The key that types the symbol.
        public var key: Int
        /// 0 for the base layer, i + 1 for `Layout.layers[i]`.
        public var layer: Int

        /// Creates a way.
        public init(prefix: Int, key: Int, layer: Int) {
            self.prefix = prefix
            self.key = key
            self.layer = layer
        }

        /// The first keystroke of the way.
        @inline(__always) public var first: Int { prefix >= 0 ? prefix : key }
        /// A base-layer way on `key`.
        public static func base(_ key: Int) -> Way { Way(prefix: -1, key: key, layer: 0) }
    }

    /// The context-free ways of each corpus symbol, in corpus symbol order (empty: unplaced).
    public let ways: [[Way]]
    /// The keys carrying REPEAT, in key order.
    public let repeatKeys: [Int]
    /// The keys carrying MAGIC, in key order.
    public let magicKeys: [Int]
    /// For each corpus symbol, the corpus symbol a MAGIC key types after it, or -1.
    public let magicOutput: [Int32]
    /// The layers' names: `base`, then the layout's layers in order.
    public let layerNames: [String]

    /// The ways of `layout`'s symbols, for corpus `symbols`.
    public init(layout: Layout, symbols: [String]) {
        var indexOf: [String: Int] = [:]
        for (index, symbol) in symbols.enumerated() { indexOf[symbol] = index }
        var ways = [[Way]](repeating: [], count: symbols.count)
        for (key, symbol) in layout.symbols.enumerated() {
            if let symbol, let index = indexOf[symbol] { ways[index].append(.base(key)) }
        }
        for (layerIndex, layer) in layout.layers.enumerated() {
            for prefix in layout.keys(reaching: layer) {
                for (key, symbol) in layer.symbols.enumerated() where key != prefix {
                    if let symbol, let index = indexOf[symbol] {
                        ways[index].append(Way(prefix: prefix, key: key, layer: layerIndex + 1))
                    }
                }
            }
        }
        self.ways = ways
        repeatKeys = layout.symbols.indices.filter { layout.symbols[$0] == Layout.repeatSymbol }
        magicKeys = layout.symbols.indices.filter { layout.symbols[$0] == Layout.magicSymbol }
        magicOutput = Self.magicOutput(layout, corpusIndex: indexOf)
        layerNames = ["base"] + layout.layers.map(\.name)
    }

    /// For each corpus symbol (by `corpusIndex`), the corpus symbol the magic table gives after it, or -1.
    public static func magicOutput(_ layout: Layout, corpusIndex: [String: Int]) -> [Int32] {
        var output = [Int32](repeating: -1, count: corpusIndex.count)
        for rule in layout.magicRules {
            if let after = corpusIndex[rule.after], let typed = corpusIndex[rule.output] { output[after] = Int32(typed) }
        }
        return output
    }

    /// The context keys that may type `b` right after `a` (REPEAT keys first, then MAGIC keys), when `b`
    /// has a context-free way.
    public func contextKeys(after a: Int, _ b: Int) -> [Int] {
        guard !ways[b].isEmpty else { return [] }
        var keys: [Int] = []
        if a == b { keys += repeatKeys }
        if magicOutput[a] == Int32(b) { keys += magicKeys }
        return keys
    }
}

extension CostModel {
    /// The cost of a way on its own: its keys' K, plus B of the layer key and the key.
    @inline(__always)
    public func ownCost(_ way: TypingWays.Way) -> Int64 {
        way.prefix < 0 ? keyCost[way.key]
            : keyCost[way.prefix] + keyCost[way.key] + pairCost[way.prefix * keyCount + way.key]
    }

    /// The cost where way `a` is followed by way `b`: B of a's last key and b's first, and T of every
    /// three consecutive keystrokes that span both ways (a layer key makes a way two keystrokes long).
    @inline(__always)
    public func junctionCost(_ a: TypingWays.Way, _ b: TypingWays.Way) -> Int64 {
        var cost = pairCost[a.key * keyCount + b.first]
        if a.prefix >= 0 { cost += trigram(a.prefix, a.key, b.first).cost }
        if b.prefix >= 0 { cost += trigram(a.key, b.prefix, b.key).cost }
        return cost
    }
}
