/// The scoring weights: a flat parameter map name -> number with documented defaults (docs/adr/0015-rubric-parameter-map.md,
/// docs/PHYSICS.md section 7). Unknown names are an error; missing names take the default.
public struct Rubric: Equatable, Sendable {
    /// One parameter: its name, default, and the closed range a value must fall in.
    public struct Parameter: Sendable {
        /// The name as written in rubric files.
        public let name: String
        /// The default value (docs/PHYSICS.md section 7).
        public let defaultValue: Double
        /// The smallest accepted value.
        public let minimum: Double
        /// The largest accepted value.
        public let maximum: Double
        /// True when the value must be a whole number.
        public let isInteger: Bool
        /// What it weighs, for `keyforge analyze --help` and the README.
        public let summary: String
    }

    /// The number of finger effort values (thumb, index, middle, ring, pinky).
    public static let effortCount = 5
    /// The default finger efforts, thumb ... pinky.
    public static let defaultEffort: [Double] = [1.0, 1.0, 1.1, 1.3, 1.6]
    /// The name of the only list-valued parameter.
    public static let effortName = "effort"

    /// Every scalar parameter, in documentation order. Weights are bounded so that fixed-point
    /// tables stay far from Int64 overflow (see `CostModel`).
    public static let parameters: [Parameter] = [
        .init(name: "effort_unit", defaultValue: 10, minimum: 0, maximum: 10_000, isInteger: false, summary: "cost of one press at effort 1.0"),
        .init(name: "travel_lateral", defaultValue: 3.5, minimum: 0, maximum: 1_000, isInteger: false, summary: "weight of sideways travel per key unit"),
        .init(name: "travel_vertical", defaultValue: 1.0, minimum: 0, maximum: 1_000, isInteger: false, summary: "weight of vertical travel per key unit"),
        .init(name: "stretch_penalty", defaultValue: 20, minimum: -10_000, maximum: 10_000, isInteger: false, summary: "extra cost of a stretch-column key"),
        .init(name: "same_key_repeat", defaultValue: 5, minimum: -10_000, maximum: 10_000, isInteger: false, summary: "cost of pressing the same key twice"),
        .init(name: "sfb_base", defaultValue: 400, minimum: -10_000, maximum: 100_000, isInteger: false, summary: "cost of a same-finger bigram"),
        .init(name: "sfb_distance", defaultValue: 40, minimum: -10_000, maximum: 10_000, isInteger: false, summary: "extra SFB cost per unit of travel"),
        .init(name: "weak_finger_sfb", defaultValue: 1.5, minimum: 0, maximum: 100, isInteger: false, summary: "SFB multiplier for ring and pinky"),
        .init(name: "thumb_sfb", defaultValue: 100, minimum: -10_000, maximum: 100_000, isInteger: false, summary: "cost of a thumb SFB"),
        .init(name: "full_scissor", defaultValue: 60, minimum: -10_000, maximum: 100_000, isInteger: false, summary: "cost of a full scissor"),
        .init(name: "half_scissor", defaultValue: 15, minimum: -10_000, maximum: 100_000, isInteger: false, summary: "cost of a half scissor"),
        .init(name: "scissor_row_diff", defaultValue: 2, minimum: 1, maximum: 16, isInteger: true, summary: "row distance of a full scissor"),
        .init(name: "lsb", defaultValue: 40, minimum: -10_000, maximum: 100_000, isInteger: false, summary: "cost of a lateral stretch bigram"),
        .init(name: "lsb_min_dx", defaultValue: 2.0, minimum: 0, maximum: 20, isInteger: false, summary: "x distance (key units) of an LSB"),
        .init(name: "roll_in_bonus", defaultValue: 15, minimum: -10_000, maximum: 10_000, isInteger: false, summary: "bonus of an inward roll bigram"),
        .init(name: "roll_out_bonus", defaultValue: 8, minimum: -10_000, maximum: 10_000, isInteger: false, summary: "bonus of an outward roll bigram"),
        .init(name: "alternation_bonus", defaultValue: 0, minimum: -10_000, maximum: 10_000, isInteger: false, summary: "bonus of a bigram across hands"),
        .init(name: "onehand_bonus", defaultValue: 10, minimum: -10_000, maximum: 10_000, isInteger: false, summary: "bonus of a one-hand roll trigram"),
        .init(name: "redirect", defaultValue: 30, minimum: -10_000, maximum: 100_000, isInteger: false, summary: "cost of a redirect trigram"),
        .init(name: "bad_redirect", defaultValue: 30, minimum: -10_000, maximum: 100_000, isInteger: false, summary: "extra cost of a redirect without the index finger"),
        .init(name: "sfs_base", defaultValue: 80, minimum: -10_000, maximum: 100_000, isInteger: false, summary: "cost of a same-finger skipgram"),
        .init(name: "sfs_distance", defaultValue: 10, minimum: -10_000, maximum: 10_000, isInteger: false, summary: "extra SFS cost per unit of travel"),
        .init(name: "trigram_alternate_bonus", defaultValue: 0, minimum: -10_000, maximum: 10_000, isInteger: false, summary: "bonus of an alternating trigram (L R L)"),
        .init(name: "trigram_roll_bonus", defaultValue: 0, minimum: -10_000, maximum: 10_000, isInteger: false, summary: "bonus of a trigram with a roll and a hand change"),
        .init(name: "imbalance_weight", defaultValue: 20_000, minimum: 0, maximum: 10_000_000, isInteger: false, summary: "weight of the hand-balance penalty"),
        .init(name: "imbalance_allowance", defaultValue: 0.05, minimum: 0, maximum: 0.5, isInteger: false, summary: "imbalance tolerated without penalty"),
        // unplaced_cost: see `Rubric.defaultUnplacedCost`.
        .init(name: "unplaced_cost", defaultValue: Rubric.defaultUnplacedCost, minimum: 0, maximum: 100_000, isInteger: false, summary: "cost of each keystroke of a symbol on no key"),
        .init(name: "trigram_coverage", defaultValue: 0.99, minimum: 0.000_001, maximum: 1, isInteger: false, summary: "share of trigram mass kept"),
        .init(name: "trigram_limit", defaultValue: 50_000, minimum: 1, maximum: 5_000_000, isInteger: true, summary: "most trigrams kept"),
    ]

