import KeyForgeCore

/// Turns a KLE board into a KeyForge keyboard: geometry from KLE, fingers by `FingerRule` (or the
/// user's `--fingers`), and the base layout and one reference layout from the legends.
///
/// Legends: a key's symbol is its unshifted legend, the second of its first two label lines when
/// both are written (`!\n1` is `1`), else its first written line; HTML entities `&lt; &gt; &amp;
/// &quot;` are decoded and tags dropped. One character is a symbol (lower-cased); a longer legend
/// is a key name or alias of keycodes.json after upper-casing and removing spaces (`Caps Lock` is
/// CAPSLOCK, `Return` is ENTER); an unlabelled key at least 4u wide is SPACE; anything else is an
/// empty key (NONE). Keys whose symbol is one of the 30 of the qwerty alpha block (`a` ... `z`,
/// `; , . /`) form the alpha block (`*`); when there are exactly those 30, the legends become the
/// reference layout `qwerty`, otherwise (any alpha symbols at all) `legends`. A board without any
/// alpha legend puts every key in the alpha block, so a layout string names every key.
public enum KLEImport {
    /// The symbols of the alpha block, as on a qwerty board.
    public static let alphaSymbols = Array("qwertyuiopasdfghjkl;zxcvbnm,./").map(String.init)

    /// What the import decided, for the user to check.
    public struct Outcome: Sendable {
        /// The keyboard, validated.
        public var keyboard: Keyboard
        /// The finger rule's decisions (home row, split, typing area, thumbs, guesses).
        public var rule: TouchTypingRule.Outcome
        /// The logical rows holding thumb keys.
        public var thumbRows: [Int] {
            Set(rule.keys.indices.filter { rule.isThumb[$0] }.map { rule.keys[$0].row }).sorted()
        }
        /// For each key of the keyboard, the index of the KLE key it came from (keys are written row by row).
        public var order: [Int]
        /// Per key of the keyboard: inside the typing area.
        public var isTyping: [Bool] { order.map { rule.isTyping[$0] } }
        /// Keys outside the typing area (function row, navigation, numpad).
        public var outsideCount: Int { rule.isTyping.filter { !$0 }.count }
    }

