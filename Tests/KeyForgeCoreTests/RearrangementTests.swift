import Testing
import KeyForgeCore

/// `Layout.rearrangementViolation`: the hive's check that a result is the job's start layout rearranged
/// (each forgery below was accepted by `POST /results` before the check existed).
@Suite("Layout rearrangement check")
struct RearrangementTests {
    /// Ten keys: 0-5 are the scope, of which key 2 is pinned; 6-9 are outside the scope; key 5 is empty.
    static let start = Layout(symbols: ["a", "b", "c", "d", "e", nil, "x", "y", "z", "w"])
    static let movable = [0, 1, 3, 4, 5]
    static let pinned: Set<Int> = [2]

    static func check(_ symbols: [String?]) -> RearrangementViolation? {
        Layout(symbols: symbols).rearrangementViolation(of: start, movableKeys: movable, pinnedKeys: pinned)
    }

    @Test("the start itself, an honest swap, and a swap with the empty movable key are rearrangements")
    func honest() {
        #expect(Self.check(Self.start.symbols) == nil)
        #expect(Self.check(Self.start.swapping(0, 3).symbols) == nil)
        #expect(Self.check(Self.start.swapping(1, 5).symbols) == nil)
        #expect(Self.check(["e", "d", "c", nil, "b", "a", "x", "y", "z", "w"]) == nil)
    }

    @Test("a duplicated symbol is refused at the key carrying the second copy")
    func duplicatedSymbol() {
        let violation = Self.check(["a", "a", "c", "d", "e", nil, "x", "y", "z", "w"])
        #expect(violation == .symbolCountChanged(key: 1, symbol: "a", expected: 1, found: 2))
        #expect(violation?.description.contains("key 1 carries \"a\"") == true)
    }

    @Test("every movable key set to one symbol (e) is refused")
    func allOneSymbol() {
        let violation = Self.check(["e", "e", "c", "e", "e", "e", "x", "y", "z", "w"])
        #expect(violation == .symbolCountChanged(key: 1, symbol: "e", expected: 1, found: 5))
    }

    @Test("every movable key empty (NONE) is refused at the first empty key beyond the start's one empty movable key")
    func allEmpty() {
        let violation = Self.check([nil, nil, "c", nil, nil, nil, "x", "y", "z", "w"])
        #expect(violation == .symbolCountChanged(key: 1, symbol: nil, expected: 1, found: 5))
        #expect(violation?.description.contains("NONE") == true)
    }

    @Test("a symbol the start layout does not have is refused")
    func foreignSymbol() {
        #expect(Self.check(["a", "b", "c", "d", "q", nil, "x", "y", "z", "w"])
                == .symbolCountChanged(key: 4, symbol: "q", expected: 0, found: 1))
    }

    @Test("a pinned key moved is refused as pinned")
    func pinnedMoved() {
        let violation = Self.check(Self.start.swapping(2, 3).symbols)
        #expect(violation == .pinnedKeyChanged(key: 2, expected: "c", found: "d"))
        #expect(violation?.description == "key 2 is pinned to \"c\" but carries \"d\"")
    }

    @Test("a key outside the scope moved is refused as outside the scope")
    func outsideScopeMoved() {
        #expect(Self.check(Self.start.swapping(0, 7).symbols) == .fixedKeyChanged(key: 7, expected: "y", found: "a"))
        #expect(Self.check(Self.start.swapping(8, 9).symbols) == .fixedKeyChanged(key: 8, expected: "z", found: "w"))
    }

    @Test("a layout of another length is refused")
    func keyCount() {
        #expect(Self.check(Array(Self.start.symbols.dropLast())) == .keyCount(expected: 10, found: 9))
    }
}
