/// The metrics of docs/PHYSICS.md section 3. Percentages are 0 ... 100 of the mass of n-grams whose
/// symbols are all placed (trigrams: the kept trigrams), so layouts compare on one corpus.
public struct Metrics: Equatable, Sendable {
    /// Same finger, different key, bigrams.
    public var sfb = 0.0
    /// Same key repeats.
    public var sfr = 0.0
    /// Same-finger skipgrams (trigrams).
    public var sfs = 0.0
    /// Lateral stretch bigrams.
    public var lsb = 0.0
    /// Full scissor bigrams.
    public var scissorsFull = 0.0
    /// Half scissor bigrams.
    public var scissorsHalf = 0.0
    /// Trigrams whose hand alternates.
    public var alternation = 0.0
    /// One-hand bigrams towards the thumb.
    public var rollIn = 0.0
    /// One-hand bigrams away from the thumb.
    public var rollOut = 0.0
    /// One-hand roll trigrams.
    public var onehand = 0.0
    /// Redirect trigrams (bad ones included).
    public var redirect = 0.0
    /// Redirect trigrams without the index finger.
    public var badRedirect = 0.0
    /// Share of placed monogram mass typed by the left hand, thumbs excluded from both sides.
    public var leftHand = 0.0
    /// Monogram share per finger: left pinky ... left thumb, right thumb ... right pinky.
    public var fingerUsage = [Double](repeating: 0, count: 10)
    /// Monogram share per logical row, index = row.
    public var rowUsage: [Double] = []
    /// Key units travelled per 100 000 characters (Euclidean, from the finger's previous key or origin).
    public var distance = 0.0
    /// Share of monogram mass whose symbol is not on the layout.
    public var unplaced = 0.0

    /// Creates zero metrics.
    public init() {}
}

/// One n-gram in a worst-of list.
public struct NGramEntry: Equatable, Sendable {
    /// Its symbols.
    public var symbols: [String]
    /// The keys the optimal typist used.
    public var keys: [Int]
    /// Its share of the placed mass of its kind, 0 ... 100.
    public var percent: Double
    /// Its cost (B or T) in cost units.
    public var cost: Double
}

/// One key's cost and use: the input of a heat map.
public struct KeyUsage: Equatable, Sendable {
    /// The key's index.
    public var key: Int
    /// K(p) in cost units.
    public var cost: Double
    /// Share of placed monogram mass typed on this key, 0 ... 100.
    public var usage: Double
    /// This key's monogram cost per 100 000 characters.
    public var load: Double
    /// This key's share of the score's n-gram parts per 100 000 characters: its monogram cost, half
    /// the cost of every bigram typed with it and a third of every trigram's (an n-gram that uses the
    /// key twice counts it twice). Over all keys these add up to mono + bi + tri (rounding aside);
    /// the hand-balance penalty belongs to no key. The heat map's "cost".
    public var attributed: Double = 0
}

/// The exact-tier analysis of one layout on one board, corpus and rubric (docs/PHYSICS.md section 3).
public struct AnalysisReport: Equatable, Sendable {
    /// The score and its parts, fixed point.
    public var score: ScoreParts
    /// The metrics.
    public var metrics: Metrics
    /// The ten most frequent SFBs.
    public var worstSameFinger: [NGramEntry]
    /// The ten most frequent scissors (full and half).
    public var worstScissors: [NGramEntry]
    /// The ten most frequent redirects.
    public var worstRedirects: [NGramEntry]
    /// Per key: cost and use.
    public var keyUsage: [KeyUsage]
    /// How many monograms, bigrams and kept trigrams were scored (entries, not mass).
    public var ngramCounts: (unigrams: Int, bigrams: Int, trigrams: Int)

    /// Equality of every field.
    public static func == (lhs: AnalysisReport, rhs: AnalysisReport) -> Bool {
        lhs.score == rhs.score && lhs.metrics == rhs.metrics && lhs.worstSameFinger == rhs.worstSameFinger
            && lhs.worstScissors == rhs.worstScissors && lhs.worstRedirects == rhs.worstRedirects
            && lhs.keyUsage == rhs.keyUsage && lhs.ngramCounts == rhs.ngramCounts
    }

    /// How many entries each worst-of list keeps.
    public static let worstListLength = 10
}
