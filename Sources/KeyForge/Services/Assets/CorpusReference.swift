import KeyForgeCore

/// Parses a `--corpus` value: one id or folder, or a weighted mix `text/en_std:0.7,code/python:0.3`.
public enum CorpusReference {
    /// The parts: an id or path, and its weight when one was given.
    public static func parse(_ text: String) throws(InputError) -> [(id: String, weight: Double?)] {
        var parts: [(id: String, weight: Double?)] = []
        for piece in text.split(separator: ",", omittingEmptySubsequences: false).map(String.init) {
            let trimmed = piece.trimmingSpaces
            guard !trimmed.isEmpty else { throw InputError(.invalid, source: "--corpus", "an empty entry in \"\(text)\"") }
            if let colon = trimmed.lastIndex(of: ":"), let weight = Double(trimmed[trimmed.index(after: colon)...]) {
                guard weight.isFinite && weight > 0 else {
                    throw InputError(.invalid, source: "--corpus", "the weight of \(trimmed[..<colon]) must be a positive number")
                }
                parts.append((String(trimmed[..<colon]), weight))
            } else {
                parts.append((trimmed, nil))
            }
        }
        if parts.count > CorpusMix.maxSources {
            throw InputError(.invalid, source: "--corpus", "at most \(CorpusMix.maxSources) corpora in a mix")
        }
        return parts
    }
}

extension String {
    var trimmingSpaces: String {
        String(drop { $0 == " " }.reversed().drop { $0 == " " }.reversed())
    }
}
