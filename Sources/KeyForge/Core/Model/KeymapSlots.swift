/// A firmware keymap's key list in rows: a QMK `LAYOUT_*` macro's arguments, or ZMK's `bindings`.
///
/// Each slot takes a board key's symbol, a fixed keycode written as is in the firmware's own words
/// (`KC_ESC`, `&kp ESC`: keys the board model leaves out, such as a 60 % board's number row), or
/// nothing. The keyboard JSON's `qmk` and `zmk` sections hold it, so a board whose key order differs
/// from the firmware's argument order needs data, not code.
public struct KeymapSlots: Equatable, Sendable {
    /// One argument of the keymap.
    public enum Slot: Equatable, Sendable {
        /// The symbol of the board key at this index.
        case key(Int)
        /// A keycode written into the keymap unchanged.
        case fixed(String)
        /// No key (`KC_NO`, `&none`).
        case empty
    }

    /// The most slots a keymap may list.
    public static let maxSlots = 256
    /// The longest fixed keycode accepted, in characters.
    public static let maxFixedLength = 40

    /// The firmware's name for the board: QMK's keyboard folder (`crkbd/rev1`), ZMK's shield (`corne`).
    public var target: String
    /// QMK's layout macro (`LAYOUT_split_3x6_3`); nil for ZMK.
    public var layoutMacro: String?
    /// The slots, one row per line of the written keymap.
    public var rows: [[Slot]]
    /// What a board key does when held in a whole keymap (`export` without `--merge`): a modifier or a
    /// layer key; on a key the layout leaves empty it is that key, on a key with a symbol a tap-hold key.
    public var holds: [Int: Hold]

    /// What a held key does.
    public enum Hold: String, CaseIterable, Equatable, Sendable {
        case ctrl = "CTRL", shift = "SHIFT", alt = "ALT", gui = "GUI"
        /// Layer 1, numbers and symbols.
        case symbols = "SYM"
        /// Layer 2, navigation.
        case navigation = "NAV"

        /// The layer this key reaches, nil for a modifier.
        public var layer: Int? {
            switch self {
            case .symbols: 1
            case .navigation: 2
            default: nil
            }
        }
    }

    /// Creates a slot list.
    public init(target: String, layoutMacro: String? = nil, rows: [[Slot]], holds: [Int: Hold] = [:]) {
        self.target = target
        self.layoutMacro = layoutMacro
        self.rows = rows
        self.holds = holds
    }

    /// The keys in key order, one row per logical row: the slots of a board whose order is the firmware's.
    public static func keyOrder(of keys: [Key]) -> [[Slot]] {
        var rows: [[Slot]] = []
        var lastRow: Int?
        for (index, key) in keys.enumerated() {
            if key.row != lastRow { rows.append([]) }
            rows[rows.count - 1].append(.key(index))
            lastRow = key.row
        }
        return rows
    }

    /// Every slot in order.
    public var slots: [Slot] { rows.flatMap { $0 } }

    /// The board key indexes that have a slot.
    public var placedKeys: Set<Int> {
        Set(slots.compactMap { if case .key(let index) = $0 { index } else { nil } })
    }

    /// Checks names, sizes, and that every key index is on the board and used once.
    public func validate(keyCount: Int) throws(ValidationError) {
        let isTargetShaped = !target.isEmpty && target.unicodeScalars.allSatisfy {
            $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0) || "/-_".unicodeScalars.contains($0))
        }
        guard isTargetShaped else {
            throw ValidationError(field: "keyboard", "\"\(target)\" must be letters, digits, '/', '-' or '_'")
        }
        if let layoutMacro, !KeymapSlots.isIdentifier(layoutMacro, extra: "_") {
            throw ValidationError(field: "layout", "\"\(layoutMacro)\" is not a C identifier")
        }
        let all = slots
        if all.isEmpty { throw ValidationError(field: "rows", "must list at least one slot") }
        if all.count > KeymapSlots.maxSlots {
            throw ValidationError(field: "rows", "\(all.count) slots; at most \(KeymapSlots.maxSlots) are supported")
        }
        var seen: Set<Int> = []
        for (rowIndex, row) in rows.enumerated() {
            for (column, slot) in row.enumerated() {
                let field = "rows[\(rowIndex)][\(column)]"
                switch slot {
                case .key(let index):
                    guard (0..<keyCount).contains(index) else {
                        throw ValidationError(field: field, "key \(index) is not on the board (it has keys 0 ... \(keyCount - 1))")
                    }
                    guard seen.insert(index).inserted else { throw ValidationError(field: field, "key \(index) is listed twice") }
                case .fixed(let keycode):
                    guard keycode.count <= KeymapSlots.maxFixedLength, KeymapSlots.isIdentifier(keycode, extra: "_&() ,") else {
                        throw ValidationError(field: field, "\"\(keycode)\" must be at most \(KeymapSlots.maxFixedLength) letters, digits, spaces or _ & ( ) ,")
                    }
                case .empty:
                    break
                }
            }
        }
        for index in holds.keys.sorted() where !seen.contains(index) {
            throw ValidationError(field: "hold", "key \(index) has no slot in the keymap, so it cannot be held")
        }
    }

    /// True when `text` is non-empty, starts with a letter, '&' or '_', and has only ASCII letters, digits and `extra`.
    static func isIdentifier(_ text: String, extra: String) -> Bool {
        guard let first = text.unicodeScalars.first, first.isASCII,
              first.properties.isAlphabetic || first == "&" || first == "_" else { return false }
        return text.unicodeScalars.allSatisfy { scalar in
            scalar.isASCII && (scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) || extra.unicodeScalars.contains(scalar))
        }
    }
}
