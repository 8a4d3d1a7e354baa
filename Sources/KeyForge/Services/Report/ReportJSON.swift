import KeyForgeCore
import KeyForgeWire

/// The JSON form of an analysis: metric names as in docs/PHYSICS.md section 3, percentages 0 ... 100, the
/// score with its parts, and the board's keys echoed with their symbol and geometry so other tools
/// can draw or check the layout.
public enum ReportJSON {
    /// What an analysis was of: the names that go beside the numbers.
    public struct Context: Sendable {
        /// The keyboard.
        public var keyboard: Keyboard
        /// The layout's name (a reference name, or `custom`).
        public var layoutName: String
        /// The layout.
        public var layout: Layout
        /// The corpus id.
        public var corpusID: String
        /// The rubric's name or path.
        public var rubricName: String
        /// The corpus's content hash, when known.
        public var corpusHash: String?

        /// Creates a context.
        public init(keyboard: Keyboard, layoutName: String, layout: Layout, corpusID: String, rubricName: String, corpusHash: String? = nil) {
            self.keyboard = keyboard
            self.layoutName = layoutName
            self.layout = layout
            self.corpusID = corpusID
            self.rubricName = rubricName
            self.corpusHash = corpusHash
        }
    }

    /// The whole report as a JSON object.
    public static func encode(_ report: AnalysisReport, context: Context) -> JSONValue {
        var object = JSONObject()
        object.append("keyboard", .string(context.keyboard.name))
        object.append("layout_name", .string(context.layoutName))
        object.append("layout", .string(context.layout.tokenString))
        object.append("corpus", .string(context.corpusID))
        if let hash = context.corpusHash { object.append("corpus_sha256", .string(hash)) }
        object.append("rubric", .string(context.rubricName))
        object.append("score", number(FixedPoint.toDouble(report.score.total)))
        object.append("score_per_keystroke", number(perKeystroke(report.score)))
        object.append("score_parts", .object(scoreParts(report.score)))
        object.append("metrics", .object(metrics(report.metrics)))
        object.append("typing_metrics", .object(metrics(report.typingMetrics)))
        object.append("unplaced_symbols", .array(report.unplacedSymbols.map {
            .object(JSONObject([("symbol", .string($0.symbol)), ("percent", number($0.percent))]))
        }))
        var counts = JSONObject()
        counts.append("unigrams", .int(Int64(report.ngramCounts.unigrams)))
        counts.append("bigrams", .int(Int64(report.ngramCounts.bigrams)))
        counts.append("trigrams", .int(Int64(report.ngramCounts.trigrams)))
        object.append("ngram_counts", .object(counts))
        var worst = JSONObject()
        worst.append("sfb", .array(report.worstSameFinger.map(entry)))
        worst.append("scissors", .array(report.worstScissors.map(entry)))
        worst.append("redirect", .array(report.worstRedirects.map(entry)))
        object.append("worst", .object(worst))
        var typingWorst = JSONObject()
        typingWorst.append("sfb", .array(report.typing.worstSameFinger.map(entry)))
        typingWorst.append("scissors", .array(report.typing.worstScissors.map(entry)))
        typingWorst.append("redirect", .array(report.typing.worstRedirects.map(entry)))
        object.append("typing_worst", .object(typingWorst))
        object.append("keys", .array(keys(report, context: context)))
        return .object(object)
    }

    /// The score's parts by name (each rounded on its own; the score is rounded once from the exact sum).
    public static func scoreParts(_ score: ScoreParts) -> JSONObject {
        JSONObject([("mono", number(FixedPoint.toDouble(score.mono))), ("bi", number(FixedPoint.toDouble(score.bi))),
                    ("tri", number(FixedPoint.toDouble(score.tri))), ("unplaced", number(FixedPoint.toDouble(score.unplaced))),
                    ("imbalance", number(FixedPoint.toDouble(score.imbalance)))])
    }

    /// The human-scale figure beside the score: the cost of an average keystroke (S / 100 000), in the
    /// rubric's cost units (a home-row index press costs `effort_unit`, 10 by default).
    public static func perKeystroke(_ score: ScoreParts) -> Double {
        FixedPoint.toDouble(score.total) / 100_000
    }

    /// The metric names in report order, with their values.
    public static func metrics(_ metrics: Metrics) -> JSONObject {
        var object = JSONObject()
        for (name, value) in scalarMetrics(metrics) { object.append(name, number(value)) }
        object.append("finger_usage", .array(metrics.fingerUsage.map(number)))
        object.append("row_usage", .array(metrics.rowUsage.map(number)))
        return object
    }

    /// The scalar metrics by their docs/PHYSICS.md section 3 names.
    public static func scalarMetrics(_ metrics: Metrics) -> [(String, Double)] {
        [("sfb", metrics.sfb), ("sfr", metrics.sfr), ("sfs", metrics.sfs), ("lsb", metrics.lsb),
         ("scissors_full", metrics.scissorsFull), ("scissors_half", metrics.scissorsHalf),
         ("alternation", metrics.alternation), ("roll_in", metrics.rollIn), ("roll_out", metrics.rollOut),
         ("onehand", metrics.onehand), ("redirect", metrics.redirect), ("bad_redirect", metrics.badRedirect),
         ("left_hand", metrics.leftHand), ("distance", metrics.distance), ("distance_mm", metrics.distanceMillimetres),
         ("unplaced", metrics.unplaced)]
    }

    /// A double rounded to 6 decimals (1e-6 is far below any meaningful difference), so golden
    /// files stay readable; values come from integers, so this is deterministic.
    public static func number(_ value: Double) -> JSONValue {
        let rounded = (value * 1_000_000).rounded(.toNearestOrAwayFromZero) / 1_000_000
        return .double(rounded == 0 ? 0 : rounded)
    }

    private static func entry(_ entry: NGramEntry) -> JSONValue {
        var object = JSONObject()
        object.append("ngram", .array(entry.symbols.map { .string($0) }))
        object.append("keys", .array(entry.keys.map { .int(Int64($0)) }))
        object.append("percent", number(entry.percent))
        object.append("cost", number(entry.cost))
        return .object(object)
    }

    private static func keys(_ report: AnalysisReport, context: Context) -> [JSONValue] {
        context.keyboard.keys.enumerated().map { index, key in
            var object = JSONObject()
            object.append("index", .int(Int64(index)))
            object.append("symbol", context.layout.symbols[index].map { .string($0) } ?? .null)
            object.append("hand", .int(Int64(key.hand)))
            object.append("finger", .int(Int64(key.finger)))
            object.append("row", .int(Int64(key.row)))
            object.append("col", .int(Int64(key.col)))
            object.append("x", number(key.x))
            object.append("y", number(key.y))
            object.append("w", number(key.width))
            object.append("h", number(key.height))
            if key.rotation != 0 {
                object.append("r", number(key.rotation))
                object.append("rx", number(key.rotationOriginX))
                object.append("ry", number(key.rotationOriginY))
            }
            let usage = report.keyUsage[index]
            object.append("cost", number(usage.cost))
            object.append("usage", number(usage.usage))
            object.append("typing_usage", number(usage.typingUsage))
            object.append("load", number(usage.load))
            return .object(object)
        }
    }
}
