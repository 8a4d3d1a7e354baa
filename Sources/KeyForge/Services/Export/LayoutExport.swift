import KeyForgeCore

/// `keyforge export`: a layout on a board written in another tool's format. Pure text out; the caller writes it.
public enum LayoutExport {
    /// The formats `export` writes.
    public enum Format: String, CaseIterable, Sendable {
        /// QMK's `keymap.c`.
        case qmk
        /// QMK's `keymap.json` (QMK Configurator, `qmk json2c`).
        case qmkJSON = "qmk-json"
        /// ZMK's `<shield>.keymap` devicetree.
        case zmk
        /// keyboard-layout-editor.com raw JSON.
        case kle
        /// An XKB symbols file (X11 and Wayland).
        case xkb
        /// Oxeylyzer's `.dof` (the alpha block and its fingers).
        case dof

        /// QMK and ZMK: whole firmware keymaps with layers, and the formats `--merge` edits.
        public var isFirmwareKeymap: Bool { self == .qmk || self == .qmkJSON || self == .zmk }
    }

    /// What an export is made of: the board, the layout and the layout's display name.
    public struct Input {
        /// The board.
        public var keyboard: Keyboard
        /// The symbol of every key.
        public var layout: Layout
        /// The layout's name (a reference name, `custom`, or the rows file's name).
        public var layoutName: String
        /// Characters beyond ASCII that a whole QMK / ZMK keymap must also type (`referenceExtras`), on layer 1 or 2.
        public var extraSymbols: [String]

        /// Creates an export input.
        public init(keyboard: Keyboard, layout: Layout, layoutName: String, extraSymbols: [String] = []) {
            self.keyboard = keyboard
            self.layout = layout
            self.layoutName = layoutName
            self.extraSymbols = extraSymbols
        }

        /// The layout's name made safe to write inside comments and strings (`LayoutExport.safe`).
        var safeName: String { LayoutExport.safe(layoutName) }

        /// The board's name made safe the same way.
        var safeBoard: String { LayoutExport.safe(keyboard.name) }

        /// "key 12 (row 1, column 0)".
        func describeKey(_ index: Int) -> String {
            let key = keyboard.keys[index]
            return "key \(index) (row \(key.row), column \(key.col))"
        }

        /// The symbol of key `index` for an error message.
        func describeSymbol(_ index: Int) -> String {
            layout.symbols[index].map { "'\($0)'" } ?? "no symbol"
        }
    }

    /// The corpus whose every symbol a whole keymap types.
    public static let referenceCorpus = "text/en_std"

    /// The one-character symbols of `symbols` beyond ASCII (`é`, `—`, `“`), in their order: what a whole keymap
    /// adds as Unicode keys (QMK `UC(0x00E9)`, a ZMK macro) to type every symbol of the reference corpus.
    public static func referenceExtras(_ symbols: [String]) -> [String] {
        symbols.filter { $0.unicodeScalars.count == 1 && $0.unicodeScalars.first!.value >= 0x80 && $0.unicodeScalars.first!.value <= 0xFFFF }
    }

    /// `input` for a fresh export in `format`: a whole firmware keymap also types the reference corpus's
    /// characters beyond ASCII (`referenceExtras`, read from `catalog`); other formats take `input` as it is.
    /// The one place `export` and the playground's `/api/export` decide this.
    public static func fresh(_ input: Input, format: Format, catalog: AssetCatalog) throws(InputError) -> Input {
        guard format.isFirmwareKeymap else { return input }
        var whole = input
        whole.extraSymbols = referenceExtras(try catalog.corpus(referenceCorpus).symbols)
        return whole
    }

