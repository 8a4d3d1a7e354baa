import ArgumentParser

/// A span of time on the command line: `30d`, `12h`, `90m`, `45s` or plain seconds.
enum DurationArgument {
    /// The seconds `text` names; a usage error for anything else.
    static func seconds(_ text: String) throws -> Int64 {
        let units: [Character: Int64] = ["s": 1, "m": 60, "h": 3600, "d": 86_400, "w": 604_800]
        var digits = Substring(text)
        var unit: Int64 = 1
        if let last = text.last, let scale = units[last] {
            unit = scale
            digits = digits.dropLast()
        }
        guard let count = Int64(digits), count >= 0, count <= Int64.max / unit else {
            throw ValidationError("\(text.debugDescription) is not a duration: use a whole number with s, m, h, d or w (30d)")
        }
        return count * unit
    }
}
