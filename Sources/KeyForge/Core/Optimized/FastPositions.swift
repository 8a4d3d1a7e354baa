/// Where the fast symbols of a layout are, in the forms the delta loops read.
///
/// `keyOfOrdinal` is each fast symbol's key. For every ordered pair of fast symbols (i, j),
/// `pairCell` holds `key(i) · m + key(j)`, the cell of a plane of trigram orientation 1 (m the table
/// stride), and `classCell` holds `c(key(i)) · m + key(j)` (c the middle class of
/// `CostTables.middleClass`), the cell of a plane of orientation 0 or 2; so a trigram entry finds
/// its partners' cell with one load. Moving a symbol rewrites its row and column of both: 4 · fastCount writes.
struct FastPositions: Sendable {
    /// The key of each fast symbol, by ordinal.
    private(set) var keyOfOrdinal: [Int32]
    /// `key(i) · stride + key(j)` at `i · fastCount + j`.
    private(set) var pairCell: [UInt16]
    /// `middleClass[key(i)] · stride + key(j)` at `i · fastCount + j`.
    private(set) var classCell: [UInt16]
    /// The number of fast symbols.
    private let fastCount: Int
    /// The table stride.
    private let stride: Int
    /// The middle class of each key.
    private let middleClass: [Int32]

    /// The positions of fast symbols on `keyOfOrdinal`, for tables of stride `stride` and the middle
    /// classes `middleClass`. Symbols are fast only on boards with the dense trigram table (at most
    /// `CostTables.maxDenseKeys` keys, a stride of at most 65, and at most as many classes as keys),
    /// so every cell fits 16 bits.
    init(keyOfOrdinal: [Int32], stride: Int, middleClass: [Int32]) {
        self.keyOfOrdinal = keyOfOrdinal
        fastCount = keyOfOrdinal.count
        self.stride = stride
        self.middleClass = middleClass
        pairCell = keyOfOrdinal.flatMap { first in
            keyOfOrdinal.map { UInt16(truncatingIfNeeded: Int(first) * stride + Int($0)) }
        }
        classCell = keyOfOrdinal.flatMap { first in
            keyOfOrdinal.map { UInt16(truncatingIfNeeded: Int(middleClass[Int(first)]) * stride + Int($0)) }
        }
    }

    /// Moves the fast symbol with ordinal `ordinal` to key `key`.
    mutating func move(_ ordinal: Int, to key: Int) {
        keyOfOrdinal[ordinal] = Int32(key)
        let count = fastCount, stride = stride
        let keyClass = Int(middleClass[key])
        keyOfOrdinal.withUnsafeBufferPointer { keys in
            middleClass.withUnsafeBufferPointer { classes in
                pairCell.withUnsafeMutableBufferPointer { cells in
                    classCell.withUnsafeMutableBufferPointer { classCells in
                        for other in 0..<count {
                            let otherKey = Int(keys[other])
                            cells[ordinal * count + other] = UInt16(truncatingIfNeeded: key * stride + otherKey)
                            cells[other * count + ordinal] = UInt16(truncatingIfNeeded: otherKey * stride + key)
                            classCells[ordinal * count + other] = UInt16(truncatingIfNeeded: keyClass * stride + otherKey)
                            classCells[other * count + ordinal] = UInt16(truncatingIfNeeded: Int(classes[otherKey]) * stride + key)
                        }
                    }
                }
            }
        }
    }
}
