/// The cost tables of one board and rubric, laid out for the optimized tier (PHYSICS section 4).
///
/// Every table has one extra key, `nowhere` (index `keyCount`), whose costs are all zero: a symbol
/// that is not on the layout, or that the general path prices, looks up `nowhere`, so the fast loops
/// price its n-grams at zero with no branch. Entries are copied from `CostModel`, never recomputed,
/// so they are the exact tier's integers.
///
/// The trigram table is dense in the outer keys and reduced in the middle one. T(p, q, r) reads the
/// middle key q only through its hand and finger (PHYSICS section 2: the shape of the trigram, and
/// whether an SFS's middle key is on another finger), so keys whose slices T(·, q, ·) are equal
/// share a **middle class** (`middleClass`, C = `classCount` of them; about ten fingers plus
/// `nowhere` on a real board). The classes are found by comparing the slices themselves, so the
/// reduction is exact for whatever `CostModel.trigram` computes; when no two keys agree every key
/// is its own class and the table is the plain dense one. The table has three orientations, so that
/// moving the symbol at any position of a trigram reads one contiguous plane (m = `stride`,
/// c(q) = `middleClass[q]`):
/// - orientation 0 (the first key moves) holds T(p, q, r) at `(p·C + c(q))·m + r`;
/// - orientation 1 (the middle key moves) at `orientationSize + (c(q)·m + p)·m + r`;
/// - orientation 2 (the last key moves) at `2·orientationSize + (r·C + c(q))·m + p`.
/// A plane of orientation 0 or 2 has C·m entries (about 2 KB), so the planes a swap reads stay in
/// L1. The table exists only when the board has at most `maxDenseKeys` keys and every entry fits
/// Int32; otherwise `hasDenseTrigrams` is false and T comes from `CostModel.trigram` on the general path.
struct CostTables: Sendable {
    /// The most keys for which the dense trigram table is built (3 · 65³ · 4 bytes ≈ 3.3 MB at worst).
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
    /// The number of entries of one orientation of `trigram`: m · C · m.
    let orientationSize: Int
    /// The trigram table in its three orientations (empty unless `hasDenseTrigrams`).
    let trigram: [Int32]
    /// The part of an orientation-0 trigram index that a key contributes from a set of positions:
    /// at `mask · stride + key`, where bit 0, 1, 2 of `mask` stand for positions 0, 1, 2 (a sum of
    /// `key · C · m`, `c(key) · m` and `key`). Overlap and repeat terms add these.
    let trigramPlace: [Int32]
    /// The same for a bigram's index into `pairByFirst`: bit 0 stands for `key · m`, bit 1 for `key`.
    let bigramPlace: [Int32]

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
        bigramPlace = CostTables.places(keys: m, positionValues: [{ $0 * m }, { $0 }])
        if n <= denseKeyLimit, let reduced = CostTables.reducedTrigrams(model) {
            middleClass = reduced.middleClass
            classCount = reduced.classCount
            orientationSize = m * reduced.classCount * m
            trigram = reduced.table
            let classes = reduced.classCount, middle = reduced.middleClass
            trigramPlace = CostTables.places(keys: m, positionValues: [{ $0 * classes * m }, { Int(middle[$0]) * m }, { $0 }])
        } else {
            middleClass = []
            classCount = 0
            orientationSize = 0
            trigram = []
            trigramPlace = []
        }
    }

    /// The index of T(p, q, r) in orientation 0 of `trigram`.
    @inline(__always)
    func trigramIndex(_ p: Int, _ q: Int, _ r: Int) -> Int {
        (p &* classCount &+ Int(middleClass[q])) &* stride &+ r
    }

    /// For each mask of positions and each key, the sum of `positionValues[i](key)` over the positions i in the mask.
    private static func places(keys: Int, positionValues: [(Int) -> Int]) -> [Int32] {
        var places = [Int32](repeating: 0, count: (1 << positionValues.count) * keys)
        for mask in 0..<(1 << positionValues.count) {
            for key in 0..<keys {
                var sum = 0
                for (position, value) in positionValues.enumerated() where mask & (1 << position) != 0 { sum += value(key) }
                places[mask * keys + key] = Int32(sum)
            }
        }
        return places
    }

    /// The middle classes and the three orientations of T, or nil when an entry does not fit Int32.
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
        let size = m * classes * m
        var table = [Int32](repeating: 0, count: 3 * size)
        for (c, q) in representatives.enumerated() {
            for p in 0..<m {
                for r in 0..<m {
                    let cost = slices[(q * m + p) * m + r]
                    table[(p * classes + c) * m + r] = cost
                    table[size + (c * m + p) * m + r] = cost
                    table[2 * size + (r * classes + c) * m + p] = cost
                }
            }
        }
        return (middleClass, classes, table)
    }
}
