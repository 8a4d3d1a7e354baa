/// The cost tables of one board and rubric, laid out for the optimized tier (docs/PHYSICS.md section 4.2).
///
/// Every table has one extra key, `nowhere` (index `keyCount`), whose costs are all zero: a symbol
/// that is not on the layout, or that the general path prices, looks up `nowhere`, so the fast loops
/// price its n-grams at zero with no branch. Entries are copied from `CostModel`, never recomputed,
/// so they are the exact tier's integers.
///
/// The trigram table is dense in the outer keys and reduced in the middle one. T(p, q, r) reads the
/// middle key q only through its hand and finger (docs/PHYSICS.md section 2.5: the shape of the trigram, and
/// whether an SFS's middle key is on another finger), so keys whose slices T(·, q, ·) are equal
/// share a **middle class** (`middleClass`, C = `classCount` of them; about ten fingers plus
/// `nowhere` on a real board). The classes are found by comparing the slices themselves. `trigram`
/// holds T(p, q, r) at `(p·C + c(q))·m + r` (m = `stride`, c(q) = `middleClass[q]`); the full
/// evaluation and the general path read it.
///
/// Delta scoring reads T in a decomposed form instead (`OptimizedScorer+Delta`): with s(k) the
/// **slot** of key k (its hand and finger), T(p, q, r) = `slotShape`(s(p), s(q), s(r)) +
/// [s(q) ≠ s(p)] · `sameSlotSkip`(p, r), where `sameSlotSkip`(p, r) is the SFS cost of p and r when
/// they are different keys of one slot and 0 otherwise. This is the model's formula (the shape
/// depends on hands and fingers only, the SFS term on the outer keys and on whether the middle one
/// is on their finger), and the tables are built only when it reproduces `CostModel.trigram` exactly
/// for every key triple; `slotShape` is stored in three orientations, each as rows of S² pairs (S =
/// `slotCount`) indexed by the slot of the moving key:
/// - orientation 0 holds shape(t, u, v) at `t·S² + u·S + v`;
/// - orientation 1 holds shape(u, t, v) at `(S + t)·S² + u·S + v`;
/// - orientation 2 holds shape(u, v, t) at `(2S + t)·S² + u·S + v`.
/// The tables exist only when the board has at most `maxDenseKeys` keys, every entry fits Int32 and
/// the decomposition holds; otherwise `hasDenseTrigrams` is false and T comes from
/// `CostModel.trigram` on the general path.
struct CostTables: Sendable {
    /// The most keys for which the dense trigram table is built (65³ · 4 bytes ≈ 1.1 MB at worst).
    static let maxDenseKeys = 64

    /// The number of real keys.
    let keyCount: Int
    /// The row length of every table: `keyCount + 1`.
    let stride: Int
    /// The zero-cost key that unplaced and general symbols look up.
    var nowhere: Int { keyCount }
    /// K(p) at `p`.
    let keyCost: [Int64]
    /// Which monogram mass a key adds to: 0 left, 1 right, 2 neither (thumbs and `nowhere`).
    let massSide: [UInt8]
    /// B(p, q) at `p · stride + q`.
    let pairByFirst: [Int64]
    /// B(p, q) at `q · stride + p`.
    let pairBySecond: [Int64]
    /// Each key's middle class (`nowhere` included), below `classCount` (empty without the trigram table).
    let middleClass: [Int32]
    /// The number of middle classes.
    let classCount: Int
    /// T(p, q, r) at `(p·C + c(q))·m + r` (empty unless `hasDenseTrigrams`).
    let trigram: [Int32]
    /// The number of slots (hand and finger pairs) of the board's keys.
    let slotCount: Int
    /// Each key's slot (`nowhere` has slot 0; it never moves and is never a fast partner).
    let slotOfKey: [Int32]
    /// The keys of each slot.
    let slotKeys: GroupedList<Int32>
    /// The shape part of T by slots, in three orientations (see the type's documentation).
    let slotShape: [Int32]
    /// The SFS cost of (p, r) when they are different keys of one slot, else 0, at `p · m + r`.
    let sameSlotSkip: [Int64]
    /// The same costs transposed: the SFS cost of (p, r) at `r · m + p` (so that the overlap correction reads
    /// the SFS costs of every key with the two swapped keys from the swapped keys' rows).
    let sameSlotSkipByLast: [Int64]
    /// For each orientation o and slots s, t (group `(o·S + s)·S + t`): the pairs of partner slots
    /// whose shape changes when the moving key goes from slot s to slot t, with the change. The delta
    /// reads only these, since every other pair changes by zero.
    let shapeChanges: GroupedList<ShapeChange>
    /// The elements of `shapeChanges` in 4 bytes each, `change << 8 | pair` (change as Int32, so that the delta's
    /// loop reads half the memory), when every pair is below 256 and every change fits 24 bits; else empty.
    let compactShapeChanges: [UInt32]
    /// T of the trigrams where one key repeats, by slots: at `(i·S + t)·S + u` the cost of a trigram
    /// whose repeated key is on slot t and whose other key, at position i, is on slot u; at `3S² + t`
    /// the cost of a key three times on slot t. T of such a trigram is its shape alone (its SFS term
    /// is 0: the repeated key shares the other's slot or is both outer keys, whose SFS cost is 0), so
    /// it depends on the slots only.
    let repeatShape: [Int64]

