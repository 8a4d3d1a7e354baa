/// Gives a bare geometry (an imported board: positions, sizes, rotation and logical rows only) its
/// hands, fingers, home keys and stretch columns.
///
/// The rule, in order (every step works on rotated key centres):
/// 1. The main rows are those with at least two thirds as many keys as the fullest row, unless every
///    key in them is rotated (a fanned thumb cluster). The home row is the middle main row (the upper
///    middle for an even count), so a 3x10 block gets its middle row and a board with a number row
///    its second-lowest letter row. `Options.homeRow` overrides it.
/// 2. The rows below the home row that are not main rows are thumb rows.
/// 3. The hands split at the middle of the widest gap between neighbouring home-row centres when
///    that gap is at least 1.5u (a split board); otherwise at the middle of the home row.
///    `Options.splitX` overrides it. Keys left of the split are the left hand's.
/// 4. Each hand's home-row keys, counted from the split outwards, are the columns: with five or more,
///    index (stretch), index, middle, ring, pinky, and further keys pinky again (outer columns);
///    with four, index, middle, ring, pinky; with fewer, as many of those as there are. Every
///    home-row key is its finger's home key except the stretch column and the outer pinky columns.
/// 5. Every other key of a main row takes the column (finger, stretch) of the nearest home-row key of
///    its hand by horizontal distance between centres, ties going to the outer column.
/// 6. Thumb-row keys are thumbs; each hand's innermost thumb key (nearest the split) is the thumb's home.
/// Columns (`col`) number the home-row columns left to right, then the thumb keys left to right.
public enum FingerRule {
    /// What the rule may be told instead of working it out.
    public struct Options: Sendable {
        /// The logical row of the home row.
        public var homeRow: Int?
        /// The x (key units) that divides the hands.
        public var splitX: Double?

        /// Creates options; nil means "by the rule".
        public init(homeRow: Int? = nil, splitX: Double? = nil) {
            self.homeRow = homeRow
            self.splitX = splitX
        }
    }

    /// What the rule decided, beside the keys.
    public struct Outcome: Sendable {
        /// The keys with hand, finger, column, home and stretch filled in.
        public var keys: [Key]
        /// The home row.
        public var homeRow: Int
        /// Where the hands divide, in key units.
        public var splitX: Double
        /// The rows taken as thumb rows.
        public var thumbRows: [Int]
    }

    /// The widest gap between home-row centres that makes a board split, in key units.
    public static let splitGap = 1.5

