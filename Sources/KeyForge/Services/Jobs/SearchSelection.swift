import KeyForgeCore

/// Which keys a search may move.
public enum SearchScope: String, CaseIterable, Sendable {
    /// The 30-key alpha block.
    case alpha
    /// Every key of the board.
    case all
}

/// Which keys a search may move: the scope, minus pinned keys, limited to free symbols.
public enum SearchSelection {
    /// The movable key indexes; `pin` and `free` are the texts of `--pin` and `--free`.
    public static func movableKeys(keyboard: Keyboard, layout: Layout, scope: SearchScope, pin: String?, free: String?,
                            keycodes: KeycodeTable) throws(InputError) -> [Int] {
        var movable = scope == .all ? Array(keyboard.keys.indices) : keyboard.alphaKeys
        if let free {
            let symbols = try symbolSet(free, option: "--free", keycodes: keycodes)
            movable = movable.filter { key in layout.symbols[key].map(symbols.contains) ?? false }
        }
        if let pin {
            let pinned = try pinnedKeys(pin, keyboard: keyboard, layout: layout, keycodes: keycodes)
            movable = movable.filter { !pinned.contains($0) }
        }
        return movable
    }

    /// Keys named by `--pin`: key indexes, or every key carrying a named symbol.
    public static func pinnedKeys(_ text: String, keyboard: Keyboard, layout: Layout, keycodes: KeycodeTable) throws(InputError) -> Set<Int> {
        var keys: Set<Int> = []
        for token in text.split(whereSeparator: { $0.isWhitespace || $0 == "," }).map(String.init) {
            if let index = Int(token), token.count > 1 || !(token.first?.isLetter ?? false) {
                guard keyboard.keys.indices.contains(index) else {
                    throw InputError(.invalid, source: "--pin", "key index \(index) is not on \(keyboard.name) (0 ... \(keyboard.keys.count - 1))")
                }
                keys.insert(index)
                continue
            }
            let symbol = try normalized(token, option: "--pin", keycodes: keycodes)
            let carrying = layout.symbols.indices.filter { layout.symbols[$0] == symbol }
            guard !carrying.isEmpty else { throw InputError(.invalid, source: "--pin", "\"\(token)\" is not on the start layout") }
            keys.formUnion(carrying)
        }
        return keys
    }

    /// The symbols named by an option (normalized, sorted, each once).
    public static func symbolList(_ text: String, option: String, keycodes: KeycodeTable) throws(InputError) -> [String] {
        try symbolSet(text, option: option, keycodes: keycodes).sorted()
    }

    private static func symbolSet(_ text: String, option: String, keycodes: KeycodeTable) throws(InputError) -> Set<String> {
        var symbols: Set<String> = []
        for token in text.split(whereSeparator: { $0.isWhitespace }).map(String.init) {
            symbols.insert(try normalized(token, option: option, keycodes: keycodes))
        }
        return symbols
    }

    private static func normalized(_ token: String, option: String, keycodes: KeycodeTable) throws(InputError) -> String {
        let normalized: String??
        do { normalized = try keycodes.normalize(token) } catch { throw InputError.invalid(option, error) }
        guard let symbol = normalized ?? nil else {
            throw InputError(.invalid, source: option, "\"\(token)\" names an empty key")
        }
        return symbol
    }
}