    /// `text` with anything but ASCII letters, digits, '-', '_' and '.' replaced by '_', so a name read from
    /// a file can never end a comment or a string in the written keymap.
    static func safe(_ text: String) -> String {
        String(String.UnicodeScalarView(text.unicodeScalars.map { scalar in
            scalar.isASCII && (scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) || "-_.".unicodeScalars.contains(scalar))
                ? scalar : "_"
        }))
    }

    /// A symbol as it may stand inside a C or devicetree comment: key names and printable ASCII as they are,
    /// except `\\`, `/` and `*` (which could end a comment or continue it) and anything else, written `U+XXXX`.
    static func commentSymbol(_ symbol: String) -> String {
        if symbol.count > 1 { return safe(symbol) }
        guard let scalar = symbol.unicodeScalars.first, symbol.unicodeScalars.count == 1 else { return "?" }
        if scalar.value >= 0x21 && scalar.value <= 0x7E && !"\\/*".unicodeScalars.contains(scalar) { return symbol }
        let hex = String(scalar.value, radix: 16, uppercase: true)
        return "U+" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex
    }

    /// The text of `input` in `format`, ending with a newline.
    public static func render(_ format: Format, _ input: Input) throws(InputError) -> String {
        guard input.layout.symbols.count == input.keyboard.keys.count else {
            throw InputError(.invalid, source: "--layout", "has \(input.layout.symbols.count) symbols for \(input.keyboard.keys.count) keys")
        }
        switch format {
        case .qmk: return try QMKExport.keymapC(input)
        case .qmkJSON: return try QMKExport.keymapJSON(input)
        case .zmk: return try ZMKExport.keymap(input)
        case .kle: return KLEExport.rawJSON(input)
        case .xkb: return try XKBExport.symbols(input)
        case .dof: return try CommunityLayout.dof(of: input).encode()
        }
    }

    /// Checks that every symbol of a slotted key has a keycode in `format` and that no symbol is lost.
    ///
    /// A board key with no slot must hold nothing, or a symbol some slotted key also holds (the second
    /// space key of a board whose firmware has one space bar); otherwise the export would lose a symbol.
    static func checkSymbols(_ slots: KeymapSlots, _ input: Input, format: String) throws(InputError) {
        for index in slots.placedKeys.sorted() {
            guard let symbol = input.layout.symbols[index] else { continue }
            if KeymapVocabulary.entry(symbol) == nil && LayoutLayer.layerName(ofKey: symbol) == nil {
                throw InputError(.invalid, source: "--layout", "\(input.describeKey(index)) holds '\(symbol)', which has no \(format) keycode")
            }
        }
        try checkEveryKeyPlaced(slots.placedKeys, input, target: "\(format) \(slots.layoutMacro ?? slots.target)")
        // The layout's own layers (not shift, which the host's Shift types): every symbol on a placed key.
        for layer in input.layout.layers where layer.name != LayoutLayer.shiftName {
            for (index, symbol) in layer.symbols.enumerated() {
                guard let symbol else { continue }
                guard slots.placedKeys.contains(index) else {
                    throw InputError(.invalid, source: "--layout", "layer \(layer.name): \(input.describeKey(index)) holds '\(symbol)', but that key has no place in the \(format) keymap of \(input.keyboard.name)")
                }
                if KeymapVocabulary.entry(symbol) == nil && KeymapVocabulary.unicodeHex(symbol) == nil {
                    throw InputError(.invalid, source: "--layout", "layer \(layer.name): \(input.describeKey(index)) holds '\(symbol)', which has no \(format) keycode")
                }
            }
        }
    }

    /// Fails when a key outside `placed` holds a symbol that no placed key holds.
    static func checkEveryKeyPlaced(_ placed: Set<Int>, _ input: Input, target: String) throws(InputError) {
        let placedSymbols = Set(placed.compactMap { input.layout.symbols[$0] })
        for index in input.keyboard.keys.indices where !placed.contains(index) {
            guard let symbol = input.layout.symbols[index], !placedSymbols.contains(symbol) else { continue }
            throw InputError(.invalid, source: "--layout",
                             "\(input.describeKey(index)) holds '\(symbol)', but that key has no place in the \(target) keymap of \(input.keyboard.name)")
        }
    }

    /// `rows` as lines of cells separated by `separator`, each cell padded to the widest cell so columns line up.
    static func alignedRows(_ rows: [[String]], indent: String, separator: String, lastSeparator: String) -> [String] {
        let width = rows.flatMap { $0 }.map(\.count).max() ?? 0
        return rows.enumerated().map { rowIndex, row in
            let isLastRow = rowIndex == rows.count - 1
            let cells = row.enumerated().map { column, cell -> String in
                let isLast = isLastRow && column == row.count - 1
                let text = cell + (isLast ? lastSeparator : separator)
                return isLast ? text : text + String(repeating: " ", count: width - cell.count)
            }
            var line = indent + cells.joined(separator: " ")
            while line.hasSuffix(" ") { line.removeLast() }
            return line
        }
    }

    /// The refusal for a board without the section `format` needs.
    static func missingSection(_ section: String, _ input: Input, _ why: String) -> InputError {
        InputError(.invalid, source: input.keyboard.name,
                   "has no '\(section)' section, so it cannot be exported as \(section): \(why)")
    }
}
