/// A mistyped verb (`keyforge analyse`): the closest verb of `ClientCommand.verbs` by edit distance.
enum VerbSuggestion {
    /// The message for `word`, which is no verb: a suggestion when one of `verbs` is close, else the
    /// `listed` verbs (those `keyforge --help` shows).
    static func message(for word: String, verbs: [String], listed: [String]) -> String {
        let shown = String(word.prefix(40))
        if let verb = closest(to: word, among: verbs) {
            return "unknown verb '\(shown)'; did you mean \(verb)? (keyforge --help lists the verbs)"
        }
        return "unknown verb '\(shown)'; the verbs are \(listed.joined(separator: ", ")) (keyforge --help)"
    }

    /// The verb nearest `word` when it is near enough to be a typo: at most 2 edits, and fewer than half
    /// the verb's letters (so `ab` suggests nothing), or `word` is the start of exactly one verb (`val`).
    /// Ties go to the verb listed first.
    static func closest(to word: String, among verbs: [String]) -> String? {
        let typed = Array(word.lowercased())
        var best: (verb: String, distance: Int)?
        for verb in verbs {
            let distance = editDistance(typed, Array(verb))
            if distance <= 2 && 2 * distance < verb.count && distance < (best?.distance ?? Int.max) { best = (verb, distance) }
        }
        if let best { return best.verb }
        let starting = typed.count >= 3 ? verbs.filter { $0.hasPrefix(String(typed)) } : []
        return starting.count == 1 ? starting[0] : nil
    }

    /// The optimal string alignment distance: insertions, deletions, substitutions and swaps of two
    /// neighbouring characters each count 1 (`anaylze` is one swap from `analyze`).
    static func editDistance(_ a: [Character], _ b: [Character]) -> Int {
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var table = [[Int]](repeating: [Int](repeating: 0, count: b.count + 1), count: a.count + 1)
        for i in 0...a.count { table[i][0] = i }
        for j in 0...b.count { table[0][j] = j }
        for i in 1...a.count {
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                var value = min(table[i - 1][j] + 1, table[i][j - 1] + 1, table[i - 1][j - 1] + cost)
                if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] { value = min(value, table[i - 2][j - 2] + 1) }
                table[i][j] = value
            }
        }
        return table[a.count][b.count]
    }
}
