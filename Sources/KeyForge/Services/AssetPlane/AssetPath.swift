import KeyForgeAdapters
/// The one rule for asset paths, shared by the writer, the server and sync: relative, slash-separated
/// segments of `[A-Za-z0-9._-]`, none empty, none starting with a dot (so no `..`, no hidden files).
///
/// A whitelist rather than a list of bad shapes: `..`, `%2e%2e` (after decoding), NUL, backslash,
/// absolute paths, doubled slashes and control bytes all fall outside it.
public enum AssetPath {
    /// The longest path accepted, in bytes.
    public static let maxBytes = 512

    /// True when `path` is a safe asset path.
    public static func isSafe(_ path: String) -> Bool {
        let bytes = Array(path.utf8)
        guard !bytes.isEmpty, bytes.count <= maxBytes else { return false }
        var segmentStart = true
        for byte in bytes {
            if byte == UInt8(ascii: "/") {
                if segmentStart { return false }
                segmentStart = true
                continue
            }
            if segmentStart && byte == UInt8(ascii: ".") { return false }
            segmentStart = false
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                 UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "-"):
                continue
            default:
                return false
            }
        }
        return !segmentStart
    }
}

/// What an asset file is, decided by where it sits under the data folder (docs/ARCHITECTURE.md section 6).
public enum AssetKind: Equatable, Sendable {
    /// `keyboards/<name>.json`.
    case keyboard
    /// `rubrics/<name>.json`.
    case rubric
    /// `config/keycodes.json`.
    case keycodes
    /// `corpora/<kind>/<id>/<segment>.mpk.zst`.
    case corpusSegment(CorpusSegmentKind)
    /// `corpora/<kind>/<id>/manifest.json`.
    case corpusManifest

    /// The kind of the file at `path` (relative to the data folder), or nil when it is not an asset.
    public init?(path: String) {
        guard AssetPath.isSafe(path) else { return nil }
        let parts = path.split(separator: "/")
        switch (parts.first, parts.count) {
        case ("keyboards", 2) where path.hasSuffix(".json"): self = .keyboard
        case ("rubrics", 2) where path.hasSuffix(".json"): self = .rubric
        case ("config", 2) where parts[1] == "keycodes.json": self = .keycodes
        case ("corpora", 4):
            if parts[3] == "manifest.json" { self = .corpusManifest; return }
            // Skip-k bigram segments use the 2grams format.
            if (1...3).contains(where: { parts[3] == CorpusBundle.skipSegmentName($0) }) { self = .corpusSegment(.grams2); return }
            guard let kind = CorpusSegmentKind.allCases.first(where: { $0.fileName == parts[3] }) else { return nil }
            self = .corpusSegment(kind)
        default:
            return nil
        }
    }

    /// True when the stored form is the file zstd-compressed (JSON); segments are stored as they are.
    public var isCompressedForStorage: Bool {
        if case .corpusSegment = self { return false }
        return true
    }
}
