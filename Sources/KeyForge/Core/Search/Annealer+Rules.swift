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

/// A step of the anneal that is not a swap: a rule move or a layer move (`Annealer.drawExtraMove`).
enum ExtraMove {
    /// Rule `slot` becomes (after, output), changing the raw sums by `delta`.
    case rule(slot: Int, after: Int, output: Int, delta: RawScore)
    /// A layer move, and the state of the layout it gives.
    case layer(LayoutState)
    /// The step drew a rule or layer move that changes nothing or is not allowed.
    case nothing

    /// The raw sums after the move from `state`, nil for `.nothing`.
    func raw(from state: LayoutState) -> RawScore? {
        switch self {
        case .rule(_, _, _, let delta): state.raw + delta
        case .layer(let moved): moved.raw
        case .nothing: nil
        }
    }

    /// Applies the move to `state`.
    func apply(to state: inout LayoutState) {
        switch self {
        case .rule(let slot, let after, let output, let delta): state.applyRuleChange(slot: slot, after: after, output: output, delta: delta)
        case .layer(let moved): state = moved
        case .nothing: break
        }
    }
}

extension Annealer {
    /// This step's rule or layer move, drawn as the anneal always drew them (a rule move in one step of
    /// `ruleMoveOdds` when rules are free, else a layer move in one of `layerMoveOdds` when layer moves are
    /// on); nil when the step is a swap.
    func drawExtraMove(_ state: LayoutState, rng: inout SplitMix64) -> ExtraMove? {
        if hasRuleMoves && rng.next(below: SearchParameters.ruleMoveOdds) == 0 {
            guard let move = proposeRuleMove(state, rng: &rng) else { return .nothing }
            return .rule(slot: move.slot, after: move.after, output: move.output,
                         delta: scorer.ruleChangeDelta(state, slot: move.slot, after: move.after, output: move.output))
        }
        if !layerSlots.isEmpty && rng.next(below: SearchParameters.layerMoveOdds) == 0 {
            guard let moved = proposeLayerMove(state, rng: &rng) else { return .nothing }
            return .layer(moved)
        }
        return nil
    }
}
