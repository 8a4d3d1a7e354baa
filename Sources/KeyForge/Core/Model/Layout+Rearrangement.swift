/// Why a layout is not a rearrangement of a job's start layout (`Layout.rearrangementViolation`).
public enum RearrangementViolation: Equatable, Sendable, CustomStringConvertible {
    /// The layout has another number of keys than the start.
    case keyCount(expected: Int, found: Int)
    /// A pinned key carries another symbol than on the start layout.
    case pinnedKeyChanged(key: Int, expected: String?, found: String?)
    /// A key the search may not move (outside the job's scope) carries another symbol than on the start.
    case fixedKeyChanged(key: Int, expected: String?, found: String?)
    /// The movable keys carry `symbol` more often than the start layout's movable keys do, first at `key`
    /// (a duplicated symbol, or a symbol or empty key that the start does not have there).
    case symbolCountChanged(key: Int, symbol: String?, expected: Int, found: Int)

    /// One sentence naming the first offending key and symbol.
    public var description: String {
        switch self {
        case .keyCount(let expected, let found):
            return "the layout has \(found) keys; the start layout has \(expected)"
        case .pinnedKeyChanged(let key, let expected, let found):
            return "key \(key) is pinned to \(Self.name(expected)) but carries \(Self.name(found))"
        case .fixedKeyChanged(let key, let expected, let found):
            return "key \(key) is outside the job's scope and must keep \(Self.name(expected)), but carries \(Self.name(found))"
        case .symbolCountChanged(let key, let symbol, let expected, let found):
            return "key \(key) carries \(Self.name(symbol)), which the start layout has on \(expected) movable key(s) "
                + "but this layout on \(found): not a rearrangement of the start layout"
        }
    }

    private static func name(_ symbol: String?) -> String { symbol.map { "\"\($0)\"" } ?? "NONE (an empty key)" }
}

extension Layout {
    /// The first reason this layout is not the start layout rearranged, or nil when it is.
    ///
    /// A rearrangement keeps every key outside `movableKeys` as it is on `start` (`pinnedKeys` are
    /// reported as pinned, any other as outside the scope) and carries on the movable keys exactly the
    /// multiset of symbols (empty keys included) that `start` has there: what a search that only swaps
    /// movable keys can reach (docs/ARCHITECTURE.md section 5). Pure: no board or corpus is needed.
    public func rearrangementViolation(of start: Layout, movableKeys: [Int], pinnedKeys: Set<Int>) -> RearrangementViolation? {
        guard symbols.count == start.symbols.count else { return .keyCount(expected: start.symbols.count, found: symbols.count) }
        let movable = Set(movableKeys.filter { start.symbols.indices.contains($0) })
        for key in symbols.indices where !movable.contains(key) && symbols[key] != start.symbols[key] {
            return pinnedKeys.contains(key)
                ? .pinnedKeyChanged(key: key, expected: start.symbols[key], found: symbols[key])
                : .fixedKeyChanged(key: key, expected: start.symbols[key], found: symbols[key])
        }
        var available: [String?: Int] = [:]
        for key in movable { available[start.symbols[key], default: 0] += 1 }
        var used: [String?: Int] = [:]
        for key in movable.sorted() {
            let symbol = symbols[key]
            used[symbol, default: 0] += 1
            let expected = available[symbol] ?? 0
            if used[symbol]! > expected {
                let found = movable.count { symbols[$0] == symbol }
                return .symbolCountChanged(key: key, symbol: symbol, expected: expected, found: found)
            }
        }
        return nil
    }
}
