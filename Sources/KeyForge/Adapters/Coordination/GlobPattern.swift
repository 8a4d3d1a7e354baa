/// Valkey's glob matching (as `SCAN MATCH` and `KEYS` use it), for the in-process coordinator.
///
/// `*` any run, `?` one byte, `[abc]`, `[a-z]` and `[^a]` classes, `\x` a literal `x`. Works on
/// bytes, as the server does. Backtracking is limited to the last `*`, so matching is linear-ish.
enum GlobPattern {
    /// True when `text` matches `pattern`.
    static func matches(_ pattern: String, _ text: String) -> Bool {
        matches(Array(pattern.utf8), Array(text.utf8))
    }

    static func matches(_ pattern: [UInt8], _ text: [UInt8]) -> Bool {
        var p = 0
        var t = 0
        var starPattern = -1
        var starText = 0
        while t < text.count {
            if p < pattern.count, pattern[p] == UInt8(ascii: "*") {
                starPattern = p
                starText = t
                p += 1
                continue
            }
            if p < pattern.count, let next = single(pattern, p, text[t]) {
                if next.matched {
                    p = next.end
                    t += 1
                    continue
                }
            }
            guard starPattern >= 0 else { return false }
            // Let the last star absorb one more byte and retry from just after it.
            starText += 1
            t = starText
            p = starPattern + 1
        }
        while p < pattern.count, pattern[p] == UInt8(ascii: "*") { p += 1 }
        return p == pattern.count
    }

    /// Whether the pattern element at `p` (not a star) matches `byte`, and where the element ends.
    private static func single(_ pattern: [UInt8], _ p: Int, _ byte: UInt8) -> (matched: Bool, end: Int)? {
        switch pattern[p] {
        case UInt8(ascii: "?"):
            return (true, p + 1)
        case UInt8(ascii: "\\") where p + 1 < pattern.count:
            return (pattern[p + 1] == byte, p + 2)
        case UInt8(ascii: "["):
            return matchClass(pattern, p + 1, byte)
        default:
            return (pattern[p] == byte, p + 1)
        }
    }

    private static func matchClass(_ pattern: [UInt8], _ start: Int, _ byte: UInt8) -> (matched: Bool, end: Int) {
        var p = start
        let negated = p < pattern.count && pattern[p] == UInt8(ascii: "^")
        if negated { p += 1 }
        var matched = false
        while p < pattern.count, pattern[p] != UInt8(ascii: "]") {
            if pattern[p] == UInt8(ascii: "\\"), p + 1 < pattern.count {
                matched = matched || pattern[p + 1] == byte
                p += 2
            } else if p + 2 < pattern.count, pattern[p + 1] == UInt8(ascii: "-"), pattern[p + 2] != UInt8(ascii: "]") {
                let low = min(pattern[p], pattern[p + 2])
                let high = max(pattern[p], pattern[p + 2])
                matched = matched || (low...high).contains(byte)
                p += 3
            } else {
                matched = matched || pattern[p] == byte
                p += 1
            }
        }
        // An unclosed class runs to the end of the pattern, as the server treats it.
        return (matched != negated, min(p + 1, pattern.count))
    }
}
