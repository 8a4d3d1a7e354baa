import KeyForgeCore

/// Fingers an imported board by the standard touch-typing convention, from its legends and its geometry.
///
/// 1. Home row and columns. When the legends spell most of one of the usual letter arrangements
///    (`Scheme`: QWERTY, QWERTZ, AZERTY, Dvorak, Colemak) the 30 keys of the alpha block are found by
///    legend; the ten home-row keys (A S D F G H J K L ; on QWERTY) are the column anchors: Q A Z
///    left pinky, W S X ring, E D C middle, R F V and T G B left index (T G B the stretch column), Y H N
///    (stretch) and U J M right index, I K , middle, O L . ring, P ; / pinky. A legend found twice
///    (the numpad's `/`) is taken where it lies nearest the other letters. Without such legends (or
///    when `--home-row` / `--split` are given) the geometric `FingerRule` chooses the home row and its
///    columns, and the import says so.
/// 2. Stagger. Each hand's columns lean as its letters do: the sideways offset of a letter from its
///    column's home key, against its height above or below it, fitted by least squares (0.375 per
///    row on ANSI, 0 on a grid). Every other key is moved back along that lean to the home row and
///    takes the nearest column (ties to the outer one), so the number row follows the columns under
///    it and, on a row-staggered board, the bottom row follows the standard diagonal.
/// 3. Typing area. A key more than 2.5 rows above its column's home key (a function row), more
///    than 4 units beyond the outer columns, or set apart from the keys over the columns by a gap of
///    0.2u or more along its line (navigation clusters, arrows, numpads) is outside the typing
///    area: it keeps a finger but never joins the alpha block, and a one-character legend on it is dropped.
/// 4. Thumbs. A key at least 1.5 rows below its column's home key is a thumb key when it is the space
///    bar (or a blank key 1.75u wide or more), turned differently from its column, two and a half rows
///    down or more, inward of the hand's index column, or at the index column in the row of the space bar.
///    A key there inward of the middle finger's column within 1.3u of a thumb key joins its cluster. Other keys there (Ctrl, the arrows of a
///    Kinesis or ErgoDox bottom row) take their column's finger.
///    Each thumb's home is its hand's space bar, else the thumb key nearest the point a unit inward of
///    the index finger's home key and two rows below it.
/// 5. Rows. A key's logical row is its height above or below its column's home key, rounded, counted
///    from the topmost (so the home row of a board with a number row is 2).
public enum TouchTypingRule {
    /// A letter arrangement recognised from legends: its name and its 30 symbols in QWERTY's positions.
    public struct Scheme: Sendable {
        /// The name, used for the board's reference layout when all 30 legends are found.
        public var name: String
        /// The symbols at QWERTY's positions Q ... P, A ... ;, Z ... /.
        public var positions: [String]
    }

    /// The arrangements recognised (the facts are the layouts' letters; QWERTZ and AZERTY as printed on
    /// German and French boards, Dvorak and Colemak as their authors published them).
    public static let schemes: [Scheme] = [
        ("qwerty", "qwertyuiopasdfghjkl;zxcvbnm,./"),
        ("qwertz", "qwertzuiopasdfghjklöyxcvbnm,.-"),
        ("azerty", "azertyuiopqsdfghjklmwxcvbn,;:!"),
        ("dvorak", "',.pyfgcrlaoeuidhtns;qjkxbmwvz"),
        ("colemak", "qwfpgjluy;arstdhneiozxcvbkm,./"),
    ].map { Scheme(name: $0.0, positions: Array($0.1).map(String.init)) }

    /// The finger of each of the ten columns, left pinky to right pinky, and whether it is a stretch column.
    static let columnFingers: [(hand: Int, finger: Int, isStretch: Bool)] = [
        (0, 4, false), (0, 3, false), (0, 2, false), (0, 1, false), (0, 1, true),
        (1, 1, true), (1, 1, false), (1, 2, false), (1, 3, false), (1, 4, false),
    ]

    /// What the rule decided.
    public struct Outcome: Sendable {
        /// The keys with hand, finger, row, column, home and stretch filled in.
        public var keys: [Key]
        /// The logical home row.
        public var homeRow: Int
        /// Where the hands divide, in key units.
        public var splitX: Double
        /// Per key: inside the typing area (may join the alpha block).
        public var isTyping: [Bool]
        /// Per key: a thumb key.
        public var isThumb: [Bool]
        /// Per key: at least 1.5 rows below its column's home key.
        public var isBelow: [Bool]
        /// The key found at each of the 30 alpha positions (QWERTY order), when found by legend.
        public var alphaPositions: [Int?]
        /// The scheme whose legends placed the alpha block, if any.
        public var scheme: String?
        /// What the rule had to guess, one sentence each, with the flag that overrides it.
        public var guesses: [String]
    }

