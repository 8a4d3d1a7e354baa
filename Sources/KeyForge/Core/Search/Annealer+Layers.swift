/// Layer moves of the search (issue 26, docs/PHYSICS.md section 5): exchange the symbols of two
/// (layer, key) slots on movable keys, at least one of them on an extra layer (the shift layer moves
/// with the base keycaps and has no slots of its own). A base symbol may leave the base only when it
/// is in `SearchParameters.layerMoveSymbols`. The new layout's state is built in full (a layer move is
/// rare next to swaps), so its score is exact by construction.
extension Annealer {
    /// The slots of layer moves: every movable key on the base and on each extra layer; none when layer
    /// moves are off or the layout has no extra layer.
    static func layerSlots(layers: [LayoutLayer], parameters: SearchParameters) -> [(layer: Int, key: Int)] {
        let extra = layers.indices.filter { layers[$0].name != LayoutLayer.shiftName }
        guard !parameters.layerMoveSymbols.isEmpty, !extra.isEmpty else { return [] }
        var slots: [(layer: Int, key: Int)] = parameters.movableKeys.map { (0, $0) }
        for index in extra { slots += parameters.movableKeys.map { (index + 1, $0) } }
        return slots
    }

    /// A random layer move from `state`: the state of the new layout, or nil when the draw is not allowed
    /// (two base slots, the same symbol, or a base symbol that may not leave the base).
    func proposeLayerMove(_ state: LayoutState, rng: inout SplitMix64) -> LayoutState? {
        let first = layerSlots[rng.next(below: layerSlots.count)], second = layerSlots[rng.next(below: layerSlots.count)]
        guard first.layer != 0 || second.layer != 0 else { return nil }
        var layout = state.layout
        func symbol(_ slot: (layer: Int, key: Int)) -> String? {
            slot.layer == 0 ? layout.symbols[slot.key] : layout.layers[slot.layer - 1].symbols[slot.key]
        }
        let x = symbol(first), y = symbol(second)
        guard x != y else { return nil }
        for (slot, leaving) in [(first, x), (second, y)] where slot.layer == 0 {
            if let leaving, !parameters.layerMoveSymbols.contains(leaving) { return nil }
        }
        func set(_ slot: (layer: Int, key: Int), _ value: String?) {
            if slot.layer == 0 { layout.symbols[slot.key] = value } else { layout.layers[slot.layer - 1].symbols[slot.key] = value }
        }
        set(first, y)
        set(second, x)
        return try? LayoutState(layout: layout, scorer: scorer, ruleCandidates: parameters.ruleCandidates)
    }
}