    /// Builds and validates the keyboard called `name` from `board`.
    public static func keyboard(from board: KLECodec.Board, name: String, source: String, options: FingerRule.Options,
                                fingers: String?, keycodes: KeycodeTable) throws(ValidationError) -> Outcome {
        guard !board.keys.isEmpty else { throw ValidationError(field: "keys", "the KLE file has no keys") }
        let bare = board.keys.map { kle in
            Key(hand: 0, finger: 1, row: kle.row, col: 0, x: kle.x, y: kle.y, width: kle.width, height: kle.height,
                rotation: kle.rotation, rotationOriginX: kle.rotationOriginX, rotationOriginY: kle.rotationOriginY)
        }
        try checkGeometry(bare)
        var tokens = board.keys.map { token(for: $0, keycodes: keycodes) }
        let legends = board.keys.map { candidates(for: $0) }
        var rule = try TouchTypingRule.assign(compactRows(bare), legends: legends, tokens: tokens, options: options)
        // A blank wide key below the letters is the space bar; without one, a thumb home key with no key name (blank, or a placeholder such as `{3}`) is guessed to be.
        for index in tokens.indices where rule.isBelow[index] && rule.isTyping[index] && tokens[index] == "NONE"
            && TouchTypingRule.isBlankWide(bare[index], tokens[index]) && isBlank(board.keys[index]) {
            tokens[index] = "SPACE"
        }
        // A key placed by its legend types the symbol that placed it (`:\n;` and `;\n:` are both `;`).
        if let scheme = TouchTypingRule.schemes.first(where: { $0.name == rule.scheme }) {
            for (position, index) in rule.alphaPositions.enumerated() {
                if let index, let symbol = try? keycodes.normalize(scheme.positions[position]), let symbol { tokens[index] = symbol }
            }
        }
        // Outside the typing area only named keys keep their legend: a numpad's digits and operators would
        // otherwise type the corpus's characters in place of the main block's keys.
        for index in tokens.indices where (!rule.isTyping[index] && tokens[index].count == 1) || tokens[index] == Keyboard.alphaMarker {
            tokens[index] = "NONE"
        }
        if !tokens.contains("SPACE") {
            let homes = tokens.indices.filter { rule.isThumb[$0] && rule.keys[$0].isHome && tokens[$0] == "NONE" }
            for index in homes { tokens[index] = "SPACE" }
            if !homes.isEmpty {
                rule.guesses.append("no key is labelled Space: the unlabelled thumb home key\(homes.count > 1 ? "s" : "") "
                    + homes.map { "#\($0)" }.joined(separator: ", ") + " taken as SPACE (label it in KLE to choose another)")
            }
        }
        let alpha = Set(alphaSymbols)
        var isAlpha = Array(repeating: false, count: bare.count)
        if rule.scheme != nil || rule.alphaPositions.compactMap({ $0 }).count == 30 {
            for case let index? in rule.alphaPositions where rule.isTyping[index] { isAlpha[index] = true }
        } else {
            let typingAlpha = bare.indices.filter { rule.isTyping[$0] && alpha.contains(tokens[$0]) }
            if typingAlpha.isEmpty {
                for index in bare.indices where rule.isTyping[index] { isAlpha[index] = true }
            } else {
                for index in typingAlpha { isAlpha[index] = true }
            }
        }
        // Keys row by row, left to right: the order of layout strings and of a layout file's rows.
        let order = bare.indices.sorted { lhs, rhs in
            let left = rule.keys[lhs], right = rule.keys[rhs]
            if left.row != right.row { return left.row < right.row }
            if left.centerX != right.centerX { return left.centerX < right.centerX }
            return lhs < rhs
        }
        var keys = order.map { rule.keys[$0] }
        tokens = order.map { tokens[$0] }
        isAlpha = order.map { isAlpha[$0] }
        if let fingers { keys = try FingerRule.override(keys, with: fingers) }
        let hasLegends = keys.indices.contains { isAlpha[$0] && tokens[$0] != "NONE" && tokens[$0] != "SPACE" }
        let base = keys.indices.map { isAlpha[$0] ? Keyboard.alphaMarker : tokens[$0] }
        var layouts: [(name: String, text: String)] = []
        if hasLegends {
            let letters = keys.indices.filter { isAlpha[$0] }.map { tokens[$0] }
            // The legends as a reference layout when every alpha key has its own symbol: named after the
            // scheme when all 30 keys are there (`qwerty`), else `legends` (a JD40's 27 letters).
            if Set(letters).count == letters.count && !letters.contains("NONE") {
                let isComplete = letters.count == 30
                layouts.append((isComplete ? rule.scheme ?? (Set(letters) == alpha ? "qwerty" : "legends") : "legends",
                                letters.joined(separator: letters.allSatisfy { $0.count == 1 } ? "" : " ")))
            }
        }
        let origin = board.name.map { "'\($0)' " } ?? ""
        let how = rule.scheme.map { "home row and columns from the \($0) legends" } ?? "home row and columns from the geometry"
        let description = "Imported from keyboard-layout-editor \(origin)(\(source)); "
            + (fingers == nil ? "fingers by the touch-typing rule (\(how), home row \(rule.homeRow), hands split at x = \(ReportText.fixed(rule.splitX, digits: 3)))."
                              : "fingers as given by --fingers.")
        let keyboard = Keyboard(name: name, description: description, homeRow: rule.homeRow, keys: keys,
                                baseLayout: base, referenceLayouts: layouts)
        try keyboard.validate()
        for (hand, side) in ["left", "right"].enumerated() where fingers == nil && !keys.contains(where: { $0.hand == hand && $0.finger != 0 }) {
            throw ValidationError(field: "keys", "no key falls to the \(side) hand's fingers (hands split at x = "
                + "\(ReportText.fixed(rule.splitX, digits: 3))): not a two-handed board (give --split X or --fingers)")
        }
        return Outcome(keyboard: keyboard, rule: rule, order: order)
    }

