/// Layouts written as rows of text, the way people draw a keyboard (`--layout @FILE`).
extension Layout {
    /// The most lines a rows text may have, comments and blank lines included.
    public static let maxRowLines = 1000

    /// Parses `text` whose lines are the board's rows, top to bottom.
    ///
    /// Blank lines and lines whose first non-blank character is `#` are skipped. Each other line is one
    /// logical row of the board (its keys by column); its whitespace-separated chunks are key names
    /// (`SPACE`, `BSPC`, `NONE`, ...) or runs of one-character symbols (`qwert`), so split halves may be
    /// separated by any number of spaces. A line with no whitespace is one symbol per character. Lines
    /// may cover every row of the board, or only the rows of the alpha block with only its keys (the
    /// base layout fills the rest). A single line holds every key or the alpha block, in key order,
    /// like a layout string (`Layout.parse`). The chunk `\#` is the symbol `#` (a line starting with `#`
    /// is a comment), and `MO(name)` / `OSL(name)` are one token. After the base rows, `[shift]`,
    /// `[shift] default`, `[layer NAME]` and `[magic]` sections add layers and rules (`Layout+Sections.swift`).
    public static func parse(rows text: String, for keyboard: Keyboard, keycodes: KeycodeTable) throws(ValidationError) -> Layout {
        var lines: [(number: Int, text: Substring)] = []
        for (index, line) in text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" }).enumerated() {
            if index >= maxRowLines { throw ValidationError(field: "layout", "has more than \(maxRowLines) lines") }
            let trimmed = line.drop { $0.isWhitespace }
            if trimmed.isEmpty || trimmed.hasPrefix("#") { continue }
            lines.append((index + 1, line))
        }
        let sections = try splitSections(lines)
        let layout = try parseBaseRows(sections.base, for: keyboard, keycodes: keycodes)
        if sections.extras.isEmpty { return layout }
        return try layout.addingSections(sections.extras, for: keyboard, keycodes: keycodes)
    }

    /// The base layer's rows (the lines before the first section header), as `parse(rows:)` reads them.
    static func parseBaseRows(_ lines: [(number: Int, text: Substring)], for keyboard: Keyboard, keycodes: KeycodeTable) throws(ValidationError) -> Layout {
        if lines.isEmpty { throw ValidationError(field: "layout", "has no rows (only blank lines or # comments)") }
        if lines.count == 1 {
            let (tokens, words) = rowTokens(lines[0].text, keycodes: keycodes)
            do throws(ValidationError) { return try parse(tokens.joined(separator: " "), for: keyboard, keycodes: keycodes) } catch {
                throw ValidationError(field: error.field, error.message + misspellingHint(words))
            }
        }

        let boardRows = keyRows(of: keyboard)
        let alphaSet = Set(keyboard.alphaKeys)
        let alphaRows = boardRows.map { $0.filter { alphaSet.contains($0) } }.filter { !$0.isEmpty }
        let isAlphaOnly = lines.count != boardRows.count && lines.count == alphaRows.count
        guard lines.count == boardRows.count || isAlphaOnly else {
            let alphaNote = alphaRows.isEmpty ? "" : " or \(alphaRows.count) (the rows of the alpha block)"
            throw ValidationError(field: "layout", "has \(lines.count) rows; \(keyboard.name) has \(boardRows.count)\(alphaNote)")
        }
        let targetRows = isAlphaOnly ? alphaRows : boardRows
        var symbols: [String?] = []
        for (index, base) in keyboard.baseLayout.enumerated() {
            if isAlphaOnly && base != Keyboard.alphaMarker {
                do throws(ValidationError) { symbols.append(try keycodes.normalize(base) ?? nil) } catch {
                    throw error.nested(under: "base_layout[\(index)]")
                }
            } else {
                symbols.append(nil)
            }
        }
        for (rowIndex, keys) in targetRows.enumerated() {
            let line = lines[rowIndex]
            let field = "layout row \(rowIndex) (line \(line.number))"
            let (tokens, words) = rowTokens(line.text, keycodes: keycodes)
            guard tokens.count == keys.count else {
                let what = isAlphaOnly ? "alpha keys" : "keys"
                throw ValidationError(field: field, "has \(tokens.count) symbols; \(keyboard.name)'s row \(keyboard.keys[keys[0]].row) has \(keys.count) \(what)"
                                      + misspellingHint(words))
            }
            for (key, token) in zip(keys, tokens) {
                do throws(ValidationError) {
                    guard let normalized = try keycodes.normalize(token) else { continue }
                    symbols[key] = normalized
                } catch {
                    throw error.nested(under: field)
                }
            }
        }
        return Layout(symbols: symbols)
    }

    /// The board's key indexes grouped by logical row (top first), each row ordered by column.
    public static func keyRows(of keyboard: Keyboard) -> [[Int]] {
        var byRow: [Int: [Int]] = [:]
        for (index, key) in keyboard.keys.enumerated() { byRow[key.row, default: []].append(index) }
        return byRow.keys.sorted().map { row in
            byRow[row, default: []].sorted { (keyboard.keys[$0].col, $0) < (keyboard.keys[$1].col, $1) }
        }
    }

    /// The tokens of one row line: known names stay whole, other chunks are one symbol per character.
    /// Also returns the upper-case words that were split into characters, which may be misspelled names.
    static func rowTokens(_ line: Substring, keycodes: KeycodeTable) -> (tokens: [String], splitWords: [String]) {
        var tokens: [String] = []
        var splitWords: [String] = []
        for chunk in line.split(whereSeparator: { $0.isWhitespace }).map(String.init) {
            if chunk == "\\#" {
                tokens.append("#")
            } else if chunk.count == 1 || isKnownName(chunk, keycodes) {
                tokens.append(chunk)
            } else {
                if isNameShaped(chunk) { splitWords.append(chunk) }
                tokens.append(contentsOf: chunk.map { String($0) })
            }
        }
        return (tokens, splitWords)
    }

    /// For a count mismatch: the upper-case words read as one symbol per letter, which may be misspelled key names.
    static func misspellingHint(_ words: [String]) -> String {
        guard let first = words.first else { return "" }
        return " (\"\(first)\" is not a key name, so it was read as \(first.count) one-character symbols)"
    }

    private static func isKnownName(_ chunk: String, _ keycodes: KeycodeTable) -> Bool {
        keycodes.names.contains(chunk) || keycodes.aliases[chunk] != nil || keycodes.emptyTokens.contains(chunk)
            || LayoutLayer.layerName(ofKey: chunk) != nil
    }

    private static func isNameShaped(_ chunk: String) -> Bool {
        chunk.unicodeScalars.allSatisfy { ("A"..."Z").contains($0) || ("0"..."9").contains($0) || $0 == "_" }
            && chunk.unicodeScalars.contains { ("A"..."Z").contains($0) }
    }
}
