/// The sections of a rows text after the base layer's rows (docs/LAYOUTS.md, "Layers and magic rules"):
///
/// ```text
/// [shift] default        the board's default shift layer (Layout.defaultShiftSymbols); no rows follow
/// [shift]                the shift layer, rows as the base layer's
/// [layer sym]            an extra layer reached by MO(sym) or OSL(sym) keys of the base layer
/// [magic]                one rule per line: `e u`, `e->u` or `e -> u` (after e, MAGIC types u)
/// ```
///
/// Layer rows take the base layer's shapes (every row of the board, the alpha block's rows, or one line);
/// their one-character symbols keep their case (`Q`, `:`), and `NONE` leaves a key empty on that layer.
/// Keys outside an alpha-block-only layer type nothing on it, except on the shift layer, where they keep
/// their default shifted symbol. `\#` is the symbol `#` anywhere (a line starting with `#` is a comment).
extension Layout {
    /// One section header of a rows text.
    enum RowsSection: Equatable {
        case shift(isDefault: Bool)
        case layer(String)
        case magic

        var title: String {
            switch self {
            case .shift: "[shift]"
            case .layer(let name): "[layer \(name)]"
            case .magic: "[magic]"
            }
        }
    }

    typealias RowLine = (number: Int, text: Substring)

    /// The header a line is, nil for a row. A line is a header when, trimmed, it starts with `[` and its
    /// bracket holds `shift`, `magic` or `layer ...`; a malformed header of those words is an error.
    static func sectionHeader(_ line: RowLine) throws(ValidationError) -> RowsSection? {
        let words = line.text.split(whereSeparator: { $0.isWhitespace }).map(String.init)
        guard let first = words.first, first.hasPrefix("["), first.count > 1 else { return nil }
        let field = "layout line \(line.number)"
        switch first {
        case "[shift]":
            if words.count == 1 { return .shift(isDefault: false) }
            if words.count == 2 && words[1] == "default" { return .shift(isDefault: true) }
            throw ValidationError(field: field, "a [shift] header is `[shift]` (rows follow) or `[shift] default`")
        case "[magic]":
            guard words.count == 1 else { throw ValidationError(field: field, "a [magic] header stands alone; its rules go on the lines below") }
            return .magic
        case "[layer":
            guard words.count == 2, words[1].hasSuffix("]") else {
                throw ValidationError(field: field, "a layer header is `[layer NAME]`")
            }
            let name = String(words[1].dropLast())
            guard LayoutLayer.isValidName(name) else {
                throw ValidationError(field: field, "layer name \"\(name)\" must be 1-\(LayoutLayer.maxNameLength) of a-z, 0-9, _ and - (and not shift)")
            }
            return .layer(name)
        default:
            return nil
        }
    }

    /// The base rows (before the first header) and each section with its lines.
    static func splitSections(_ lines: [RowLine]) throws(ValidationError) -> (base: [RowLine], extras: [(header: RowsSection, line: Int, lines: [RowLine])]) {
        var base: [RowLine] = []
        var extras: [(header: RowsSection, line: Int, lines: [RowLine])] = []
        for line in lines {
            if let header = try sectionHeader(line) {
                let key: (RowsSection) -> String = { if case .shift = $0 { "[shift]" } else { $0.title } }
                if let earlier = extras.first(where: { key($0.header) == key(header) }) {
                    throw ValidationError(field: "layout line \(line.number)", "\(key(header)) appears twice (first on line \(earlier.line))")
                }
                extras.append((header, line.number, []))
            } else if extras.isEmpty {
                base.append(line)
            } else {
                extras[extras.count - 1].lines.append(line)
            }
        }
        return (base, extras)
    }

