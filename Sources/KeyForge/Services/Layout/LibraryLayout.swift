import KeyForgeCore

/// One layout of the library (`data/system/layouts/library.json`, docs/LAYOUTS.md): its facts, where they were
/// read, and its letters in a board-independent form: the 3x10 alpha block plus named extra keys.
public struct LibraryLayout: Sendable, Equatable {
    /// The name `--layout` takes (lower case, digits and `-`).
    public var name: String
    /// The author(s), when known.
    public var author: String?
    /// The year of publication, when known.
    public var year: Int?
    /// The layout's own page, when known.
    public var link: String?
    /// Where the letters were read (repository, path, commit): at least one.
    public var readFrom: [String]
    /// The board and fingering the source wrote it for (`ansi, angle fingering`).
    public var designedFor: String?
    /// The alpha block: three rows of ten tokens, top to bottom, in the standard column fingering.
    public var rows: [[String]]
    /// Keys outside the alpha block by slot (`home+1`, `thumb-left`, ...), needed or kept for the record.
    public var extra: [(slot: String, token: String)]
    /// The extra slots the layout cannot do without; placed on a board, or the board is refused.
    public var needs: [String]
    /// Another library name with the same letters, if any.
    public var sameAs: String?
    /// Letters a-z the layout does not place (Hands Down variants type q and z as combos); usually empty.
    public var omits: String = ""

    public init(name: String, author: String? = nil, year: Int? = nil, link: String? = nil, readFrom: [String],
                designedFor: String? = nil, rows: [[String]], extra: [(slot: String, token: String)] = [],
                needs: [String] = [], sameAs: String? = nil) {
        self.name = name
        self.author = author
        self.year = year
        self.link = link
        self.readFrom = readFrom
        self.designedFor = designedFor
        self.rows = rows
        self.extra = extra
        self.needs = needs
        self.sameAs = sameAs
    }

    public static func == (lhs: LibraryLayout, rhs: LibraryLayout) -> Bool {
        lhs.name == rhs.name && lhs.author == rhs.author && lhs.year == rhs.year && lhs.link == rhs.link
            && lhs.readFrom == rhs.readFrom && lhs.designedFor == rhs.designedFor && lhs.rows == rhs.rows
            && lhs.extra.map(\.slot) == rhs.extra.map(\.slot) && lhs.extra.map(\.token) == rhs.extra.map(\.token)
            && lhs.needs == rhs.needs && lhs.sameAs == rhs.sameAs && lhs.omits == rhs.omits
    }

    /// The slots an entry may name: right (`+k`) or left (`-k`) of an alpha row, or a thumb.
    public static func isKnownSlot(_ slot: String) -> Bool {
        if slot == "thumb-left" || slot == "thumb-right" { return true }
        return parseRowSlot(slot) != nil
    }

    /// `home+1` -> (alpha row 1, offset +1).
    static func parseRowSlot(_ slot: String) -> (row: Int, offset: Int)? {
        for (row, prefix) in ["top", "home", "bottom"].enumerated() where slot.hasPrefix(prefix) {
            let rest = slot.dropFirst(prefix.count)
            guard let sign = rest.first, sign == "+" || sign == "-", let amount = Int(rest.dropFirst()), (1...3).contains(amount) else { return nil }
            return (row, sign == "+" ? amount : -amount)
        }
        return nil
    }

    /// The number of keys the layout needs: the 30 of the block and its needed extras.
    public var keyCount: Int { 30 + needs.count }

    /// The token of an extra slot.
    public func token(at slot: String) -> String? { extra.first { $0.slot == slot }?.token }

    /// The 30 tokens of the block, row by row.
    public var blockTokens: [String] { rows.flatMap { $0 } }

    /// A slot's meaning for people (`home+1 (right of the home row)`).
    public static func describe(_ slot: String) -> String {
        switch slot {
        case "thumb-left": return "thumb-left (a left thumb key)"
        case "thumb-right": return "thumb-right (a right thumb key)"
        default:
            guard let (row, offset) = parseRowSlot(slot) else { return slot }
            let rowName = ["top", "home", "bottom"][row]
            let side = offset > 0 ? "right" : "left"
            let place = abs(offset) == 1 ? "\(side) of" : "\(abs(offset)) keys \(side) of"
            return "\(slot) (\(place) the \(rowName) row)"
        }
    }
}
