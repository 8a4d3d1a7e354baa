/// The per-board cost tables of docs/PHYSICS.md section 2 in fixed point: K(p), B(p, q) and the parts of T.
///
/// Built once from a keyboard and a rubric. Every entry is computed in Double from the formula and
/// rounded once with `FixedPoint.round`; T is the sum of separately rounded parts (the shape
/// weights and the SFS cost of the outer pair), so every tier that uses these tables gets the same
/// integers. Choices the physics page leaves open, made here:
/// - positions are key centres; a finger's origin is its `isHome` key, else its first non-stretch key
///   on the home row, else its first non-stretch key, else its first key;
/// - a bigram may carry several classes at once: a scissor or lateral stretch is also a roll, and
///   both its penalty and the roll bonus apply;
/// - "towards the thumb" means a lower finger number (pinky 4 -> index 1 -> thumb 0);
/// - onehand rolls and redirects need three different fingers; an SFS needs different keys on one
///   finger of one hand, with the middle key on another finger or hand.
public struct CostModel: Sendable {
    /// The largest magnitude of any table entry: with corpus totals at most 2^31, a partial sum stays below 2^62.
    public static let maxEntry: Int64 = 1 << 31

    /// The number of keys.
    public let keyCount: Int
    /// Each key's hand.
    public let hand: [Int8]
    /// Each key's finger.
    public let finger: [Int8]
    /// Each key's origin key (the home key of its finger).
    public let origin: [Int]
    /// K(p), fixed point.
    public let keyCost: [Int64]
    /// B(p, q) at `p * keyCount + q`, fixed point.
    public let pairCost: [Int64]
    /// The class of (p, q) at `p * keyCount + q`.
    public let pairClass: [BigramClass]
    /// The SFS cost of outer keys (p, r) at `p * keyCount + r` (used only when T says SFS).
    public let skipCost: [Int64]
    /// Plain Euclidean distance between key centres in key units, at `p * keyCount + q` (the distance metric).
    public let distance: [Double]

    /// `unplaced_cost` in fixed point: the price of one keystroke of a symbol on no key (docs/PHYSICS.md section 2).
    public let unplacedCost: Int64

    private let onehandBonus: Int64
    private let redirectCost: Int64
    private let badRedirectCost: Int64
    private let alternateBonus: Int64
    private let rollBonus: Int64

    /// Builds the tables; throws when the rubric and board give a cost beyond `maxEntry`.
    public init(keyboard: Keyboard, rubric: Rubric) throws(ValidationError) {
        let keys = keyboard.keys
        let n = keys.count
        keyCount = n
        hand = keys.map { Int8($0.hand) }
        finger = keys.map { Int8($0.finger) }
        origin = CostModel.origins(keyboard)
        unplacedCost = try CostModel.fixed(rubric["unplaced_cost"], what: "unplaced_cost")

        let lateral = rubric["travel_lateral"], vertical = rubric["travel_vertical"]
        func travel(_ a: Key, _ b: Key) -> Double {
            let dx = abs(a.centerX - b.centerX) * lateral, dy = abs(a.centerY - b.centerY) * vertical
            return (dx * dx + dy * dy).squareRoot()
        }

        var keyCost = [Int64](repeating: 0, count: n)
        for p in 0..<n {
            let key = keys[p]
            let value = rubric.effort[key.finger] * rubric["effort_unit"] + travel(keys[origin[p]], key)
                + (key.isStretch ? rubric["stretch_penalty"] : 0)
            keyCost[p] = try CostModel.fixed(value, what: "K(\(p))")
        }

        var pairCost = [Int64](repeating: 0, count: n * n)
        var pairClass = [BigramClass](repeating: [], count: n * n)
        var skipCost = [Int64](repeating: 0, count: n * n)
        var distance = [Double](repeating: 0, count: n * n)
        for p in 0..<n {
            for q in 0..<n {
                let (value, kind) = CostModel.bigram(keys[p], keys[q], same: p == q, rubric: rubric, travel: travel)
                pairCost[p * n + q] = try CostModel.fixed(value, what: "B(\(p), \(q))")
                pairClass[p * n + q] = kind
                skipCost[p * n + q] = try CostModel.fixed(rubric["sfs_base"] + rubric["sfs_distance"] * travel(keys[p], keys[q]),
                                                          what: "SFS(\(p), \(q))")
                let dx = keys[p].centerX - keys[q].centerX, dy = keys[p].centerY - keys[q].centerY
                distance[p * n + q] = (dx * dx + dy * dy).squareRoot()
            }
        }
        self.keyCost = keyCost
        self.pairCost = pairCost
        self.pairClass = pairClass
        self.skipCost = skipCost
        self.distance = distance
        onehandBonus = FixedPoint.round(rubric["onehand_bonus"])
        redirectCost = FixedPoint.round(rubric["redirect"])
        badRedirectCost = FixedPoint.round(rubric["bad_redirect"])
        alternateBonus = FixedPoint.round(rubric["trigram_alternate_bonus"])
        rollBonus = FixedPoint.round(rubric["trigram_roll_bonus"])
    }

