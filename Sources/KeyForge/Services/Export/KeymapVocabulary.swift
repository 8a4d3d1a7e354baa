import KeyForgeCore

/// What each KeyForge symbol is called in QMK (`KC_SCLN`), ZMK (`&kp SEMI`) and XKB (`semicolon`).
///
/// Shifted US symbols use QMK's and ZMK's aliases for "shift + key" (`KC_DQUO` is `S(KC_QUOT)`, `DQT`
/// is `LS(SQT)`) and a one-level XKB key; unshifted symbols get their US shifted partner as XKB level 2.
/// Names follow QMK's `keycodes_basic.md` / `keycodes_us_ansi_shifted.md`, ZMK's `dt-bindings/zmk/keys.h`
/// and X11's `keysymdef.h`.
enum KeymapVocabulary {
    /// One symbol's names; nil where the format has no plain key for it (modifiers in XKB).
    struct Entry {
        /// The QMK keycode (`KC_SCLN`).
        var qmk: String
        /// The whole ZMK binding (`&kp SEMI`, `&key_repeat`).
        var zmk: String
        /// The XKB keysyms by shift level (`semicolon`, `colon`).
        var xkb: [String]?
    }

    /// Looks up `symbol` (a normalized layout symbol: one lower-case character or a key name).
    static func entry(_ symbol: String) -> Entry? {
        if let entry = table[symbol] { return entry }
        guard symbol.unicodeScalars.count == 1, let scalar = symbol.unicodeScalars.first else { return nil }
        if ("a"..."z").contains(scalar) {
            let upper = symbol.uppercased()
            return Entry(qmk: "KC_\(upper)", zmk: "&kp \(upper)", xkb: [symbol, upper])
        }
        return nil
    }

    /// The XKB keysyms of `symbol`: the table's, else Unicode keysyms (`U00E9`) for any other character,
    /// with its upper-case form as level 2 when it has one.
    static func xkbKeysyms(_ symbol: String) -> [String]? {
        if let entry = entry(symbol) { return entry.xkb }
        guard symbol.count == 1, symbol.unicodeScalars.count == 1, let scalar = symbol.unicodeScalars.first,
              scalar.value >= 0xA0 else { return nil }
        let upper = symbol.uppercased()
        let levels = [symbol] + (upper != symbol && upper.unicodeScalars.count == 1 ? [upper] : [])
        return levels.map { unicodeKeysym($0.unicodeScalars.first!) }
    }

    private static func unicodeKeysym(_ scalar: Unicode.Scalar) -> String {
        let hex = String(scalar.value, radix: 16, uppercase: true)
        return "U" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex
    }

    private static let table: [String: Entry] = {
        var table: [String: Entry] = [:]
        let digits: [(String, String)] = [("1", "exclam"), ("2", "at"), ("3", "numbersign"), ("4", "dollar"), ("5", "percent"),
                                          ("6", "asciicircum"), ("7", "ampersand"), ("8", "asterisk"), ("9", "parenleft"), ("0", "parenright")]
        for (digit, shifted) in digits { table[digit] = Entry(qmk: "KC_\(digit)", zmk: "&kp N\(digit)", xkb: [digit, shifted]) }
        let rows: [(String, String, String, [String]?)] = [
            ("-", "KC_MINS", "MINUS", ["minus", "underscore"]), ("=", "KC_EQL", "EQUAL", ["equal", "plus"]),
            ("[", "KC_LBRC", "LBKT", ["bracketleft", "braceleft"]), ("]", "KC_RBRC", "RBKT", ["bracketright", "braceright"]),
            ("\\", "KC_BSLS", "BSLH", ["backslash", "bar"]), (";", "KC_SCLN", "SEMI", ["semicolon", "colon"]),
            ("'", "KC_QUOT", "SQT", ["apostrophe", "quotedbl"]), ("`", "KC_GRV", "GRAVE", ["grave", "asciitilde"]),
            (",", "KC_COMM", "COMMA", ["comma", "less"]), (".", "KC_DOT", "DOT", ["period", "greater"]),
            ("/", "KC_SLSH", "FSLH", ["slash", "question"]),
            ("~", "KC_TILD", "TILDE", ["asciitilde"]), ("!", "KC_EXLM", "EXCL", ["exclam"]), ("@", "KC_AT", "AT", ["at"]),
            ("#", "KC_HASH", "HASH", ["numbersign"]), ("$", "KC_DLR", "DOLLAR", ["dollar"]), ("%", "KC_PERC", "PRCNT", ["percent"]),
            ("^", "KC_CIRC", "CARET", ["asciicircum"]), ("&", "KC_AMPR", "AMPS", ["ampersand"]), ("*", "KC_ASTR", "STAR", ["asterisk"]),
            ("(", "KC_LPRN", "LPAR", ["parenleft"]), (")", "KC_RPRN", "RPAR", ["parenright"]), ("_", "KC_UNDS", "UNDER", ["underscore"]),
            ("+", "KC_PLUS", "PLUS", ["plus"]), ("{", "KC_LCBR", "LBRC", ["braceleft"]), ("}", "KC_RCBR", "RBRC", ["braceright"]),
            ("|", "KC_PIPE", "PIPE", ["bar"]), (":", "KC_COLN", "COLON", ["colon"]), ("\"", "KC_DQUO", "DQT", ["quotedbl"]),
            ("<", "KC_LT", "LT", ["less"]), (">", "KC_GT", "GT", ["greater"]), ("?", "KC_QUES", "QMARK", ["question"]),
            ("SPACE", "KC_SPC", "SPACE", ["space"]), ("ENTER", "KC_ENT", "RET", ["Return"]),
            ("BACKSPACE", "KC_BSPC", "BSPC", ["BackSpace"]), ("TAB", "KC_TAB", "TAB", ["Tab"]), ("ESC", "KC_ESC", "ESC", ["Escape"]),
            ("DELETE", "KC_DEL", "DEL", ["Delete"]), ("LEFT", "KC_LEFT", "LEFT", ["Left"]), ("RIGHT", "KC_RGHT", "RIGHT", ["Right"]),
            ("UP", "KC_UP", "UP", ["Up"]), ("DOWN", "KC_DOWN", "DOWN", ["Down"]), ("HOME", "KC_HOME", "HOME", ["Home"]),
            ("END", "KC_END", "END", ["End"]), ("PGUP", "KC_PGUP", "PG_UP", ["Prior"]), ("PGDN", "KC_PGDN", "PG_DN", ["Next"]),
            // Modifiers and locks need a modifier map in XKB, which a symbols file for the alpha keys does not set up.
            ("SHIFT", "KC_LSFT", "LSHFT", nil), ("CTRL", "KC_LCTL", "LCTRL", nil), ("ALT", "KC_LALT", "LALT", nil),
            ("GUI", "KC_LGUI", "LGUI", nil), ("CAPSLOCK", "KC_CAPS", "CAPS", nil),
        ]
        for (symbol, qmk, zmk, xkb) in rows { table[symbol] = Entry(qmk: qmk, zmk: "&kp \(zmk)", xkb: xkb) }
        table["REPEAT"] = Entry(qmk: "QK_REP", zmk: "&key_repeat", xkb: nil)
        return table
    }()
}
