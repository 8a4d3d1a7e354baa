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
        /// The finger rule's decisions (home row, split, thumb rows).
        public var rule: FingerRule.Outcome
    }

    /// Builds and validates the keyboard called `name` from `board`.
    public static func keyboard(from board: KLECodec.Board, name: String, source: String, options: FingerRule.Options,
                                fingers: String?, keycodes: KeycodeTable) throws(ValidationError) -> Outcome {
        guard !board.keys.isEmpty else { throw ValidationError(field: "keys", "the KLE file has no keys") }
        let bare = board.keys.map { kle in
            Key(hand: 0, finger: 1, row: kle.row, col: 0, x: kle.x, y: kle.y, width: kle.width, height: kle.height,
                rotation: kle.rotation, rotationOriginX: kle.rotationOriginX, rotationOriginY: kle.rotationOriginY)
        }
        let rule = try FingerRule.assign(compactRows(bare), options: options)
        var keys = rule.keys
        if let fingers { keys = try FingerRule.override(keys, with: fingers) }
        let tokens = board.keys.map { token(for: $0, keycodes: keycodes) }
        let alpha = Set(alphaSymbols)
        let hasAlpha = tokens.contains { alpha.contains($0) }
        let base = tokens.map { hasAlpha ? (alpha.contains($0) ? Keyboard.alphaMarker : $0) : Keyboard.alphaMarker }
        var layouts: [(name: String, text: String)] = []
        if hasAlpha {
            let legends = tokens.filter { alpha.contains($0) }
            let isQwerty = legends.count == alphaSymbols.count && Set(legends) == alpha
            layouts.append((isQwerty ? "qwerty" : "legends", legends.joined()))
        }
        let origin = board.name.map { "'\($0)' " } ?? ""
        let description = "Imported from keyboard-layout-editor \(origin)(\(source)); "
            + (fingers == nil ? "fingers by KeyForge's rule (home row \(rule.homeRow), hands split at x = \(ReportText.fixed(rule.splitX, digits: 3)))."
                              : "fingers as given by --fingers.")
        let keyboard = Keyboard(name: name, description: description, homeRow: rule.homeRow, keys: keys,
                                baseLayout: base, referenceLayouts: layouts)
        try keyboard.validate()
        return Outcome(keyboard: keyboard, rule: rule)
    }

    /// KLE row numbers renumbered 0, 1, 2 ... over the rows that hold keys (a row of decals only is skipped).
    private static func compactRows(_ keys: [Key]) -> [Key] {
        let rows = Set(keys.map(\.row)).sorted()
        var number: [Int: Int] = [:]
        for (index, row) in rows.enumerated() { number[row] = min(index, 64) }
        return keys.map { key in
            var copy = key
            copy.row = number[key.row] ?? 0
            return copy
        }
    }

    /// The base-layout token of one KLE key (see the type's comment).
    static func token(for key: KLECodec.KLEKey, keycodes: KeycodeTable) -> String {
        let lines = key.labels.map(cleaned)
        let firstTwo = lines.prefix(2).filter { !$0.isEmpty }
        guard let legend = firstTwo.last ?? lines.first(where: { !$0.isEmpty }) else {
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
        for (entity, character) in [("&lt;", "<"), ("&gt;", ">"), ("&quot;", "\""), ("&#39;", "'"), ("&amp;", "&")] {
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
