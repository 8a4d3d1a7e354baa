/// The cost tables of one board and rubric, laid out for the optimized tier (PHYSICS section 4).
///
/// Every table has one extra key, `nowhere` (index `keyCount`), whose costs are all zero: a symbol
/// that is not on the layout, or that the general path prices, looks up `nowhere`, so the fast loops
/// price its n-grams at zero with no branch. Entries are copied from `CostModel`, never recomputed,
/// so they are the exact tier's integers.
///
/// The trigram table is dense, `T(p, q, r)` for every key triple, in three orientations, so that
/// moving the symbol at any position of a trigram reads one contiguous plane:
/// orientation 0 holds T(p, q, r) at `p·m² + q·m + r`, orientation 1 at `q·m² + p·m + r`, and
/// orientation 2 at `r·m² + p·m + q` (m = `stride`). It exists only when the board has at most
/// `maxDenseKeys` keys and every entry fits Int32; otherwise `hasDenseTrigrams` is false and T comes
/// from `CostModel.trigram` on the general path.
struct CostTables: Sendable {
    /// The most keys for which the dense trigram table is built (3 · 65³ · 4 bytes ≈ 3.3 MB).
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
    /// The dense trigram table in its three orientations (empty unless `hasDenseTrigrams`).
    let trigram: [Int32]

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
        trigram = n <= denseKeyLimit ? CostTables.denseTrigrams(model) ?? [] : []
    }

    /// The three orientations of T, or nil when an entry does not fit Int32.
    private static func denseTrigrams(_ model: CostModel) -> [Int32]? {
        let n = model.keyCount
        let m = n + 1
        let cube = m * m * m
        var table = [Int32](repeating: 0, count: 3 * cube)
        for p in 0..<n {
            for q in 0..<n {
                for r in 0..<n {
                    guard let cost = Int32(exactly: model.trigram(p, q, r).cost) else { return nil }
                    table[(p * m + q) * m + r] = cost
                    table[cube + (q * m + p) * m + r] = cost
                    table[2 * cube + (r * m + p) * m + q] = cost
                }
            }
        }
        return table
    }
}
