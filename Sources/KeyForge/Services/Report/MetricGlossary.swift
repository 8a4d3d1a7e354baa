import KeyForgeCore

/// Every figure of the analysis report with its one-line definition and scope: printed by
/// `keyforge analyze --explain`, and the same lines are in docs/METRICS.md (a test checks they agree).
public enum MetricGlossary {
    /// One figure: its name as in JSON and text, where it is counted, and what it is.
    public struct Entry: Sendable {
        /// The name in JSON and in the text report.
        public let name: String
        /// `score` (independent of the scope) or `letters, typing` (reported in both scopes).
        public let scope: String
        /// The one-line definition.
        public let definition: String
    }

    private static let both = "letters, typing"

    /// The figures, in report order.
    public static let entries: [Entry] = [
        .init(name: "score", scope: "score", definition: "cost per 100 000 keystrokes of the corpus, lower is better: (Σ n1·K + Σ n2·B + Σ n3·T + unplaced keystrokes · unplaced_cost) · 100 000 / N1 + H, rounded once to 0.001 (docs/PHYSICS.md section 2)"),
        .init(name: "score_per_keystroke", scope: "score", definition: "score / 100 000: the cost of an average keystroke, in the rubric's units (a home-row index press costs effort_unit, 10 by default)"),
        .init(name: "mono, bi, tri", scope: "score", definition: "the score's key, bigram and trigram sums, each normalized and rounded on its own (for display)"),
        .init(name: "unplaced (part)", scope: "score", definition: "the score's price of keystrokes whose symbol is on no key: their count · unplaced_cost, normalized"),
        .init(name: "imbalance", scope: "score", definition: "H, the hand-balance penalty: imbalance_weight · max(0, |left share − 0.5| − imbalance_allowance)"),
        .init(name: "sfb", scope: both, definition: "% of bigrams typed by one finger on two different keys"),
        .init(name: "sfr", scope: both, definition: "% of bigrams typed by pressing the same key twice"),
        .init(name: "sfs", scope: both, definition: "% of trigrams whose first and third keys are different keys of one finger, the middle key on another finger"),
        .init(name: "lsb", scope: both, definition: "% of bigrams on adjacent fingers of one hand at least lsb_min_dx apart sideways, or with a stretch-column key"),
        .init(name: "scissors_full", scope: both, definition: "% of bigrams on adjacent fingers of one hand whose rows differ by scissor_row_diff or more"),
        .init(name: "scissors_half", scope: both, definition: "% of bigrams on adjacent fingers of one hand one row apart with the shorter finger on the upper row"),
        .init(name: "roll_in", scope: both, definition: "% of bigrams on one hand, two different fingers, moving towards the thumb"),
        .init(name: "roll_out", scope: both, definition: "% of bigrams on one hand, two different fingers, moving away from the thumb"),
        .init(name: "alternation", scope: both, definition: "% of trigrams typed left-right-left or right-left-right"),
        .init(name: "onehand", scope: both, definition: "% of trigrams on one hand, three different fingers, moving in one direction"),
        .init(name: "redirect", scope: both, definition: "% of trigrams on one hand, three different fingers, changing direction"),
        .init(name: "bad_redirect", scope: both, definition: "% of trigrams that are redirects without an index finger"),
        .init(name: "left_hand", scope: both, definition: "% of the placed keystrokes typed by the left hand, thumbs left out of both hands"),
        .init(name: "finger_usage", scope: both, definition: "% of the placed keystrokes per finger: left pinky, ring, middle, index, thumb, right thumb, index, middle, ring, pinky"),
        .init(name: "row_usage", scope: both, definition: "% of the placed keystrokes per logical row, top row first"),
        .init(name: "distance", scope: both, definition: "key units travelled per 100 000 keystrokes: per bigram, the plain distance between key centres from the finger's previous key (same finger) or its home key (another finger), unweighted"),
        .init(name: "distance_mm", scope: both, definition: "distance in millimetres (1 key unit = 19.05 mm)"),
        .init(name: "unplaced", scope: both, definition: "% of keystrokes whose symbol is on no key (each priced at unplaced_cost in the score)"),
    ]

    /// The scopes, as explained under the list.
    public static let scopeNotes: [String] = [
        "letters: only n-grams made entirely of characters (one Unicode scalar: letters, digits, punctuation); any n-gram with a named key (SPACE, ENTER, BACKSPACE, TAB, SHIFT, ...) is left out of numerator and denominator, and usage counts character presses only. The default of every report.",
        "typing: every keystroke, named keys included, as the score sees them (JSON typing_metrics, text --scope typing).",
        "Percentages are of the scope's n-grams whose symbols are all on keys (trigrams: the kept trigrams), except unplaced (of all the scope's keystrokes). With a symbol on several keys, an n-gram is classified on the keys the score chose.",
        "In text reports, named keys inside n-grams are marked: ␣ SPACE, ⏎ ENTER, ⌫ BACKSPACE, ⇥ TAB, ⇧ SHIFT, ⎋ ESCAPE, ⌦ DELETE, ‹name› any other.",
    ]

    /// The legend as plain text, one line per figure (`keyforge analyze --explain`).
    public static var text: String {
        let width = (entries.map(\.name.count).max() ?? 0) + 2
        var lines = entries.map { ReportText.padRight($0.name, width) + "[\($0.scope)] " + $0.definition }
        lines.append("")
        lines.append(contentsOf: scopeNotes)
        return lines.joined(separator: "\n")
    }

    /// The legend as a Markdown table and notes, the generated part of docs/METRICS.md.
    public static var markdown: String {
        var lines = ["| name | scope | definition |", "|---|---|---|"]
        lines.append(contentsOf: entries.map { "| `\($0.name)` | \($0.scope) | \($0.definition.replacingPipes) |" })
        lines.append("")
        lines.append(contentsOf: scopeNotes.map { "- \($0)" })
        return lines.joined(separator: "\n")
    }
}

private extension String {
    var replacingPipes: String { split(separator: "|", omittingEmptySubsequences: false).joined(separator: "\\|") }
}