    /// Refuses what cannot be a keyboard: keys piled on one another (centres closer than 0.3u, as turned
    /// garbage gives) or every key on one side of the board's middle.
    static func checkGeometry(_ keys: [Key]) throws(ValidationError) {
        let centres = keys.map { (x: $0.centerX, y: $0.centerY) }
        for first in centres.indices {
            for second in centres.indices where second > first {
                let dx = centres[first].x - centres[second].x, dy = centres[first].y - centres[second].y
                if dx * dx + dy * dy < 0.09 {
                    throw ValidationError(field: "keys", "keys \(first) and \(second) lie on top of each other (centres "
                        + "\(ReportText.fixed((dx * dx + dy * dy).squareRoot(), digits: 2))u apart): not a keyboard's geometry")
                }
            }
        }
    }

    /// A key with no legend on any line.
    private static func isBlank(_ key: KLECodec.KLEKey) -> Bool {
        key.labels.allSatisfy { cleaned($0).isEmpty }
    }

    /// The one-character legends of a key's first two label lines (both `!` and `1` of `!\n1`, lower-cased),
    /// or of its first written line when those are empty: what the legend matcher may read the key as.
    static func candidates(for key: KLECodec.KLEKey) -> [String] {
        mainLines(key).filter { $0.count == 1 }.map { KeycodeTable.lowercased($0) }
    }

    /// The written lines of a key's first two label positions; when both are empty (legends placed
    /// lower, as some KLE files do), its first two written lines.
    private static func mainLines(_ key: KLECodec.KLEKey) -> [String] {
        let lines = key.labels.map(cleaned)
        let firstTwo = lines.prefix(2).filter { !$0.isEmpty }
        return firstTwo.isEmpty ? Array(lines.filter { !$0.isEmpty }.prefix(2)) : firstTwo
    }

    /// KLE row numbers renumbered 0, 1, 2 ... over the rows that hold keys (a row of decals only is skipped).
    /// A file that draws a column-staggered board column offset by column (many KLE rows of a few keys:
    /// more than one and a half times as many as the board has physical rows) gets its rows from the
    /// geometry instead (`geometricRows`).
    private static func compactRows(_ keys: [Key]) -> [Key] {
        let kleRows = Set(keys.map(\.row)).count
        if keys.count >= 8, kleRows > 3 {
            let physical = geometricRows(keys)
            if Double(kleRows) > 1.5 * Double(Set(physical.map(\.row)).count) { return physical }
        }
        let rows = Set(keys.map(\.row)).sorted()
        var number: [Int: Int] = [:]
        for (index, row) in rows.enumerated() { number[row] = min(index, 64) }
        return keys.map { key in
            var copy = key
            copy.row = number[key.row] ?? 0
            return copy
        }
    }

