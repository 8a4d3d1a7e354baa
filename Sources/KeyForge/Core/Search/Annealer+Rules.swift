/// Magic-rule moves of the search (issue 26, docs/PHYSICS.md section 5): a move replaces one free rule
/// by a candidate (after, output) whose `after` no other rule has; the polish tries every candidate in
/// every free slot.
extension Annealer {
    /// A random rule move for `state`, or nil when the draw is no change or its `after` is taken.
    func proposeRuleMove(_ state: LayoutState, rng: inout SplitMix64) -> (slot: Int, after: Int, output: Int)? {
        let slots = parameters.freeRuleSlots
        let slot = slots[rng.next(below: slots.count)]
        let candidate = ruleCandidates[rng.next(below: ruleCandidates.count)]
        return isAllowed(candidate, slot: slot, state.ruleSymbols) ? (slot, candidate.after, candidate.output) : nil
    }

    /// True when rule `slot` may become `candidate`: a change, and no other rule follows the same symbol.
    private func isAllowed(_ candidate: (after: Int, output: Int), slot: Int, _ rules: [(after: Int32, output: Int32)]) -> Bool {
        let current = rules[slot]
        if Int(current.after) == candidate.after && Int(current.output) == candidate.output { return false }
        for (other, rule) in rules.enumerated() where other != slot && Int(rule.after) == candidate.after { return false }
        return true
    }

    /// Steepest descent over rule changes: apply the best improving (slot, candidate) until none
    /// improves. Returns the number of changes evaluated.
    func polishRules(_ state: inout LayoutState) -> Int64 {
        guard hasRuleMoves else { return 0 }
        var current = scorer.normalized(state.raw).total
        var evaluated: Int64 = 0
        while true {
            var bestMove: (slot: Int, after: Int, output: Int)? = nil
            var bestDelta = RawScore()
            var bestTotal = current
            let rules = state.ruleSymbols
            for slot in parameters.freeRuleSlots {
                for candidate in ruleCandidates where isAllowed(candidate, slot: slot, rules) {
                    evaluated += 1
                    let delta = scorer.ruleChangeDelta(state, slot: slot, after: candidate.after, output: candidate.output)
                    let total = scorer.normalized(state.raw + delta).total
                    if total < bestTotal {
                        bestTotal = total
                        bestMove = (slot, candidate.after, candidate.output)
                        bestDelta = delta
                    }
                }
            }
            guard let move = bestMove else { return evaluated }
            state.applyRuleChange(slot: move.slot, after: move.after, output: move.output, delta: bestDelta)
            current = bestTotal
        }
    }

    /// Alternates rule polish and swap polish until neither improves (nothing without rule moves).
    /// Returns the moves evaluated.
    func polishRulesAndSwaps(_ state: inout LayoutState, movable: [Int]) -> Int64 {
        guard hasRuleMoves else { return 0 }
        var evaluated: Int64 = 0
        while true {
            let before = scorer.normalized(state.raw).total
            evaluated += polishRules(&state)
            if scorer.normalized(state.raw).total == before { return evaluated }
            evaluated += polish(&state, movable: movable)
        }
    }
}
