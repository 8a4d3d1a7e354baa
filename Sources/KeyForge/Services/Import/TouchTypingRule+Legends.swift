import KeyForgeCore

/// The legend half of the touch-typing rule: which arrangement the legends spell, and the columns they give.
extension TouchTypingRule {
    /// The schemes whose legends are found, best first, each with the key at each of its 30 positions:
    /// those with at least six of their eight home keys and 20 of their 30 keys, ranked by how many keys
    /// lie in line with the rest of their row (upright centres within 0.9u of the row's median height),
    /// so Colemak legends are not read as QWERTY's letters scattered over the rows.
    static func legendPositions(_ keys: [Key], legends: [[String]]) -> [(String, [Int?])] {
        var ranked: [(name: String, found: [Int?], score: Int)] = []
        for scheme in schemes {
            var found: [Int?] = Array(repeating: nil, count: 30)
            var used = Set<Int>()
            // Letters first (rarely doubled), then the rest nearest the letters found.
            let order = scheme.positions.indices.sorted { lhs, rhs in
                let left = isLetter(scheme.positions[lhs]), right = isLetter(scheme.positions[rhs])
                return left != right ? left : lhs < rhs
            }
            var sumX = 0.0, sumY = 0.0, placed = 0.0
            for position in order {
                let symbol = scheme.positions[position]
                let candidates = keys.indices.filter { !used.contains($0) && legends[$0].contains(symbol) }
                let cx = placed > 0 ? sumX / placed : 0, cy = placed > 0 ? sumY / placed : 0
                guard let chosen = candidates.min(by: { lhs, rhs in
                    let left = (keys[lhs].centerX - cx) * (keys[lhs].centerX - cx) + (keys[lhs].centerY - cy) * (keys[lhs].centerY - cy)
                    let right = (keys[rhs].centerX - cx) * (keys[rhs].centerX - cx) + (keys[rhs].centerY - cy) * (keys[rhs].centerY - cy)
                    return left < right
                }) else { continue }
                found[position] = chosen
                used.insert(chosen)
                if isLetter(symbol) {
                    sumX += keys[chosen].centerX
                    sumY += keys[chosen].centerY
                    placed += 1
                }
            }
            let count = found.compactMap { $0 }.count
            let homes = [10, 11, 12, 13, 16, 17, 18, 19].filter { found[$0] != nil }.count
            guard homes >= 6 && count >= 20 else { continue }
            var inLine = 0
            for row in 0..<3 {
                let heights = (0..<10).compactMap { found[row * 10 + $0] }.map { keys[$0].y + keys[$0].height / 2 }.sorted()
                guard !heights.isEmpty else { continue }
                let median = heights[heights.count / 2]
                inLine += heights.filter { abs($0 - median) <= 0.9 }.count
            }
            ranked.append((scheme.name, found, inLine * 100 + count))
        }
        return ranked.enumerated().sorted { $0.element.score != $1.element.score ? $0.element.score > $1.element.score : $0.offset < $1.offset }
            .map { ($0.element.name, $0.element.found) }
    }

    static func isLetter(_ symbol: String) -> Bool {
        symbol.unicodeScalars.allSatisfy { ($0.value >= 97 && $0.value <= 122) || $0.value >= 0xC0 }
    }

    /// The ten column anchors from the home-row keys found by legend (a missing one from its column's
    /// other keys); nil when a column has no key at all.
    static func legendAnchors(_ keys: [Key], positions: [Int?]) -> [Anchor]? {
        let homeKeys = (10..<20).compactMap { positions[$0] }
        guard !homeKeys.isEmpty else { return nil }
        let homeY = homeKeys.map { keys[$0].centerY }.reduce(0, +) / Double(homeKeys.count)
        var anchors: [Anchor] = []
        for column in 0..<10 {
            let slot = columnFingers[column]
            if let key = positions[10 + column] {
                anchors.append(Anchor(x: keys[key].centerX, y: keys[key].centerY, hand: slot.hand, finger: slot.finger,
                                      isStretch: slot.isStretch, isHome: !slot.isStretch, key: key, rotation: keys[key].rotation))
            } else {
                let others = [positions[column], positions[20 + column]].compactMap { $0 }
                guard !others.isEmpty else { return nil }
                let x = others.map { keys[$0].centerX }.reduce(0, +) / Double(others.count)
                anchors.append(Anchor(x: x, y: homeY, hand: slot.hand, finger: slot.finger, isStretch: slot.isStretch,
                                      isHome: false, key: nil, rotation: keys[others[0]].rotation))
            }
        }
        // The columns must run left to right, or the legends do not describe a typing block.
        for (left, right) in zip(anchors, anchors.dropFirst()) where left.x >= right.x { return nil }
        return anchors
    }
}
