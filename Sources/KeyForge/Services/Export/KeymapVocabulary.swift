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
        // A capital, which only a layer holds (the base layer's letters are lower case): Shift + its letter.
        if ("A"..."Z").contains(scalar) { return Entry(qmk: "S(KC_\(symbol))", zmk: "&kp LS(\(symbol))", xkb: nil) }
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
        // QMK's Alternate Repeat Key (docs/features/repeat_key.md); ZMK has no standard one, so a MAGIC key
        // repeats there and the keymap's comment lists the rules (ZMKExport).
        table["MAGIC"] = Entry(qmk: "QK_AREP", zmk: "&key_repeat", xkb: nil)
        return table
    }()

    // MARK: reading a user's keymap (export --merge)

    /// One-character symbols by QMK keycode, with QMK's long names and older spellings (docs/keycodes.md,
    /// docs/keycodes_us_ansi_shifted.md of qmk/qmk_firmware), so `KC_SCOLON` and `KC_SEMICOLON` read as ';'.
    static let qmkCharacters: [String: String] = {
        var names: [String: String] = [:]
        for (symbol, entry) in table where symbol.count == 1 { names[entry.qmk] = symbol }
        for letter in "abcdefghijklmnopqrstuvwxyz" { names["KC_\(letter.uppercased())"] = String(letter) }
        let aliases: [(String, String)] = [
            ("KC_MINUS", "-"), ("KC_EQUAL", "="), ("KC_LBRACKET", "["), ("KC_LEFT_BRACKET", "["), ("KC_RBRACKET", "]"),
            ("KC_RIGHT_BRACKET", "]"), ("KC_BSLASH", "\\"), ("KC_BACKSLASH", "\\"), ("KC_SCOLON", ";"), ("KC_SEMICOLON", ";"),
            ("KC_QUOTE", "'"), ("KC_GRAVE", "`"), ("KC_COMMA", ","), ("KC_SLASH", "/"), ("KC_TILDE", "~"), ("KC_EXCLAIM", "!"),
            ("KC_DOLLAR", "$"), ("KC_PERCENT", "%"), ("KC_CIRCUMFLEX", "^"), ("KC_AMPERSAND", "&"), ("KC_ASTERISK", "*"),
            ("KC_LEFT_PAREN", "("), ("KC_RIGHT_PAREN", ")"), ("KC_UNDERSCORE", "_"), ("KC_LEFT_CURLY_BRACE", "{"),
            ("KC_RIGHT_CURLY_BRACE", "}"), ("KC_COLON", ":"), ("KC_DOUBLE_QUOTE", "\""), ("KC_LEFT_ANGLE_BRACKET", "<"),
            ("KC_RIGHT_ANGLE_BRACKET", ">"), ("KC_QUESTION", "?"), ("KC_LABK", "<"), ("KC_RABK", ">"),
        ]
        for (name, symbol) in aliases { names[name] = symbol }
        return names
    }()

    /// One-character symbols by ZMK key name, with the aliases of ZMK's `dt-bindings/zmk/keys.h`
    /// (`SEMICOLON`, `APOS`, `SLASH`, `N1` / `NUMBER_1`, ...).
    static let zmkCharacters: [String: String] = {
        var names: [String: String] = [:]
        for (symbol, entry) in table where symbol.count == 1 { names[String(entry.zmk.dropFirst(4))] = symbol }
        for letter in "abcdefghijklmnopqrstuvwxyz" { names[letter.uppercased()] = String(letter) }
        for digit in 0...9 { names["NUMBER_\(digit)"] = String(digit) }
        let aliases: [(String, String)] = [
            ("SEMICOLON", ";"), ("SEMI", ";"), ("APOS", "'"), ("APOSTROPHE", "'"), ("SINGLE_QUOTE", "'"), ("SQT", "'"),
            ("COMMA", ","), ("PERIOD", "."), ("DOT", "."), ("SLASH", "/"), ("FSLH", "/"), ("MINUS", "-"), ("EQUAL", "="),
            ("LEFT_BRACKET", "["), ("RIGHT_BRACKET", "]"), ("BACKSLASH", "\\"), ("GRAVE", "`"), ("DOUBLE_QUOTES", "\""),
            ("QUESTION", "?"), ("EXCLAMATION", "!"), ("COLON", ":"), ("UNDERSCORE", "_"), ("LEFT_PARENTHESIS", "("),
            ("RIGHT_PARENTHESIS", ")"), ("TILDE", "~"), ("ASTERISK", "*"), ("AMPERSAND", "&"), ("DOLLAR", "$"),
            ("PERCENT", "%"), ("CARET", "^"), ("PIPE", "|"), ("PLUS", "+"), ("LESS_THAN", "<"), ("GREATER_THAN", ">"),
        ]
        for (name, symbol) in aliases { names[name] = symbol }
        return names
    }()

    /// The ZMK key name of `symbol` for a parameter (`A`, `SEMI`), nil when its binding is not `&kp`.
    static func zmkKeyName(_ entry: Entry) -> String? {
        entry.zmk.hasPrefix("&kp ") ? String(entry.zmk.dropFirst(4)) : nil
    }

    /// The Unicode code point of a one-character symbol beyond ASCII as four or more upper-case hex digits
    /// (`é` -> `00E9`), nil for ASCII or several characters.
    static func unicodeHex(_ symbol: String) -> String? {
        guard symbol.unicodeScalars.count == 1, let scalar = symbol.unicodeScalars.first, scalar.value >= 0x80 else { return nil }
        let hex = String(scalar.value, radix: 16, uppercase: true)
        return String(repeating: "0", count: max(0, 4 - hex.count)) + hex
    }

    /// The US shifted symbols and the key that types them with Shift (`"` is Shift + `'`).
    static let shiftedPartner: [String: String] = [
        "~": "`", "!": "1", "@": "2", "#": "3", "$": "4", "%": "5", "^": "6", "&": "7", "*": "8", "(": "9", ")": "0",
        "_": "-", "+": "=", "{": "[", "}": "]", "|": "\\", ":": ";", "\"": "'", "<": ",", ">": ".", "?": "/",
    ]
}