    /// The layout with the sections' layers and rules added, checked (`validateExtras`, `checkLayerKeys`).
    func addingSections(_ sections: [(header: RowsSection, line: Int, lines: [RowLine])], for keyboard: Keyboard,
                        keycodes: KeycodeTable) throws(ValidationError) -> Layout {
        var layout = self
        for section in sections {
            let field = "layout \(section.header.title) (line \(section.line))"
            switch section.header {
            case .shift(isDefault: true):
                guard section.lines.isEmpty else {
                    throw ValidationError(field: field, "`[shift] default` takes no rows (line \(section.lines[0].number)); write `[shift]` to give them")
                }
                layout.layers.append(LayoutLayer(name: LayoutLayer.shiftName, symbols: Layout.defaultShiftSymbols(for: symbols)))
            case .shift(isDefault: false):
                let fill = Layout.defaultShiftSymbols(for: symbols)
                let placed = try Layout.layerRows(section.lines, for: keyboard, keycodes: keycodes, field: field) { fill[$0] }
                layout.layers.append(LayoutLayer(name: LayoutLayer.shiftName, symbols: placed))
            case .layer(let name):
                let placed = try Layout.layerRows(section.lines, for: keyboard, keycodes: keycodes, field: field) { _ in nil }
                layout.layers.append(LayoutLayer(name: name, symbols: placed))
            case .magic:
                for line in section.lines {
                    layout.magicRules.append(try Layout.magicRule(line, keycodes: keycodes))
                }
            }
        }
        // The shift layer first, as `withDefaultShiftLayer` puts it.
        if let shift = layout.layers.firstIndex(where: { $0.name == LayoutLayer.shiftName }), shift != 0 {
            layout.layers.insert(layout.layers.remove(at: shift), at: 0)
        }
        try layout.validateExtras(keyCount: keyboard.keys.count)
        try layout.checkLayerKeys()
        return layout
    }

    /// A layer's symbols from its row lines: every row of the board, the alpha block's rows (keys outside
    /// the block get `outside(key)`), or a single line of every key or of the alpha block.
    static func layerRows(_ lines: [RowLine], for keyboard: Keyboard, keycodes: KeycodeTable, field: String,
                          outside: (Int) -> String?) throws(ValidationError) -> [String?] {
        guard !lines.isEmpty else { throw ValidationError(field: field, "has no rows (use NONE for keys that type nothing on the layer)") }
        let boardRows = keyRows(of: keyboard)
        let alphaSet = Set(keyboard.alphaKeys)
        let alphaRows = boardRows.map { $0.filter { alphaSet.contains($0) } }.filter { !$0.isEmpty }
        var targetRows: [[Int]]
        var lineTokens: [[String]] = []
        var hints: [[String]] = []
        for line in lines {
            let (tokens, words) = rowTokens(line.text, keycodes: keycodes)
            lineTokens.append(tokens)
            hints.append(words)
        }
        var isAlphaOnly = false
        if lines.count == 1 {
            let count = lineTokens[0].count
            if count == keyboard.keys.count {
                targetRows = [Array(keyboard.keys.indices)]
            } else if !keyboard.alphaKeys.isEmpty && count == keyboard.alphaKeys.count {
                targetRows = [keyboard.alphaKeys]
                isAlphaOnly = true
            } else {
                let alphaNote = keyboard.alphaKeys.isEmpty ? "" : " or \(keyboard.alphaKeys.count) (the alpha block)"
                throw ValidationError(field: field, "has \(count) symbols on one line; \(keyboard.name) takes \(keyboard.keys.count) (every key)\(alphaNote)"
                                      + misspellingHint(hints[0]))
            }
        } else {
            isAlphaOnly = lines.count != boardRows.count && lines.count == alphaRows.count
            guard lines.count == boardRows.count || isAlphaOnly else {
                let alphaNote = alphaRows.isEmpty ? "" : " or \(alphaRows.count) (the rows of the alpha block)"
                throw ValidationError(field: field, "has \(lines.count) rows; \(keyboard.name) has \(boardRows.count)\(alphaNote)")
            }
            targetRows = isAlphaOnly ? alphaRows : boardRows
        }
        var symbols: [String?] = keyboard.keys.indices.map { isAlphaOnly && !alphaSet.contains($0) ? outside($0) : nil }
        for (rowIndex, keys) in targetRows.enumerated() {
            let line = lines[rowIndex]
            let rowField = "\(field) row \(rowIndex) (line \(line.number))"
            guard lineTokens[rowIndex].count == keys.count else {
                throw ValidationError(field: rowField, "has \(lineTokens[rowIndex].count) symbols; the row has \(keys.count) \(isAlphaOnly ? "alpha keys" : "keys")"
                                      + misspellingHint(hints[rowIndex]))
            }
            for (key, token) in zip(keys, lineTokens[rowIndex]) {
                do throws(ValidationError) { symbols[key] = try layerSymbol(token, keycodes: keycodes) } catch { throw error.nested(under: rowField) }
            }
        }
        return symbols
    }

