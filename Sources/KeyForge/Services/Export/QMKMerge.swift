import KeyForgeCore

/// Reads a user's QMK keymap for `KeymapMerge`: `keymap.c` through `KeymapScanner`, `keymap.json` through a
/// small scanner of its own; both keep the byte range of every keycode.
enum QMKMerge {
    /// Prefixes of QMK's own keycode names (docs/keycodes.md of qmk/qmk_firmware): keys that are not a
    /// one-character symbol but that KeyForge recognizes, so it may keep them.
    static let knownPrefixes = ["KC_", "QK_", "RGB_", "UG_", "RM_", "BL_", "MS_", "CW_", "AS_", "DM_", "OU_", "MI_",
                                "BT_", "EE_", "MAGIC_", "UC_", "SH_", "DB_", "OS_", "AC_", "CM_", "DT_", "HF_", "MU_", "TD("]
    static let knownNames: Set<String> = ["XXXXXXX", "_______", "RESET", "EEP_RST", "SAFE_RANGE"]

    /// The keymap of a `keymap.c`: the `keymaps` array's layers, each a LAYOUT macro call.
    static func readC(_ bytes: [UInt8], source: String) throws(InputError) -> KeymapMerge.ReadKeymap {
        let scanner = try KeymapScanner(bytes, dialect: .c, source: source)
        let tokens = scanner.tokens
        let custom = customKeycodes(scanner)
        guard let name = tokens.indices.first(where: { tokens[$0].kind == .word && scanner.text(tokens[$0]) == "keymaps" }),
              let brace = (name..<tokens.count).first(where: { scanner.isPunctuation($0, "{") }),
              let end = scanner.closing(brace) else {
            throw InputError(.invalid, source: source, "no `keymaps[][MATRIX_ROWS][MATRIX_COLS] = { ... }` array")
        }
        var layers: [[KeymapMerge.ReadKey]] = []
        var baseIndex: Int?
        for entry in scanner.splitArguments(brace + 1..<end) where !entry.isEmpty {
            var start = entry.lowerBound
            var designator = ""
            if scanner.isPunctuation(start, "["), let close = scanner.closing(start), scanner.isPunctuation(close + 1, "=") {
                designator = scanner.text(start + 1..<close)
                start = close + 2
            }
            let line = tokens[min(start, entry.upperBound - 1)].line
            guard start + 1 < entry.upperBound, tokens[start].kind == .word, scanner.isPunctuation(start + 1, "("),
                  let close = scanner.closing(start + 1), close == entry.upperBound - 1 else {
                throw InputError(.invalid, source: source, "line \(line): layer \(layers.count) is not a LAYOUT macro call like `[0] = LAYOUT(...)`")
            }
            if designator == "0" && baseIndex == nil { baseIndex = layers.count }
            var keys: [KeymapMerge.ReadKey] = []
            for argument in scanner.splitArguments(start + 2..<close) {
                guard !argument.isEmpty else {
                    throw InputError(.invalid, source: source, "line \(tokens[close].line): layer \(layers.count) has an empty key (two commas in a row)")
                }
                keys.append(KeymapMerge.ReadKey(reading: classify(scanner, argument, custom: custom, offset: 0),
                                                text: scanner.text(argument), line: tokens[argument.lowerBound].line))
            }
            layers.append(keys)
        }
        guard !layers.isEmpty else { throw InputError(.invalid, source: source, "the `keymaps` array has no layers") }
        return KeymapMerge.ReadKeymap(layers: layers, baseIndex: baseIndex ?? 0,
                                      keycode: { KeymapVocabulary.entry($0)?.qmk }, format: "QMK")
    }