    struct Anchor {
        var x: Double, y: Double, hand: Int, finger: Int, isStretch: Bool, isHome: Bool, key: Int?, rotation: Double
    }

    /// Applies the rule. `legends[i]` are key i's candidate symbols (lower-cased one-character legends);
    /// `tokens[i]` its base-layout token. `options` (home row, split) switch to the geometric rule.
    public static func assign(_ bare: [Key], legends: [[String]], tokens: [String],
                              options: FingerRule.Options) throws(ValidationError) -> Outcome {
        guard !bare.isEmpty else { throw ValidationError(field: "keys", "the KLE file has no keys") }
        var guesses: [String] = []
        var anchors: [Anchor] = []
        var positions: [Int?] = Array(repeating: nil, count: 30)
        var schemeName: String?
        let byLegend = options.homeRow == nil && options.splitX == nil ? legendPositions(bare, legends: legends) : []
        for (scheme, found) in byLegend {
            guard let fromLegends = legendAnchors(bare, positions: found) else { continue }
            anchors = fromLegends
            positions = found
            schemeName = scheme
            break
        }
        if schemeName == nil {
            // A lowest row holding a space bar (a key 1.75u wide or more) is the thumbs' row, not a letter row.
            let lowest = bare.map(\.row).max() ?? 0
            let rows = Set(bare.map(\.row)).count
            let hasSpaceRow = options.homeRow == nil && rows >= 4 && bare.contains { $0.row == lowest && $0.width >= 1.75 && $0.rotation == 0 }
            let body = bare.indices.filter { !hasSpaceRow || bare[$0].row != lowest }
            let rule = try FingerRule.assign(body.map { bare[$0] }, options: options)
            for (position, index) in body.enumerated() where rule.keys[position].row == rule.homeRow && rule.keys[position].finger != 0 {
                let key = rule.keys[position]
                anchors.append(Anchor(x: key.centerX, y: key.centerY, hand: key.hand, finger: key.finger,
                                      isStretch: key.isStretch, isHome: key.isHome, key: index, rotation: key.rotation))
            }
            anchors.sort { $0.x < $1.x }
            // Seven or more home-row keys on a hand (an inner column beside T G B, as on a Moonlander or
            // an ErgoDox): the two innermost are the index finger's stretch columns, then index, middle,
            // ring, pinky, and outer pinky columns.
            let ruleSplit = rule.splitX
            for hand in 0...1 where options.splitX == nil {
                let own = anchors.indices.filter { anchors[$0].hand == hand }.sorted { abs(anchors[$0].x - ruleSplit) < abs(anchors[$1].x - ruleSplit) }
                guard own.count >= 7 else { continue }
                let pattern: [(finger: Int, isStretch: Bool, isHome: Bool)] = [(1, true, false), (1, true, false), (1, false, true), (2, false, true), (3, false, true), (4, false, true)]
                for (rank, index) in own.enumerated() {
                    let slot = rank < pattern.count ? pattern[rank] : (finger: 4, isStretch: false, isHome: false)
                    anchors[index].finger = slot.finger
                    anchors[index].isStretch = slot.isStretch
                    anchors[index].isHome = slot.isHome
                }
            }
            if options.homeRow == nil && options.splitX == nil {
                guesses.append("no home-row legends (A S D F / J K L ; or their AZERTY, QWERTZ, Dvorak, Colemak equivalents): "
                    + "home row \(rule.homeRow) and the split at x = \(ReportText.fixed(rule.splitX, digits: 3)) are from the geometry "
                    + "(override with --home-row N, counted from 0 over KLE's rows, and --split X)")
            }
        }
        guard !anchors.isEmpty else { throw ValidationError(field: "keys", "no home row could be found") }
        let splitX = options.splitX ?? splitBetweenHands(anchors)

        // The lean of each hand's columns, from the letters placed by legend.
        var lean = [0.0, 0.0]
        var homeY = [0.0, 0.0]
        for hand in 0...1 {
            let own = anchors.filter { $0.hand == hand }
            homeY[hand] = own.isEmpty ? 0 : own.map(\.y).reduce(0, +) / Double(own.count)
            var sumXY = 0.0, sumYY = 0.0
            for (position, key) in positions.enumerated() {
                guard let key, position % 10 < 5 ? hand == 0 : hand == 1 else { continue }
                let anchor = anchors[position % 10]
                let dy = bare[key].centerY - anchor.y, dx = bare[key].centerX - anchor.x
                sumXY += dx * dy
                sumYY += dy * dy
            }
            if sumYY > 0 { lean[hand] = sumXY / sumYY }
        }

        let leftmost = anchors.map(\.x).min() ?? 0, rightmost = anchors.map(\.x).max() ?? 0
        var keys = bare
        var column = Array(repeating: 0, count: bare.count)
        var rise = Array(repeating: 0.0, count: bare.count)
        var isTyping = Array(repeating: true, count: bare.count)
        var isBelow = Array(repeating: false, count: bare.count)
        for index in keys.indices {
            let key = bare[index]
            let hand = key.centerX < splitX ? 0 : 1
            let adjusted = key.centerX - lean[hand] * (key.centerY - homeY[hand])
            var best = 0
            for candidate in anchors.indices {
                let distance = abs(anchors[candidate].x - adjusted), bestDistance = abs(anchors[best].x - adjusted)
                if distance < bestDistance - 1e-9
                    || (abs(distance - bestDistance) <= 1e-9 && abs(anchors[candidate].x - splitX) > abs(anchors[best].x - splitX)) {
                    best = candidate
                }
            }
            if let position = positions.firstIndex(of: index) { best = position % 10 }
            column[index] = best
            rise[index] = key.centerY - anchors[best].y
            if rise[index] < -2.5 || adjusted < leftmost - 4 || adjusted > rightmost + 4 { isTyping[index] = false }
            isBelow[index] = rise[index] >= 1.5 && positions.firstIndex(of: index) == nil
        }

        // Clusters set apart by a gap (navigation keys, arrows, a numpad): walking out from the keys over
        // the columns along each line of keys, a gap of 0.2u or more ends the typing area.
        let upright = keys.indices.filter { bare[$0].rotation == 0 }
        var lines: [[Int]] = []
        for index in upright.sorted(by: { bare[$0].centerY < bare[$1].centerY }) {
            if let last = lines.last?.last, abs(bare[last].centerY - bare[index].centerY) < 0.3 { lines[lines.count - 1].append(index) } else { lines.append([index]) }
        }
        for line in lines {
            let sorted = line.sorted { bare[$0].x < bare[$1].x }
            let core = sorted.indices.filter { leftmost - 0.5 <= bare[sorted[$0]].centerX && bare[sorted[$0]].centerX <= rightmost + 0.5 }
            guard let first = core.first, let last = core.last else { continue }
            var cut = false
            for position in stride(from: last + 1, to: sorted.count, by: 1) {
                let previous = bare[sorted[position - 1]], key = bare[sorted[position]]
                if key.x - (previous.x + previous.width) >= 0.2 { cut = true }
                if cut { isTyping[sorted[position]] = false }
            }
            cut = false
            for position in stride(from: first - 1, through: 0, by: -1) {
                let next = bare[sorted[position + 1]], key = bare[sorted[position]]
                if next.x - (key.x + key.width) >= 0.2 { cut = true }
                if cut { isTyping[sorted[position]] = false }
            }
        }

        // Thumbs.
        let spaceRows = keys.indices.filter { isBelow[$0] && isTyping[$0] && (tokens[$0] == "SPACE" || isBlankWide(bare[$0], tokens[$0])) }
            .map { bare[$0].centerY }
        var isThumb = Array(repeating: false, count: bare.count)
        for index in keys.indices where isBelow[index] && isTyping[index] {
            let key = bare[index], anchor = anchors[column[index]]
            let hand = key.centerX < splitX ? 0 : 1
            let indexAnchor = anchors.filter { $0.hand == hand && $0.finger == 1 && !$0.isStretch }
                .min { abs($0.x - splitX) < abs($1.x - splitX) }
            let adjusted = key.centerX - lean[hand] * (key.centerY - homeY[hand])
            let inward = indexAnchor.map { abs(adjusted - splitX) < abs($0.x - splitX) - 0.5 } ?? false
            let atIndex = indexAnchor.map { abs(adjusted - splitX) < abs($0.x - splitX) + 0.5 } ?? false
            let inSpaceRow = spaceRows.contains { abs($0 - key.centerY) < 0.5 }
            isThumb[index] = tokens[index] == "SPACE" || isBlankWide(key, tokens[index])
                || abs(key.rotation - anchor.rotation) > 5 || rise[index] >= 2.6 || inward || (inSpaceRow && atIndex)
        }

        // A key below the letters within 1.3u (centre to centre) of a thumb key belongs to its cluster.
        var grown = true
        while grown {
            grown = false
            for index in keys.indices where isBelow[index] && isTyping[index] && !isThumb[index] && tokens[index] != "SPACE" {
                let hand = bare[index].centerX < splitX ? 0 : 1
                let adjusted = bare[index].centerX - lean[hand] * (bare[index].centerY - homeY[hand])
                let middle = anchors.filter { $0.hand == hand && $0.finger == 2 }.map { abs($0.x - splitX) }.min() ?? 0
                guard abs(adjusted - splitX) < middle else { continue }
                let near = keys.indices.contains { other in
                    guard isThumb[other] else { return false }
                    let dx = bare[other].centerX - bare[index].centerX, dy = bare[other].centerY - bare[index].centerY
                    return dx * dx + dy * dy <= 1.3 * 1.3
                }
                if near { isThumb[index] = true; grown = true }
            }
        }

        // Rows: the rise above or below the column's home key, rounded, counted from the topmost.
        let rowOf = keys.indices.map { Int(rise[$0].rounded()) }
        let top = rowOf.min() ?? 0
        let homeRow = -top
        var thumbKeys: [Int] = []
        for index in keys.indices {
            keys[index].row = min(64, rowOf[index] - top)
            keys[index].isHome = false
            keys[index].isStretch = false
            if isThumb[index] {
                keys[index].hand = bare[index].centerX < splitX ? 0 : 1
                keys[index].finger = 0
                thumbKeys.append(index)
                continue
            }
            let anchor = anchors[column[index]]
            keys[index].hand = anchor.hand
            keys[index].finger = anchor.finger
            keys[index].isStretch = anchor.isStretch
            keys[index].col = min(255, column[index])
        }
        for anchor in anchors { if let key = anchor.key { keys[key].isHome = anchor.isHome } }
        thumbKeys.sort { bare[$0].centerX < bare[$1].centerX }
        for (number, index) in thumbKeys.enumerated() { keys[index].col = min(255, anchors.count + number) }
        // Each thumb's home: its space bar, else the thumb key nearest where the thumb rests (a unit inward
        // of the index finger's home key and two rows below it).
        for hand in 0...1 {
            let own = thumbKeys.filter { keys[$0].hand == hand }
            let spaces = own.filter { tokens[$0] == "SPACE" || isBlankWide(bare[$0], tokens[$0]) }
            let index = anchors.filter { $0.hand == hand && $0.finger == 1 && !$0.isStretch }.first
            let restX = index.map { $0.x + (hand == 0 ? 1 : -1) } ?? splitX, restY = (index?.y ?? homeY[hand]) + 2
            let candidates = spaces.isEmpty ? own : spaces
            if let home = candidates.min(by: { lhs, rhs in
                let left = (bare[lhs].centerX - restX) * (bare[lhs].centerX - restX) + (bare[lhs].centerY - restY) * (bare[lhs].centerY - restY)
                let right = (bare[rhs].centerX - restX) * (bare[rhs].centerX - restX) + (bare[rhs].centerY - restY) * (bare[rhs].centerY - restY)
                return left < right
            }) {
                keys[home].isHome = true
            }
        }
        // Without legends, the alpha block is the 3x10 block around the home row: for each hand's index,
        // middle, ring and pinky home columns and the stretch column nearest the index's, its key one row
        // above, on and one row below the home row (the one nearest the column when there are two).
        if schemeName == nil {
            for hand in 0...1 {
                let own = anchors.indices.filter { anchors[$0].hand == hand }
                let homes = (1...4).map { finger in own.first { anchors[$0].finger == finger && anchors[$0].isHome } }
                guard let index = homes[0] else { continue }
                let stretch = own.filter { anchors[$0].isStretch }.min { abs(anchors[$0].x - anchors[index].x) < abs(anchors[$1].x - anchors[index].x) }
                for (rank, found) in ([stretch] + homes).enumerated() {
                    guard let anchor = found else { continue }
                    let slot = hand == 0 ? 4 - rank : 5 + rank
                    for row in 0..<3 {
                        let found = keys.indices.filter { isTyping[$0] && !isThumb[$0] && column[$0] == anchor && rowOf[$0] == row - 1 }
                        positions[row * 10 + slot] = found.min { abs(bare[$0].centerX - anchors[anchor].x) < abs(bare[$1].centerX - anchors[anchor].x) }
                    }
                }
            }
        }
        let outside = keys.indices.filter { !isTyping[$0] }.count
        if outside > 0 && schemeName == nil {
            guesses.append("\(outside) keys are taken as outside the typing area (function row, navigation, numpad) from their position")
        }
        return Outcome(keys: keys, homeRow: homeRow, splitX: splitX, isTyping: isTyping, isThumb: isThumb, isBelow: isBelow,
                       alphaPositions: positions, scheme: schemeName, guesses: guesses)
    }

    /// A key with no legend at least 1.75u wide (KLE's way of drawing a space bar).
    static func isBlankWide(_ key: Key, _ token: String) -> Bool {
        (token == "NONE" || token == "SPACE") && key.width >= 1.75
    }

    /// The middle between the innermost anchors of the two hands.
    private static func splitBetweenHands(_ anchors: [Anchor]) -> Double {
        let left = anchors.filter { $0.hand == 0 }.map(\.x).max(), right = anchors.filter { $0.hand == 1 }.map(\.x).min()
        switch (left, right) {
        case let (left?, right?): return (left + right) / 2
        case let (left?, nil): return left + 0.5
        case let (nil, right?): return right - 0.5
        default: return 0
        }
    }
}
