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
    /// Key units travelled per 100 000 keystrokes of the scope (plain Euclidean between key centres,
    /// from the finger's previous key when the bigram is on one finger, else from its origin; see `AnalysisTally`).
    public var distance = 0.0
    /// Share of monogram mass whose symbol is not on the layout.
    public var unplaced = 0.0

    /// Creates zero metrics.
    public init() {}

    /// Millimetres per key unit (1u = 19.05 mm, the spacing of a standard keyboard).
    public static let millimetresPerUnit = 19.05

    /// `distance` in millimetres per 100 000 keystrokes of the scope.
    public var distanceMillimetres: Double { distance * Metrics.millimetresPerUnit }
}

/// Which n-grams the metrics count (docs/PHYSICS.md section 3). The score never depends on the scope.
public enum MetricScope: String, CaseIterable, Sendable {
    /// Only n-grams made entirely of characters; named keys are left out of numerator and denominator.
    /// The default of every report, and the convention of community analyzers.
    case letters
    /// Every keystroke the score sees, named keys (SPACE, ENTER, BACKSPACE, ...) included.
    case typing

    /// True when `symbol` is a character (one Unicode scalar: a letter, digit or punctuation mark),
    /// false for a named key such as SPACE, ENTER, BACKSPACE, TAB or SHIFT.
    public static func isCharacter(_ symbol: String) -> Bool {
        symbol.unicodeScalars.count == 1
    }
}

/// The metrics and worst lists of one scope.
public struct ScopeReport: Equatable, Sendable {
    /// The metrics.
    public var metrics: Metrics
    /// The ten most frequent SFBs.
    public var worstSameFinger: [NGramEntry]
    /// The ten most frequent scissors (full and half).
    public var worstScissors: [NGramEntry]
    /// The ten most frequent redirects.
    public var worstRedirects: [NGramEntry]
}

/// A symbol of the corpus that is on no key, with its share of all keystrokes (N1), 0 ... 100.
public struct UnplacedSymbol: Equatable, Sendable {
    /// The symbol.
    public var symbol: String
    /// Its share of N1 in percent.
    public var percent: Double
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
    /// Share of the placed character presses (letters scope) typed on this key, 0 ... 100.
    public var usage: Double
    /// This key's monogram cost per 100 000 characters.
    public var load: Double
    /// This key's share of the score's n-gram parts per 100 000 characters: its monogram cost, half
    /// the cost of every bigram typed with it and a third of every trigram's (an n-gram that uses the
    /// key twice counts it twice). Over all keys these add up to mono + bi + tri (rounding aside);
    /// the hand-balance penalty belongs to no key. The heat map's "cost".
    public var attributed: Double = 0
    /// Share of all placed presses (typing scope, named keys included) typed on this key, 0 ... 100.
    public var typingUsage: Double = 0
}

/// One layer's share of a layout's typing (`AnalysisReport.layers`).
public struct LayerUsage: Equatable, Sendable {
    /// `base`, `shift` or the layer's name.
    public var name: String
    /// Share of the placed symbols' presses (placed monogram mass) typed on this layer, 0 ... 100.
    public var percent: Double
    /// Presses of this layer's layer keys (SHIFT for `shift`), in percent of N1; 0 for the base layer.
    public var layerKeyPresses: Double
}

/// The exact-tier analysis of one layout on one board, corpus and rubric (docs/PHYSICS.md section 3).
public struct AnalysisReport: Equatable, Sendable {
    /// The score and its parts, fixed point.
    public var score: ScoreParts
    /// The letters scope's metrics and worst lists (the default of every report).
    public var letters: ScopeReport
    /// The typing scope's metrics and worst lists.
    public var typing: ScopeReport
    /// Per key: cost and use.
    public var keyUsage: [KeyUsage]
    /// Every unplaced symbol above 0.05 % of keystrokes, most frequent first (ties by symbol).
    public var unplacedSymbols: [UnplacedSymbol]
    /// How many monograms, bigrams and kept trigrams were scored (entries, not mass).
    public var ngramCounts: (unigrams: Int, bigrams: Int, trigrams: Int)
    /// Layouts with extras only (empty otherwise): the share of keystrokes typed on each layer, base first.
    public var layers: [LayerUsage] = []
    /// Layouts with extras only: presses of REPEAT and of MAGIC keys, in percent of N1.
    public var repeatPresses = 0.0, magicPresses = 0.0

    /// Equality of every field.
    public static func == (lhs: AnalysisReport, rhs: AnalysisReport) -> Bool {
        lhs.score == rhs.score && lhs.letters == rhs.letters && lhs.typing == rhs.typing
            && lhs.keyUsage == rhs.keyUsage && lhs.unplacedSymbols == rhs.unplacedSymbols && lhs.ngramCounts == rhs.ngramCounts
            && lhs.layers == rhs.layers && lhs.repeatPresses == rhs.repeatPresses && lhs.magicPresses == rhs.magicPresses
    }

    /// The metrics and worst lists of `scope`.
    public func scope(_ scope: MetricScope) -> ScopeReport {
        switch scope {
        case .letters: letters
        case .typing: typing
        }
    }

    /// The letters scope's metrics (the default).
    public var metrics: Metrics { letters.metrics }
    /// The typing scope's metrics.
    public var typingMetrics: Metrics { typing.metrics }
    /// The letters scope's most frequent SFBs.
    public var worstSameFinger: [NGramEntry] { letters.worstSameFinger }
    /// The letters scope's most frequent scissors.
    public var worstScissors: [NGramEntry] { letters.worstScissors }
    /// The letters scope's most frequent redirects.
    public var worstRedirects: [NGramEntry] { letters.worstRedirects }

    /// An unplaced symbol is named in reports when its count times this exceeds N1 (above 0.05 %).
    public static let unplacedListThresholdDenominator: Int64 = 2000

    /// How many entries each worst-of list keeps.
    public static let worstListLength = 10
}
