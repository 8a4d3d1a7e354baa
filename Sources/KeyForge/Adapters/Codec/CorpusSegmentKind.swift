/// The four segments of a corpus bundle; the raw value is the file's base name.
public enum CorpusSegmentKind: String, CaseIterable, Sendable {
    /// Single symbols: `{"char": str, "freq": uint}`.
    case grams1 = "1grams"
    /// Symbol pairs: `{"char1": str, "char2": str, "freq": uint}`.
    case grams2 = "2grams"
    /// Symbol triples: `{"char1": str, "char2": str, "char3": str, "freq": uint}`.
    case grams3 = "3grams"
    /// Whole words: `{"word": str, "freq": uint}`.
    case words = "words"

    /// The segment's file name inside a corpus folder, such as `1grams.mpk.zst`.
    public var fileName: String { rawValue + ".mpk.zst" }

    /// How many symbols one record holds (a word counts as one symbol).
    public var arity: Int {
        switch self {
        case .grams1, .words: 1
        case .grams2: 2
        case .grams3: 3
        }
    }

    /// The map keys of a record's symbols, in the order they are written.
    public var symbolKeys: [String] {
        switch self {
        case .grams1: ["char"]
        case .grams2: ["char1", "char2"]
        case .grams3: ["char1", "char2", "char3"]
        case .words: ["word"]
        }
    }

    /// The map key of a record's count, written after the symbols.
    public static let frequencyKey = "freq"

    /// All keys of a record in written order, quoted and comma-separated, for error messages.
    var keyListDescription: String {
        (symbolKeys + [Self.frequencyKey]).map { "\"\($0)\"" }.joined(separator: ", ")
    }
}