    /// Rows from positions: the hands divide at the widest gap between key centres (1u or more, else
    /// the middle); each hand's centres are turned back by the hand's most common angle and grouped into
    /// columns (centres within 0.3u across); the tallest columns number their keys from the top, a
    /// shorter column's keys take the row of the nearest tallest column's key at their height (or the
    /// rows below it, a unit each); keys turned more than 10 degrees unlike the hand (a thumb fan) take
    /// the row below the deepest.
    static func geometricRows(_ keys: [Key]) -> [Key] {
        let byX = keys.indices.sorted { keys[$0].centerX < keys[$1].centerX }
        guard let first = byX.first, let last = byX.last else { return keys }
        var split = (keys[first].centerX + keys[last].centerX) / 2, widest = 1.0
        for (left, right) in zip(byX, byX.dropFirst()) where keys[right].centerX - keys[left].centerX >= widest {
            widest = keys[right].centerX - keys[left].centerX
            split = (keys[right].centerX + keys[left].centerX) / 2
        }
        var result = keys
        for hand in 0...1 {
            let own = keys.indices.filter { (keys[$0].centerX < split) == (hand == 0) }
            var counts: [Double: Int] = [:]
            for index in own { counts[keys[index].rotation, default: 0] += 1 }
            let angle = counts.max { $0.value != $1.value ? $0.value < $1.value : $0.key > $1.key }?.key ?? 0
            // The unit vector (1, 0) turned by the angle, with Key's own trigonometry: (cos, sin).
            let turned = Key(hand: 0, finger: 1, row: 0, col: 0, x: 0, y: 0, rotation: angle).rotated(1, 0)
            let (sine, cosine) = (turned.y, turned.x)
            let across = { (index: Int) in cosine * keys[index].centerX + sine * keys[index].centerY }
            let height = { (index: Int) in -sine * keys[index].centerX + cosine * keys[index].centerY }
            let fanned = own.filter { abs(keys[$0].rotation - angle) > 10 }
            var columns: [[Int]] = [], lastAcross: Double?
            for index in own.filter({ !fanned.contains($0) }).sorted(by: { across($0) < across($1) }) {
                if let lastAcross, across(index) - lastAcross <= 0.3 { columns[columns.count - 1].append(index) } else { columns.append([index]) }
                lastAcross = across(index)
            }
            columns = columns.map { $0.sorted { height($0) < height($1) } }
            let tallest = columns.map(\.count).max() ?? 0
            let full = columns.filter { $0.count == tallest }
            for column in columns {
                if column.count == tallest {
                    for (rank, index) in column.enumerated() { result[index].row = min(rank, 63) }
                    continue
                }
                // A short column's keys take the row of the nearest full column's key at their height,
                // or the row below it when they lie lower than that column's last key.
                for index in column {
                    guard let reference = full.min(by: { abs(across($0[0]) - across(index)) < abs(across($1[0]) - across(index)) }) else { continue }
                    let nearest = reference.indices.min { abs(height(reference[$0]) - height(index)) < abs(height(reference[$1]) - height(index)) } ?? 0
                    let below = height(index) - height(reference[reference.count - 1])
                    result[index].row = min(below > 0.6 ? tallest + Int(below.rounded()) - 1 : nearest, 63)
                }
            }
            let deepest = own.filter { !fanned.contains($0) }.map { result[$0].row }.max() ?? 0
            for index in fanned { result[index].row = min(deepest + 1, 64) }
        }
        return result
    }

    /// The base-layout token of one KLE key (see the type's comment).
    static func token(for key: KLECodec.KLEKey, keycodes: KeycodeTable) -> String {
        guard let legend = mainLines(key).last else {
            return key.width >= 4 ? "SPACE" : "NONE"
        }
        if legend.count == 1 {
            if let symbol = try? keycodes.normalize(legend), let symbol { return symbol }
            return "NONE"
        }
        let name = legend.uppercased().filter { $0 != " " }
        if let symbol = try? keycodes.normalize(name), let symbol { return symbol }
        return "NONE"
    }

    /// A label with HTML tags dropped, the common entities decoded, and surrounding spaces trimmed.
    private static func cleaned(_ label: String) -> String {
        var text = ""
        var inTag = false
        for character in label {
            if character == "<" && label.count > 1 && label.contains(">") { inTag = true; continue }
            if inTag { if character == ">" { inTag = false }; continue }
            text.append(character)
        }
        for (entity, character) in [("&nbsp;", " "), ("&lt;", "<"), ("&gt;", ">"), ("&quot;", "\""), ("&#39;", "'"), ("&amp;", "&")] {
            text = replacing(entity, with: character, in: text)
        }
        return String(text.drop { $0 == " " }.reversed().drop { $0 == " " }.reversed())
    }

    private static func replacing(_ target: String, with replacement: String, in text: String) -> String {
        guard text.contains("&") else { return text }
        var out = "", rest = Substring(text)
        while let range = rest.firstRange(of: target) {
            out += rest[..<range.lowerBound] + replacement
            rest = rest[range.upperBound...]
        }
        return out + rest
    }
}