    /// The default `unplaced_cost` (docs/PHYSICS.md section 2): the price of one keystroke of a symbol that
    /// is on no key. Its bigrams and trigrams cost nothing else. Chosen from two facts, both tested on every
    /// shipped board and embedded corpus (`UnplacedCostTests`):
    /// - a symbol on no key is at best typed on a layer or by a chord, two presses; on the shipped boards
    ///   the dearest key costs K < 40 and the dearest bigram (a pinky SFB across the block) B < 842, so a
    ///   keystroke priced at 1 000 costs more than any single key and any two-press move;
    /// - leaving a symbol off saves its key, bigram and trigram costs: measured over every key of every
    ///   reference layout on every shipped board and corpus (default rubric, unplaced_cost 0), the largest
    ///   saving is 672 per keystroke of the symbol (`;` of canary on cyanophage-ergo with code/python;
    ///   325 on corne with text/en_std). 1 000 is half as much again, so leaving a symbol off never pays,
    ///   and no layout of copies of one letter comes near a complete one.
    /// It is not higher because it would then swamp the layout's own costs (an average keystroke costs
    /// 20 to 45): at 2 500, a reference layout missing a comma ranked below qwerty on corne.
    public static let defaultUnplacedCost = 1_000.0

    /// The largest effort value accepted.
    public static let maxEffort = 100.0

    /// Every accepted name: `effort` and the scalar parameters.
    public static var names: [String] { [effortName] + parameters.map(\.name) }

    /// The finger efforts, thumb ... pinky.
    public private(set) var effort: [Double]
    private var values: [String: Double]

    /// The default rubric (docs/PHYSICS.md section 7).
    public init() {
        effort = Rubric.defaultEffort
        values = [:]
        for parameter in Rubric.parameters { values[parameter.name] = parameter.defaultValue }
    }

    /// A rubric with `overrides` applied to the defaults, validated; unknown names are an error.
    public init(overrides: [String: Double], effort: [Double]? = nil) throws(ValidationError) {
        self.init()
        for name in overrides.keys.sorted() {
            guard let value = overrides[name] else { continue }
            try set(name, value)
        }
        if let effort { try setEffort(effort) }
    }

    /// The value of a scalar parameter; `name` must be one of `parameters` (a programmer error otherwise).
    public subscript(name: String) -> Double {
        guard let value = values[name] else { preconditionFailure("unknown rubric parameter \(name)") }
        return value
    }

    /// Sets a scalar parameter after checking its name and range.
    public mutating func set(_ name: String, _ value: Double) throws(ValidationError) {
        guard let parameter = Rubric.parameters.first(where: { $0.name == name }) else {
            if name == Rubric.effortName { throw ValidationError(field: name, "is a list of \(Rubric.effortCount) numbers (thumb ... pinky)") }
            throw ValidationError(field: name, "unknown rubric parameter (known: \(Rubric.names.joined(separator: ", ")))")
        }
        guard value.isFinite else { throw ValidationError(field: name, "must be a finite number (got \(describe(value)))") }
        guard value >= parameter.minimum && value <= parameter.maximum else {
            throw ValidationError(field: name, "must be within \(describe(parameter.minimum)) ... \(describe(parameter.maximum)) (got \(describe(value)))")
        }
        if parameter.isInteger && value.rounded() != value {
            throw ValidationError(field: name, "must be a whole number (got \(describe(value)))")
        }
        values[name] = value
    }

    /// Sets the five finger efforts after checking them.
    public mutating func setEffort(_ newEffort: [Double]) throws(ValidationError) {
        guard newEffort.count == Rubric.effortCount else {
            throw ValidationError(field: Rubric.effortName, "needs \(Rubric.effortCount) numbers (thumb, index, middle, ring, pinky), got \(newEffort.count)")
        }
        for (index, value) in newEffort.enumerated() where !(value.isFinite && value >= 0 && value <= Rubric.maxEffort) {
            throw ValidationError(field: "\(Rubric.effortName)[\(index)]", "must be a finite number within 0 ... \(Int(Rubric.maxEffort)) (got \(describe(value)))")
        }
        effort = newEffort
    }

    /// Every parameter and its value, effort first, for reports and canonical encodings.
    public var allValues: [(name: String, value: Double)] {
        Rubric.parameters.map { ($0.name, values[$0.name] ?? $0.defaultValue) }
    }
}
