/// Delta scoring of a magic-rule change (a search move): only the n-grams holding the old rule's pair
/// (after, output) or the new one's change price, and the state indexed them from the start
/// (`ExtrasState.pairNGrams`, for the rules and the search's candidate pairs).
extension OptimizedScorer {
    /// The change in every raw sum if rule `slot` of `state` became `after` -> `output` (corpus symbol
    /// indexes). The pair must be one of the state's rule candidates, and no other rule may follow `after`.
    public func ruleChangeDelta(_ state: LayoutState, slot: Int, after: Int, output: Int) -> RawScore {
        guard let extras = state.extras, extras.hasMagicKeys else { return RawScore() }
        let count = index.symbolCount
        let old = extras.ruleSymbols[slot]
        let oldPair = old.after >= 0 && old.output >= 0 ? Int(old.after) * count + Int(old.output) : -1
        let newPair = after * count + output
        guard newPair != oldPair else { return RawScore() }
        precondition(extras.pairNGrams[newPair] != nil || !hasNGrams(after, output),
                     "ruleChangeDelta: the pair is not one of the state's rule candidates")
        var changed = extras
        changed.changeRule(slot, to: MagicRule(after: symbols[after], output: symbols[output]),
                           after: Int32(after), output: Int32(output))
        var scratch = WayScratch()
        var delta = RawScore()
        for pair in [oldPair, newPair] where pair >= 0 {
            guard let lists = extras.pairNGrams[pair] else { continue }
            for position in lists.bigrams {
                let entry = index.bigrams[Int(position)]
                delta.bi &+= Int64(entry.count)
                    &* (bigramCorrection(entry, changed, -1, -1, &scratch) &- bigramCorrection(entry, extras, -1, -1, &scratch))
            }
            for position in lists.trigrams {
                let entry = index.trigrams[Int(position)]
                // A trigram holding both pairs is priced with the old pair's list only.
                if pair == newPair && oldPair >= 0
                    && (Int(entry.a) * count + Int(entry.b) == oldPair || Int(entry.b) * count + Int(entry.c) == oldPair) {
                    continue
                }
                delta.tri &+= Int64(entry.count)
                    &* (trigramCorrection(entry, changed, -1, -1, &scratch) &- trigramCorrection(entry, extras, -1, -1, &scratch))
            }
        }
        return delta
    }

    /// Computes the delta of changing rule `slot` of `state`, applies it, and returns it.
    @discardableResult
    public func applyRuleChange(_ state: inout LayoutState, slot: Int, after: Int, output: Int) -> RawScore {
        let delta = ruleChangeDelta(state, slot: slot, after: after, output: output)
        state.applyRuleChange(slot: slot, after: after, output: output, delta: delta)
        return delta
    }

    /// True when the corpus has a bigram (after, output) (a pair without n-grams needs no index).
    private func hasNGrams(_ after: Int, _ output: Int) -> Bool {
        index.bigrams.contains { Int($0.a) == after && Int($0.b) == output }
    }
}