    /// The change of the shape of one pair of partner slots (`pair` = u·S + v) when the moving key changes slot,
    /// packed in one word (change << 16 | pair) so that the delta's loop reads 8 bytes per pair: a change is a
    /// difference of two Int32 shapes (|change| < 2^33) and a pair is below S² (S is 10 on a two-hand board).
    struct ShapeChange: Sendable {
        private let word: UInt64

        init(change: Int64, pair: Int32) {
            precondition(pair >= 0 && pair <= 0xFFFF && change.magnitude < 1 << 47, "ShapeChange: out of range")
            word = UInt64(bitPattern: change << 16) | UInt64(pair)
        }

        /// shape at the new slot − shape at the old slot.
        var change: Int64 { Int64(bitPattern: word) >> 16 }
        /// The pair of partner slots.
        var pair: Int32 { Int32(truncatingIfNeeded: word & 0xFFFF) }
    }

    /// True when `trigram` holds the dense table.
    var hasDenseTrigrams: Bool { !trigram.isEmpty }

    /// Copies `model`'s tables; `denseKeyLimit` caps the board size of the dense trigram table.
    init(model: CostModel, denseKeyLimit: Int = CostTables.maxDenseKeys) {
        let n = model.keyCount
        let m = n + 1
        keyCount = n
        stride = m
        keyCost = model.keyCost + [0]
        massSide = (0..<n).map { model.finger[$0] == 0 ? 2 : UInt8(model.hand[$0]) } + [2]
        var byFirst = [Int64](repeating: 0, count: m * m)
        var bySecond = [Int64](repeating: 0, count: m * m)
        for p in 0..<n {
            for q in 0..<n {
                byFirst[p * m + q] = model.pairCost[p * n + q]
                bySecond[q * m + p] = model.pairCost[p * n + q]
            }
        }
        pairByFirst = byFirst
        pairBySecond = bySecond
        let slots = CostTables.slots(model)
        if n <= denseKeyLimit, let reduced = CostTables.reducedTrigrams(model),
           let decomposed = CostTables.decomposedTrigrams(model, slotOfKey: slots.slotOfKey, slotCount: slots.count) {
            middleClass = reduced.middleClass
            classCount = reduced.classCount
            trigram = reduced.table
            slotCount = slots.count
            slotOfKey = slots.slotOfKey + [0]
            slotKeys = GroupedList(groupCount: slots.count, items: (0..<n).map { (Int(slots.slotOfKey[$0]), Int32($0)) })
            slotShape = decomposed.shape
            sameSlotSkip = decomposed.skip
            sameSlotSkipByLast = (0..<(m * m)).map { decomposed.skip[($0 % m) * m + $0 / m] }
            shapeChanges = CostTables.changes(decomposed.shape, slotCount: slots.count)
            compactShapeChanges = CostTables.compact(shapeChanges.elements)
            repeatShape = CostTables.repeats(decomposed.shape, slotCount: slots.count)
        } else {
            middleClass = []
            classCount = 0
            trigram = []
            slotCount = 0
            slotOfKey = []
            slotKeys = GroupedList(groupCount: 0, items: [])
            slotShape = []
            sameSlotSkip = []
            sameSlotSkipByLast = []
            shapeChanges = GroupedList(groupCount: 0, items: [])
            compactShapeChanges = []
            repeatShape = []
        }
    }

    /// `repeatShape` from the slot shapes (orientation 0: shape(t, u, v) at `t·S² + u·S + v`).
    private static func repeats(_ shape: [Int32], slotCount slots: Int) -> [Int64] {
        let square = slots * slots
        var table = [Int64](repeating: 0, count: 3 * square + slots)
        for t in 0..<slots {
            for u in 0..<slots {
                table[(0 * slots + t) * slots + u] = Int64(shape[u * square + t * slots + t])
                table[(1 * slots + t) * slots + u] = Int64(shape[t * square + u * slots + t])
                table[(2 * slots + t) * slots + u] = Int64(shape[t * square + t * slots + u])
            }
            table[3 * square + t] = Int64(shape[t * square + t * slots + t])
        }
        return table
    }

    /// The index of T(p, q, r) in `trigram`.
    @inline(__always)
    func trigramIndex(_ p: Int, _ q: Int, _ r: Int) -> Int {
        (p &* classCount &+ Int(middleClass[q])) &* stride &+ r
    }

    /// `changes` as `compactShapeChanges`, or empty when one does not fit.
    private static func compact(_ changes: [ShapeChange]) -> [UInt32] {
        let limit = Int64(1) << 23
        guard changes.allSatisfy({ $0.pair < 256 && $0.change >= -limit && $0.change < limit }) else { return [] }
        return changes.map { UInt32(bitPattern: Int32($0.change) << 8) | UInt32($0.pair) }
    }