    /// Applies the rule to `keys`, whose geometry and `row` are read and whose other fields are replaced.
    public static func assign(_ keys: [Key], options: Options = Options()) throws(ValidationError) -> Outcome {
        guard !keys.isEmpty else { throw ValidationError(field: "keys", "a keyboard needs at least one key") }
        var rowCounts: [Int: Int] = [:]
        for key in keys { rowCounts[key.row, default: 0] += 1 }
        let rows = rowCounts.keys.sorted()
        let most = rowCounts.values.max() ?? 0
        let mainRows = rows.filter { row in
            (rowCounts[row] ?? 0) * 3 >= most * 2 && !keys.allSatisfy { $0.row != row || $0.rotation != 0 }
        }
        let homeRow: Int
        if let chosen = options.homeRow {
            guard rowCounts[chosen] != nil else {
                throw ValidationError(field: "home_row", "row \(chosen) has no keys (rows: \(rows.map(String.init).joined(separator: ", ")))")
            }
            homeRow = chosen
        } else {
            let candidates = mainRows.isEmpty ? rows : mainRows
            homeRow = candidates[candidates.count / 2]
        }
        let thumbRows = rows.filter { $0 > homeRow && !mainRows.contains($0) }
        let homeIndexes = keys.indices.filter { keys[$0].row == homeRow }.sorted { keys[$0].centerX < keys[$1].centerX }
        let splitX = options.splitX ?? split(homeIndexes.map { keys[$0].centerX })

        var result = keys
        for index in result.indices {
            result[index].hand = result[index].centerX < splitX ? 0 : 1
            result[index].isHome = false
            result[index].isStretch = false
        }
        // Step 4: the home-row columns of each hand, from the split outwards.
        var columns: [(key: Int, finger: Int, isStretch: Bool)] = []
        for hand in 0...1 {
            var own = homeIndexes.filter { result[$0].hand == hand }
            if hand == 0 { own.reverse() }
            let pattern: [(finger: Int, isStretch: Bool, isHome: Bool)] = own.count >= 5
                ? [(1, true, false), (1, false, true), (2, false, true), (3, false, true), (4, false, true)]
                : [(1, false, true), (2, false, true), (3, false, true), (4, false, true)]
            for (position, key) in own.enumerated() {
                let slot = position < pattern.count ? pattern[position] : (finger: 4, isStretch: false, isHome: false)
                result[key].finger = slot.finger
                result[key].isStretch = slot.isStretch
                result[key].isHome = slot.isHome
                columns.append((key, slot.finger, slot.isStretch))
            }
        }
        columns.sort { result[$0.key].centerX < result[$1.key].centerX }
        // Step 5: every other main-row key takes its nearest column; step 6: thumbs.
        for index in result.indices where result[index].row != homeRow {
            let key = result[index]
            if thumbRows.contains(key.row) { continue }
            let candidates = columns.indices.filter { result[columns[$0].key].hand == key.hand }
            guard let nearest = candidates.min(by: { lhs, rhs in
                let left = abs(result[columns[lhs].key].centerX - key.centerX)
                let right = abs(result[columns[rhs].key].centerX - key.centerX)
                if left != right { return left < right }
                return abs(result[columns[lhs].key].centerX - splitX) > abs(result[columns[rhs].key].centerX - splitX)
            }) else {
                result[index].finger = 1
                result[index].col = 0
                continue
            }
            result[index].finger = columns[nearest].finger
            result[index].isStretch = columns[nearest].isStretch
            result[index].col = nearest
        }
        for (position, column) in columns.enumerated() { result[column.key].col = position }
        let thumbs = result.indices.filter { thumbRows.contains(result[$0].row) }.sorted { result[$0].centerX < result[$1].centerX }
        for (position, index) in thumbs.enumerated() {
            result[index].finger = 0
            result[index].col = min(255, columns.count + position)
        }
        for hand in 0...1 {
            let own = thumbs.filter { result[$0].hand == hand }
            if let innermost = own.min(by: { abs(result[$0].centerX - splitX) < abs(result[$1].centerX - splitX) }) {
                result[innermost].isHome = true
            }
        }
        return Outcome(keys: result, homeRow: homeRow, splitX: splitX, thumbRows: thumbRows)
    }

    /// Step 3: the middle of the widest gap of at least `splitGap`, else the middle of the row.
    private static func split(_ centers: [Double]) -> Double {
        guard let first = centers.first, let last = centers.last else { return 0 }
        var widest = (gap: 0.0, middle: (first + last) / 2)
        for (left, right) in zip(centers, centers.dropFirst()) where right - left > widest.gap {
            widest = (right - left, (left + right) / 2)
        }
        return widest.gap >= splitGap ? widest.middle : (first + last) / 2
    }

    /// Applies a `--fingers` override: one token per key, `LP LR LM LI LT RT RI RM RR RP` (any case),
    /// followed by `*` for the finger's home key or `+` for a stretch key, or `-` to keep the rule's
    /// choice for that key. Home and stretch marks of overridden keys come from the tokens only.
    public static func override(_ keys: [Key], with text: String) throws(ValidationError) -> [Key] {
        let tokens = text.split(whereSeparator: { $0.isWhitespace }).map(String.init)
        guard tokens.count == keys.count else {
            throw ValidationError(field: "fingers", "has \(tokens.count) tokens for \(keys.count) keys (one per key, in key order)")
        }
        var result = keys
        for (index, token) in tokens.enumerated() where token != "-" {
            var name = token.uppercased()
            let isHome = name.hasSuffix("*"), isStretch = name.hasSuffix("+")
            if isHome || isStretch { name.removeLast() }
            guard let slot = Key.fingerSlotNames.firstIndex(of: name) else {
                throw ValidationError(field: "fingers[\(index)]", "'\(token)' is not one of \(Key.fingerSlotNames.joined(separator: " ")) (with * for home, + for stretch) or -")
            }
            result[index].hand = slot < 5 ? 0 : 1
            result[index].finger = slot < 5 ? 4 - slot : slot - 5
            result[index].isHome = isHome
            result[index].isStretch = isStretch
        }
        return result
    }
}