    /// T(p, q, r) and its classes: the trigram's shape only (its bigrams are priced by B).
    @inline(__always)
    public func trigram(_ p: Int, _ q: Int, _ r: Int) -> (cost: Int64, kind: TrigramClass) {
        let hp = hand[p], hq = hand[q], hr = hand[r]
        let fp = finger[p], fq = finger[q], fr = finger[r]
        var cost: Int64 = 0
        var kind: TrigramClass = []
        if hp == hq && hq == hr {
            if fp != fq && fq != fr && fp != fr {
                if (fq < fp) == (fr < fq) {
                    kind.insert(.onehand)
                    cost -= onehandBonus
                } else {
                    kind.insert(.redirect)
                    cost += redirectCost
                    if fp != 1 && fq != 1 && fr != 1 {
                        kind.insert(.badRedirect)
                        cost += badRedirectCost
                    }
                }
            }
        } else if hp == hr {
            kind.insert(.alternate)
            cost -= alternateBonus
        } else if (hp == hq && fp != fq) || (hq == hr && fq != fr) {
            kind.insert(.roll)
            cost -= rollBonus
        }
        if hp == hr && fp == fr && p != r && (hq != hp || fq != fp) {
            kind.insert(.sameFingerSkip)
            cost += skipCost[p * keyCount + r]
        }
        return (cost, kind)
    }

    private static func bigram(_ a: Key, _ b: Key, same: Bool, rubric: Rubric,
                               travel: (Key, Key) -> Double) -> (Double, BigramClass) {
        if a.hand != b.hand { return (-rubric["alternation_bonus"], .handChange) }
        if same { return (rubric["same_key_repeat"], .sameKey) }
        if a.finger == b.finger {
            if a.finger == 0 { return (rubric["thumb_sfb"], .sameFinger) }
            let weak = a.finger >= 3 ? rubric["weak_finger_sfb"] : 1
            return ((rubric["sfb_base"] + rubric["sfb_distance"] * travel(a, b)) * weak, .sameFinger)
        }
        var cost = 0.0
        var kind: BigramClass = []
        if a.finger >= 1 && b.finger >= 1 && abs(a.finger - b.finger) == 1 {
            let rowGap = abs(a.row - b.row)
            if Double(rowGap) >= rubric["scissor_row_diff"] {
                kind.insert(.fullScissor)
                cost += rubric["full_scissor"]
            } else if rowGap == 1 {
                // The shorter finger of an adjacent pair: pinky next to ring, ring next to middle, index next to middle.
                let shorter = max(a.finger, b.finger) == 2 ? a.finger == 1 ? a : b : (a.finger > b.finger ? a : b)
                let other = shorter.finger == a.finger ? b : a
                if shorter.row < other.row {
                    kind.insert(.halfScissor)
                    cost += rubric["half_scissor"]
                }
            }
            if abs(a.centerX - b.centerX) >= rubric["lsb_min_dx"] || a.isStretch || b.isStretch {
                kind.insert(.lateralStretch)
                cost += rubric["lsb"]
            }
        }
        if b.finger < a.finger {
            kind.insert(.rollIn)
            cost -= rubric["roll_in_bonus"]
        } else {
            kind.insert(.rollOut)
            cost -= rubric["roll_out_bonus"]
        }
        return (cost, kind)
    }

    private static func fixed(_ value: Double, what: String) throws(ValidationError) -> Int64 {
        guard value.isFinite, abs(value) * Double(FixedPoint.scale) <= Double(maxEntry) else {
            throw ValidationError(field: "rubric", "the cost \(what) = \(describe(value)) is beyond the supported range ±\(maxEntry / FixedPoint.scale)")
        }
        return FixedPoint.round(value)
    }

    /// Each key's origin: see the type's documentation.
    static func origins(_ keyboard: Keyboard) -> [Int] {
        let keys = keyboard.keys
        var originOf: [Int: Int] = [:]
        for slot in Set(keys.map { $0.hand * 5 + $0.finger }) {
            let members = keys.indices.filter { keys[$0].hand * 5 + keys[$0].finger == slot }
            let chosen = members.first { keys[$0].isHome }
                ?? members.first { keys[$0].row == keyboard.homeRow && !keys[$0].isStretch }
                ?? members.first { !keys[$0].isStretch }
                ?? members[0]
            originOf[slot] = chosen
        }
        return keys.map { originOf[$0.hand * 5 + $0.finger]! }
    }
}
