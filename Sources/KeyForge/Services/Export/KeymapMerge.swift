import KeyForgeCore

/// `keyforge export --merge FILE`: the user's own keymap (QMK `keymap.c` or `keymap.json`, ZMK `.keymap`) with
/// the layout's symbols written into its base layer, every other byte of the file kept.
///
/// The keys merged are the board's alpha-block keys and any key the layout gives a one-character symbol other
/// than the board's own there (hands-down's `z` on the corne's Backspace key). Such a
/// key of the user's base layer is replaced when it types a one-character symbol (`KC_A`, `&kp SEMI`), wrapper
/// and all kept (`LGUI_T(KC_A)` -> `LGUI_T(KC_R)`, `&hm LGUI A` -> `&hm LGUI R`); any other key there (a layer
/// key, Backspace, a macro) is kept, and the layout's symbol it displaces is reported with where the user's
/// keymap has it otherwise. Symbols the old base layer typed and the new one does not are reported too.
public enum KeymapMerge {
    /// What a merge produced.
    public struct Result: Sendable {
        /// The merged file.
        public var text: String
        /// How many keys changed.
        public var changedKeys: Int
        /// Symbols displaced or dropped, one sentence each.
        public var notes: [String]
        /// The changed lines as a diff (`-` old, `+` new, each pair after an `@@ line N @@` header).
        public var diff: [String]
    }

    /// One key of a keymap as read.
    enum Reading: Equatable {
        /// A key typing `symbol`; `range` is the byte range of its keycode (inside any wrapper).
        case character(symbol: String, range: Range<Int>, wrapped: Bool)
        /// A key KeyForge recognizes that types no one-character symbol (`MO(1)`, `KC_BSPC`, `&mo 1`).
        case other
        /// A key KeyForge cannot read (a `#define`d name, a custom behavior macro): merging over it is refused.
        case unknown(why: String)
    }

    /// One key of a keymap: how it reads, its text and its line in the file.
    struct ReadKey {
        var reading: Reading
        var text: String
        var line: Int
    }

    /// A keymap's layers as read, the base layer's index among them, and the keycode writer of the format.
    struct ReadKeymap {
        var layers: [[ReadKey]]
        var baseIndex: Int
        /// The keycode to write for a symbol, nil when the format has none.
        var keycode: (String) -> String?
        /// The format's name for messages.
        var format: String
    }