    /// The keymap of a `keymap.json`: its `layers` array of arrays of keycode strings.
    static func readJSON(_ bytes: [UInt8], source: String) throws(InputError) -> KeymapMerge.ReadKeymap {
        var layers: [[KeymapMerge.ReadKey]] = []
        var index = 0, line = 1, depth = 0
        var lastKey: String?, inLayers = false
        func fail(_ message: String) -> InputError { InputError(.invalid, source: source, "line \(line): \(message)") }
        while index < bytes.count {
            let byte = bytes[index]
            switch byte {
            case 0x0A: line += 1; index += 1
            case 0x22:
                let start = index + 1
                index += 1
                var escaped = false
                while index < bytes.count && bytes[index] != 0x22 {
                    if bytes[index] == 0x5C { escaped = true; index += 1 }
                    if index < bytes.count && bytes[index] == 0x0A { throw fail("a string runs past the end of its line") }
                    index += 1
                }
                guard index < bytes.count else { throw fail("a string never ends") }
                let text = String(decoding: bytes[start..<index], as: UTF8.self)
                index += 1
                if inLayers && depth == 3 {
                    let reading: KeymapMerge.Reading
                    if escaped {
                        reading = .unknown(why: "a keycode with JSON escapes")
                    } else {
                        let scanner = try KeymapScanner(Array(bytes[start..<index - 1]), dialect: .c, source: source)
                        reading = classify(scanner, 0..<scanner.tokens.count, custom: [], offset: start)
                    }
                    layers[layers.count - 1].append(KeymapMerge.ReadKey(reading: reading, text: text, line: line))
                } else if depth == 1 {
                    lastKey = text
                }
            case 0x5B, 0x7B:
                depth += 1
                if byte == 0x5B && depth == 2 && lastKey == "layers" { inLayers = true }
                if byte == 0x5B && depth == 3 && inLayers { layers.append([]) }
                index += 1
            case 0x5D, 0x7D:
                depth -= 1
                if depth == 1 { inLayers = false; lastKey = nil }
                if depth < 0 { throw fail("a closing bracket without its opening one") }
                index += 1
            default:
                if depth == 1 && byte == 0x2C { lastKey = nil }
                index += 1
            }
        }
        guard depth == 0 else { throw fail("the JSON ends inside an object or array") }
        guard !layers.isEmpty else { throw InputError(.invalid, source: source, "no \"layers\": [[...], ...] array of keycode strings") }
        return KeymapMerge.ReadKeymap(layers: layers, baseIndex: 0, keycode: { KeymapVocabulary.entry($0)?.qmk }, format: "QMK")
    }

    /// Names of `enum` members in the file: the user's own keycodes (`enum custom_keycodes { MY_MACRO = SAFE_RANGE }`).
    static func customKeycodes(_ scanner: KeymapScanner) -> Set<String> {
        var names: Set<String> = []
        let tokens = scanner.tokens
        for index in tokens.indices where tokens[index].kind == .word && scanner.text(tokens[index]) == "enum" {
            guard let open = (index..<min(index + 3, tokens.count)).first(where: { scanner.isPunctuation($0, "{") }),
                  let close = scanner.closing(open) else { continue }
            for member in scanner.splitArguments(open + 1..<close) where !member.isEmpty && tokens[member.lowerBound].kind == .word {
                names.insert(scanner.text(tokens[member.lowerBound]))
            }
        }
        return names
    }

    /// How the keycode expression `range` reads: a one-character keycode (bare or as the last argument of a
    /// wrapper such as `LGUI_T(...)`, `MT(MOD_LSFT, ...)`, `LT(1, ...)`), another known key, or unknown.
    static func classify(_ scanner: KeymapScanner, _ range: Range<Int>, custom: Set<String>, offset: Int) -> KeymapMerge.Reading {
        let tokens = scanner.tokens
        guard !range.isEmpty else { return .unknown(why: "an empty key") }
        let first = tokens[range.lowerBound]
        if range.count == 1 {
            let name = scanner.text(first)
            if first.kind == .number { return .other }
            guard first.kind == .word else { return .unknown(why: "not a keycode") }
            if let symbol = KeymapVocabulary.qmkCharacters[name] {
                return .character(symbol: symbol, range: first.start + offset..<first.end + offset, wrapped: false)
            }
            if scanner.defines.contains(name) {
                return .unknown(why: "\(name) is #defined in this file; write the key out (e.g. LGUI_T(KC_A)) so it can be merged")
            }
            if knownNames.contains(name) || custom.contains(name) || knownPrefixes.contains(where: { name.hasPrefix($0) }) { return .other }
            return .unknown(why: "\(name) is not a QMK keycode KeyForge knows")
        }
        guard first.kind == .word, scanner.isPunctuation(range.lowerBound + 1, "("),
              let close = scanner.closing(range.lowerBound + 1), close == range.upperBound - 1 else {
            return .unknown(why: "not a keycode or a keycode macro call")
        }
        let name = scanner.text(first)
        if scanner.defines.contains(name) {
            return .unknown(why: "\(name) is #defined in this file; write the key out so it can be merged")
        }
        guard let last = scanner.splitArguments(range.lowerBound + 2..<close).last else { return .other }
        switch classify(scanner, last, custom: custom, offset: offset) {
        case .character(let symbol, let inner, _): return .character(symbol: symbol, range: inner, wrapped: true)
        case .other, .unknown: return .other
        }
    }
}
