/// The names of non-character keys and their aliases (`data/system/config/keycodes.json`).
///
/// Symbols are single characters (lower-cased, docs/adr/0007-lower-case-letters.md) or the upper-case names listed here
/// (SPACE, ENTER, BACKSPACE, ...). Aliases (SPC, BSPC, ...) map to a name; empty tokens
/// (NONE, ...) mark a key with no symbol.
public struct KeycodeTable: Sendable, Equatable {
    /// The canonical names of named keys.
    public var names: Set<String>
    /// Alias -> canonical name.
    public var aliases: [String: String]
    /// Tokens that mean "no symbol on this key".
    public var emptyTokens: Set<String>

    /// Creates a table; `validate()` checks that every alias targets a name.
    public init(names: Set<String>, aliases: [String: String] = [:], emptyTokens: Set<String> = ["NONE"]) {
        self.names = names
        self.aliases = aliases
        self.emptyTokens = emptyTokens
    }

    /// The names every table has, whatever the file says: the corpus pipeline writes them.
    public static let requiredNames: Set<String> = ["SPACE", "ENTER", "BACKSPACE", "TAB", "SHIFT"]

    /// A minimal table with only the required names, for tests and as a fallback.
    public static let minimal = KeycodeTable(names: requiredNames)

    /// Checks that aliases point at names and that names are upper-case words.
    public func validate() throws(ValidationError) {
        for name in KeycodeTable.requiredNames where !names.contains(name) {
            throw ValidationError(field: "names", "must include \(name)")
        }
        for name in names.sorted() where !KeycodeTable.isNameShaped(name) {
            throw ValidationError(field: "names", "\"\(name)\" is not an upper-case name of two or more letters")
        }
        for (alias, target) in aliases.sorted(by: { $0.key < $1.key }) where !names.contains(target) {
            throw ValidationError(field: "aliases.\(alias)", "points at \"\(target)\", which is not a key name")
        }
    }

    /// Normalizes one layout or corpus token: an empty token gives `.some(nil)`, a known name or alias
    /// its canonical name, a layer key (`MO(name)`, `OSL(name)`) itself, a single character its lower-case
    /// form; anything else is an error.
    public func normalize(_ token: String) throws(ValidationError) -> String?? {
        if emptyTokens.contains(token) { return .some(nil) }
        if names.contains(token) { return .some(token) }
        if let target = aliases[token] { return .some(target) }
        if LayoutLayer.layerName(ofKey: token) != nil { return .some(token) }
        if token.count == 1 { return .some(KeycodeTable.lowercased(token)) }
        throw ValidationError(field: "", "unknown key name \"\(token)\"")
    }

    /// Lower-cases a one-character symbol (docs/adr/0007-lower-case-letters.md), keeping it when lower-casing would make it longer.
    public static func lowercased(_ symbol: String) -> String {
        let lower = symbol.lowercased()
        return lower.count == 1 ? lower : symbol
    }

    private static func isNameShaped(_ name: String) -> Bool {
        name.utf8.count >= 2 && name.utf8.allSatisfy { ($0 >= 65 && $0 <= 90) || ($0 >= 48 && $0 <= 57) || $0 == 95 }
    }
}
