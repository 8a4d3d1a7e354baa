/// Where the fast symbols of a layout are, in the two forms the delta loops read.
///
/// `keyOfOrdinal` is each fast symbol's key; `pairCell` holds, for every ordered pair of fast
/// symbols (i, j), the cell `key(i) · m + key(j)` of a plane of the trigram table (m its stride),
/// so a trigram entry finds its partners' cell with one load. Moving a symbol rewrites its row and
/// column: 2 · fastCount writes.
struct FastPositions: Sendable {
    /// The key of each fast symbol, by ordinal.
    private(set) var keyOfOrdinal: [Int32]
    /// `key(i) · stride + key(j)` at `i · fastCount + j`.
    private(set) var pairCell: [UInt16]
    /// The number of fast symbols.
    private let fastCount: Int
    /// The table stride.
    private let stride: Int

    /// The positions of fast symbols on `keyOfOrdinal`, for tables of stride `stride`. Symbols are
    /// fast only on boards with the dense trigram table (at most `CostTables.maxDenseKeys` keys, a
    /// stride of at most 65), so every cell fits 16 bits.
    init(keyOfOrdinal: [Int32], stride: Int) {
        self.keyOfOrdinal = keyOfOrdinal
        fastCount = keyOfOrdinal.count
        self.stride = stride
        pairCell = keyOfOrdinal.flatMap { first in
            keyOfOrdinal.map { UInt16(truncatingIfNeeded: Int(first) * stride + Int($0)) }
        }
    }

    /// Moves the fast symbol with ordinal `ordinal` to key `key`.
    mutating func move(_ ordinal: Int, to key: Int) {
        keyOfOrdinal[ordinal] = Int32(key)
        let count = fastCount, stride = stride
        keyOfOrdinal.withUnsafeBufferPointer { keys in
            pairCell.withUnsafeMutableBufferPointer { cells in
                for other in 0..<count {
                    let otherKey = Int(keys[other])
                    cells[ordinal * count + other] = UInt16(truncatingIfNeeded: key * stride + otherKey)
                    cells[other * count + ordinal] = UInt16(truncatingIfNeeded: otherKey * stride + key)
                }
            }
        }
    }
}