    /// The nonzero shape changes of every move between slots (see `shapeChanges`).
    private static func changes(_ shape: [Int32], slotCount slots: Int) -> GroupedList<ShapeChange> {
        let square = slots * slots
        var items: [(group: Int, element: ShapeChange)] = []
        for orientation in 0..<3 {
            for old in 0..<slots {
                for new in 0..<slots {
                    for pair in 0..<square {
                        let change = Int64(shape[(orientation * slots + new) * square + pair])
                            - Int64(shape[(orientation * slots + old) * square + pair])
                        guard change != 0 else { continue }
                        items.append(((orientation * slots + old) * slots + new, ShapeChange(change: change, pair: Int32(pair))))
                    }
                }
            }
        }
        return GroupedList(groupCount: 3 * square, items: items)
    }

    /// The slot (hand and finger) of each key, numbered in order of first appearance.
    private static func slots(_ model: CostModel) -> (slotOfKey: [Int32], count: Int) {
        var numbers: [Int: Int32] = [:]
        let slotOfKey = (0..<model.keyCount).map { key -> Int32 in
            let slot = Int(model.hand[key]) * 8 + Int(model.finger[key])
            if let number = numbers[slot] { return number }
            let number = Int32(numbers.count)
            numbers[slot] = number
            return number
        }
        return (slotOfKey, numbers.count)
    }

    /// The slot shapes (three orientations) and the same-slot SFS costs, or nil unless
    /// T(p, q, r) = shape(s(p), s(q), s(r)) + [s(q) ≠ s(p)] · skip(p, r) holds for every key triple.
    private static func decomposedTrigrams(_ model: CostModel, slotOfKey: [Int32], slotCount: Int) -> (shape: [Int32], skip: [Int64])? {
        let n = model.keyCount, m = n + 1, slots = slotCount
        var skip = [Int64](repeating: 0, count: m * m)
        for p in 0..<n {
            for r in 0..<n where p != r && slotOfKey[p] == slotOfKey[r] { skip[p * m + r] = model.skipCost[p * n + r] }
        }
        var representative = [Int](repeating: -1, count: slots)
        for key in (0..<n).reversed() { representative[Int(slotOfKey[key])] = key }
        let square = slots * slots
        var shape = [Int32](repeating: 0, count: 3 * slots * square)
        for t in 0..<slots {
            for u in 0..<slots {
                for v in 0..<slots {
                    // Representatives of one slot are one key, so only the shape part remains there.
                    let (p, q, r) = (representative[t], representative[u], representative[v])
                    let withoutSkip = model.trigram(p, q, r).cost - (u != t ? skip[p * m + r] : 0)
                    guard let value = Int32(exactly: withoutSkip) else { return nil }
                    shape[t * square + u * slots + v] = value
                }
            }
        }
        for t in 0..<slots {
            for u in 0..<slots {
                for v in 0..<slots {
                    shape[(slots + t) * square + u * slots + v] = shape[u * square + t * slots + v]
                    shape[(2 * slots + t) * square + u * slots + v] = shape[u * square + v * slots + t]
                }
            }
        }
        for p in 0..<n {
            for q in 0..<n {
                for r in 0..<n {
                    let (sp, sq, sr) = (Int(slotOfKey[p]), Int(slotOfKey[q]), Int(slotOfKey[r]))
                    let decomposed = Int64(shape[sp * square + sq * slots + sr]) + (sq != sp ? skip[p * m + r] : 0)
                    guard decomposed == model.trigram(p, q, r).cost else { return nil }
                }
            }
        }
        return (shape, skip)
    }

    /// The middle classes and T in orientation 0, or nil when an entry does not fit Int32.
    private static func reducedTrigrams(_ model: CostModel) -> (middleClass: [Int32], classCount: Int, table: [Int32])? {
        let n = model.keyCount
        let m = n + 1
        // The full cube with `nowhere` (all zero), slice by slice: slice q holds T(p, q, r) at p·m + r.
        var slices = [Int32](repeating: 0, count: m * m * m)
        for q in 0..<n {
            for p in 0..<n {
                for r in 0..<n {
                    guard let cost = Int32(exactly: model.trigram(p, q, r).cost) else { return nil }
                    slices[(q * m + p) * m + r] = cost
                }
            }
        }
        // Keys with equal slices share a class; the class's first key represents it.
        var middleClass = [Int32](repeating: 0, count: m)
        var representatives: [Int] = []
        for q in 0..<m {
            let slice = slices[(q * m * m)..<((q + 1) * m * m)]
            if let existing = representatives.firstIndex(where: { slices[($0 * m * m)..<(($0 + 1) * m * m)] == slice }) {
                middleClass[q] = Int32(existing)
            } else {
                middleClass[q] = Int32(representatives.count)
                representatives.append(q)
            }
        }
        let classes = representatives.count
        var table = [Int32](repeating: 0, count: m * classes * m)
        for (c, q) in representatives.enumerated() {
            for p in 0..<m {
                for r in 0..<m { table[(p * classes + c) * m + r] = slices[(q * m + p) * m + r] }
            }
        }
        return (middleClass, classes, table)
    }
}