    /// A token of a layer or a magic rule: an empty token is nil, a name or alias its key, a layer key
    /// itself, one character itself with its case (a layer types `Q` and `q` apart).
    public static func layerSymbol(_ token: String, keycodes: KeycodeTable) throws(ValidationError) -> String? {
        if token.count == 1 { return token }
        guard let normalized = try keycodes.normalize(token) else { return nil }
        return normalized
    }

    /// One `[magic]` line: `e u`, `e->u` or `e -> u`.
    static func magicRule(_ line: RowLine, keycodes: KeycodeTable) throws(ValidationError) -> MagicRule {
        let field = "layout [magic] line \(line.number)"
        var chunks = line.text.split(whereSeparator: { $0.isWhitespace }).map(String.init)
        if chunks.count == 3 && chunks[1] == "->" { chunks.remove(at: 1) }
        if chunks.count == 1, chunks[0].count >= 3 {
            // `e->u`: the arrow is searched from the second character, so `-->>` is after `-`, `>`.
            let text = chunks[0]
            let start = text.index(after: text.startIndex)
            if let arrow = text[start...].firstRange(of: "->") {
                chunks = [String(text[..<arrow.lowerBound]), String(text[arrow.upperBound...])]
            }
        }
        guard chunks.count == 2, !chunks[0].isEmpty, !chunks[1].isEmpty else {
            throw ValidationError(field: field, "a rule is two symbols, `e u` or `e->u` (after e, MAGIC types u)")
        }
        let unescape: (String) -> String = { $0 == "\\#" ? "#" : $0 }
        var pair: [String] = []
        for chunk in chunks {
            do throws(ValidationError) {
                guard let symbol = try layerSymbol(unescape(chunk), keycodes: keycodes) else {
                    throw ValidationError(field: "", "\"\(chunk)\" is an empty key; a rule names two symbols")
                }
                pair.append(symbol)
            } catch { throw error.nested(under: field) }
        }
        let rule = MagicRule(after: pair[0], output: pair[1])
        try rule.check(field: field)
        return rule
    }

    /// Every layer key of the base layer (`MO(name)`, `OSL(name)`) reaches a layer the layout has, and every
    /// extra layer is reached by one; REPEAT and MAGIC are base keys only.
    public func checkLayerKeys() throws(ValidationError) {
        var reached = Set<String>()
        for (key, symbol) in symbols.enumerated() {
            guard let symbol, let name = LayoutLayer.layerName(ofKey: symbol) else { continue }
            guard layer(named: name) != nil else {
                throw ValidationError(field: "layout[\(key)]", "\(symbol) reaches layer \"\(name)\", which the layout does not have")
            }
            reached.insert(name)
        }
        for layer in layers where layer.name != LayoutLayer.shiftName && !reached.contains(layer.name) {
            throw ValidationError(field: "layers.\(layer.name)", "no key reaches it (put \(LayoutLayer.heldKey(layer.name)) or \(LayoutLayer.oneShotKey(layer.name)) on the base layer)")
        }
        for layer in layers {
            for (key, symbol) in layer.symbols.enumerated() {
                guard let symbol else { continue }
                if Layout.isKeyAction(symbol) && symbol != Layout.shiftSymbol {
                    throw ValidationError(field: "layers.\(layer.name)[\(key)]", "holds \(symbol); layer keys, REPEAT and MAGIC go on the base layer")
                }
            }
        }
        for (index, rule) in magicRules.enumerated() { try rule.check(field: "magic[\(index)]") }
    }
}

extension MagicRule {
    /// A rule's two symbols are symbols a key types: not REPEAT, MAGIC, SHIFT or a layer key.
    func check(field: String) throws(ValidationError) {
        for symbol in [after, output] where Layout.isKeyAction(symbol) {
            throw ValidationError(field: field, "a rule cannot name \(symbol); it names symbols that keys type")
        }
    }
}