    /// Merges `input`'s layout into the keymap `bytes` read from `source`, in `format` (qmk, qmk-json or zmk).
    public static func merge(_ bytes: [UInt8], source: String, format: LayoutExport.Format, _ input: LayoutExport.Input) throws(InputError) -> Result {
        let slots: KeymapSlots
        let keymap: ReadKeymap
        switch format {
        case .qmk, .qmkJSON:
            guard let qmk = input.keyboard.exports.qmk else {
                throw LayoutExport.missingSection("qmk", input, "merging needs the board's key order in QMK's LAYOUT macro")
            }
            slots = qmk
            keymap = format == .qmk ? try QMKMerge.readC(bytes, source: source) : try QMKMerge.readJSON(bytes, source: source)
        case .zmk:
            guard let zmk = input.keyboard.exports.zmk else {
                throw LayoutExport.missingSection("zmk", input, "merging needs the board's key order in ZMK's bindings")
            }
            slots = zmk
            keymap = try ZMKMerge.read(bytes, source: source)
        case .kle, .xkb, .dof:
            throw InputError(.invalid, source: "--merge", "works with --format qmk, qmk-json or zmk, not \(format.rawValue)")
        }
        guard input.layout.symbols.count == input.keyboard.keys.count else {
            throw InputError(.invalid, source: "--layout", "has \(input.layout.symbols.count) symbols for \(input.keyboard.keys.count) keys")
        }
        let base = keymap.layers[keymap.baseIndex]
        let positions = slots.rows.enumerated().flatMap { row, slotRow in slotRow.indices.map { (row: row, column: $0) } }
        guard base.count == positions.count else {
            throw InputError(.invalid, source: source,
                             "the base layer has \(base.count) keys, but \(input.keyboard.name)'s \(keymap.format) keymap (\(slots.layoutMacro ?? slots.target)) has \(positions.count); is this keymap for another board?")
        }
        let alpha = Set(input.keyboard.alphaKeys)
        var edits: [(range: Range<Int>, text: String)] = []
        var notes: [String] = []
        var oldSymbols: [String] = [], newSymbols: Set<String> = []
        var displaced: [(symbol: String, place: String, kept: String)] = []
        for (position, slot) in slots.slots.enumerated() {
            let key = base[position]
            let place = "row \(positions[position].row), column \(positions[position].column) (line \(key.line))"
            guard case .key(let index) = slot else {
                if case .character(let symbol, _, _) = key.reading { newSymbols.insert(symbol) }
                continue
            }
            let symbol = input.layout.symbols[index]
            // The alpha block, and any key the layout gives a one-character symbol its board does not have there.
            let isTarget = alpha.contains(index) || (symbol?.count == 1 && symbol != input.keyboard.baseLayout[index])
            if !isTarget {
                if case .character(let old, _, _) = key.reading { newSymbols.insert(old) }
                continue
            }
            switch key.reading {
            case .unknown(let why):
                throw InputError(.invalid, source: source, "base layer \(place): cannot identify `\(key.text)`: \(why)")
            case .other:
                if let symbol { displaced.append((symbol, place, key.text)) }
            case .character(let old, let range, let wrapped):
                oldSymbols.append(old)
                guard let symbol else {
                    notes.append("\(place): the layout leaves this key empty; `\(key.text)` is kept")
                    newSymbols.insert(old)
                    continue
                }
                guard let keycode = keymap.keycode(symbol) else {
                    throw InputError(.invalid, source: "--layout", "'\(symbol)' has no \(keymap.format) keycode to write at \(place)")
                }
                if wrapped && KeymapVocabulary.shiftedPartner[symbol] != nil && keymap.format != "ZMK" {
                    notes.append("\(place): '\(symbol)' is a shifted keycode inside `\(key.text)`; QMK's tap-hold keys tap basic keycodes only")
                }
                newSymbols.insert(symbol)
                if symbol != old { edits.append((range, keycode)) }
            }
        }
        func elsewhere(_ symbol: String) -> String? {
            for (layerIndex, layer) in keymap.layers.enumerated() where layerIndex != keymap.baseIndex {
                for (position, key) in layer.enumerated() {
                    if case .character(symbol, _, _) = key.reading, position < positions.count {
                        return "layer \(layerIndex), row \(positions[position].row), column \(positions[position].column)"
                    }
                }
            }
            return nil
        }
        for (symbol, place, kept) in displaced where !newSymbols.contains(symbol) {
            let found = elsewhere(symbol).map { "your keymap has it on \($0)" } ?? "it is nowhere in the merged keymap"
            notes.append("'\(symbol)' not placed: the layout puts it at base layer \(place), where your `\(kept)` is kept; \(found)")
        }
        var reported: Set<String> = []
        for symbol in oldSymbols where !newSymbols.contains(symbol) && reported.insert(symbol).inserted {
            let found = elsewhere(symbol).map { "it stays on \($0)" } ?? "it is nowhere in the merged keymap"
            notes.append("'\(symbol)' leaves the base layer (the layout has no key for it); \(found)")
        }
        var output = bytes
        for edit in edits.sorted(by: { $0.range.lowerBound > $1.range.lowerBound }) {
            output.replaceSubrange(edit.range, with: Array(edit.text.utf8))
        }
        if input.layout.hasExtras {
            // A merge edits the letters of the user's base layer only; their own layers and keys stay theirs.
            notes.append("the layout's layers, REPEAT / MAGIC keys and magic rules are not merged; `export` without --merge writes them")
        }
        return Result(text: String(decoding: output, as: UTF8.self), changedKeys: edits.count, notes: notes,
                      diff: lineDiff(String(decoding: bytes, as: UTF8.self), String(decoding: output, as: UTF8.self)))
    }

    /// The lines that differ between `old` and `new`, which have the same number of lines (a merge only edits
    /// inside lines).
    static func lineDiff(_ old: String, _ new: String) -> [String] {
        let before = old.split(separator: "\n", omittingEmptySubsequences: false)
        let after = new.split(separator: "\n", omittingEmptySubsequences: false)
        var lines: [String] = []
        for (number, pair) in zip(before, after).enumerated() where pair.0 != pair.1 {
            lines += ["@@ line \(number + 1) @@", "-\(pair.0)", "+\(pair.1)"]
        }
        return lines
    }
}
