/// The compatibility profile `keygen` (docs/PROFILES.md, "Profile keygen"): the penalty model of xsznix/keygen
/// (https://github.com/xsznix/keygen, src/penalty.rs and src/layout.rs), recomputed here from its description so
/// `analyze --profile keygen` prints the figure keygen prints (`scaled`, the total penalty over the text's length)
/// and `search --profile keygen` minimises it.
///
/// The model, briefly (docs/PROFILES.md has it in full): a 34-key board (three rows of 11/11/10 keys and two thumb
/// keys), two layers (lower and shifted), raw text with case and spaces kept. The text is cut into runs of
/// characters that keygen's own start layout carries; every character of a run is scored with up to three
/// characters before it in the run: a per-key base penalty, bigram rules, trigram rules and two four-stroke hand
/// rules. A stroke whose character the evaluated layout lacks scores nothing, and a missing earlier character ends
/// the look-back there.
public enum Keygen {
    /// `--profile keygen`.
    public static let name = "keygen"
    /// `--keyboard keygen`.
    public static let keyboardName = "keygen"
    /// The number of keys of keygen's board.
    public static let keyCount = 34

    /// The penalty parts, in keygen's order (its printed report lists them so).
    public static let partNames = ["base", "same finger", "long jump hand", "long jump", "long jump consecutive",
                                   "pinky/ring twist", "roll reversal", "same hand", "alternating hand", "roll out",
                                   "roll in", "long jump sandwich", "twist"]

    /// A finger as keygen names them (both hands alike).
    public enum Finger: UInt8, Sendable { case thumb, index, middle, ring, pinky }
    /// A row of keygen's board.
    public enum Row: UInt8, Sendable { case top, home, bottom, thumb }

    /// One key of keygen's board: keys 0-10 the top row (0-4 left hand), 11-21 the home row (11-15 left),
    /// 22-31 the bottom row (22-26 left), 32 the left thumb, 33 the right thumb.
    public struct Key: Sendable, Equatable {
        public let finger: Finger
        /// 0 left, 1 right.
        public let hand: UInt8
        public let row: Row
        /// The two inner index columns (keys 4, 5, 15, 16, 26, 27).
        public let center: Bool
    }

    /// The board. Fact source: xsznix/keygen src/layout.rs (KEY_FINGERS, KEY_HANDS, KEY_ROWS, KEY_CENTER_COLUMN).
    public static let keys: [Key] = {
        let rowFingers: [Finger] = [.pinky, .ring, .middle, .index, .index, .index, .index, .middle, .ring, .pinky, .pinky]
        var keys: [Key] = []
        for (row, count) in [(Row.top, 11), (.home, 11), (.bottom, 10)] {
            for column in 0..<count {
                keys.append(Key(finger: rowFingers[column], hand: column < 5 ? 0 : 1, row: row, center: column == 4 || column == 5))
            }
        }
        keys.append(Key(finger: .thumb, hand: 0, row: .thumb, center: false))
        keys.append(Key(finger: .thumb, hand: 1, row: .thumb, center: false))
        return keys
    }()

    /// The per-key base penalty. Fact source: xsznix/keygen src/penalty.rs (BASE_PENALTY).
    public static let basePenalty: [Double] = [3, 1, 1, 1.5, 3, 3, 1.5, 1, 1, 3, 4,
                                               0.5, 0.5, 0, 0, 1.5, 1.5, 0, 0, 0.5, 0.5, 2,
                                               2, 2, 1.5, 1.5, 2.5, 2.5, 1.5, 1.5, 2, 2,
                                               0, 0]

    /// The keys keygen's shuffles move: all but key 10 (the top row's outer right key).
    /// Fact source: xsznix/keygen src/layout.rs (LAYOUT_MASK_SWAP_OFFSETS).
    public static let movableKeys: [Int] = Array(0..<10) + Array(11..<34)

    /// A layout: the lower and the shifted character of each of the 34 keys (0 for none).
    public struct Layout: Sendable, Equatable {
        public var lower: [UInt8]
        public var upper: [UInt8]

        /// Two 34-character ASCII strings, "\0" for an empty key.
        public init(lower: String, upper: String) {
            self.lower = Array(lower.utf8)
            self.upper = Array(upper.utf8)
            precondition(self.lower.count == 34 && self.upper.count == 34, "a keygen layer has 34 keys")
        }

        public init(lowerBytes: [UInt8], upperBytes: [UInt8]) {
            lower = lowerBytes
            upper = upperBytes
        }

        /// Swaps keys `i` and `j` on both layers (keygen's move).
        public mutating func swapKeys(_ i: Int, _ j: Int) {
            lower.swapAt(i, j)
            upper.swapAt(i, j)
        }

        /// For each ASCII code, the key that types it (-1 for none): lower layer first, then the shifted one, a
        /// later key replacing an earlier one for a character that appears twice (as keygen builds its map).
        public func positionMap() -> [Int8] {
            var map = [Int8](repeating: -1, count: 128)
            for layer in [lower, upper] {
                for (key, code) in layer.enumerated() where code < 128 { map[Int(code)] = Int8(key) }
            }
            return map
        }

        /// The lower layer as keygen prints it (three rows and the thumbs; "·" for an empty key).
        public func rows() -> [String] {
            func text(_ range: Range<Int>) -> String {
                range.map { lower[$0] == 0 ? "·" : String(UnicodeScalar(lower[$0])) }.joined(separator: " ")
            }
            return [text(0..<5) + " | " + text(5..<11), text(11..<16) + " | " + text(16..<22),
                    text(22..<27) + " | " + text(27..<32), "        " + text(32..<33) + " | " + text(33..<34)]
        }

        /// The 68-character form `--layout` accepts: the lower layer's 34 characters, then the shifted layer's.
        public var string: String {
            String(decoding: (lower + upper).map { $0 == 0 ? UInt8(ascii: "~") : $0 }, as: UTF8.self)
        }
    }

    /// keygen's reference layouts by keygen's names, and its start layout as `initial`.
    /// Fact source: xsznix/keygen src/layout.rs (INIT_LAYOUT, QWERTY_LAYOUT ... ARENSITO_LAYOUT).
    public static let referenceLayouts: [(name: String, layout: Layout)] = [
        ("qwerty", "qwertyuiop-asdfghjkl;'zxcvbnm,./\0 ", "QWERTYUIOP_ASDFGHJKL:\"ZXCVBNM<>?\0 "),
        ("dvorak", "',.pyfgcrl/aoeuidhtns-;qjkxbmwvz\0 ", "\",.PYFGCRL?AOEUIDHTNS_:QJKXBMWVZ\0 "),
        ("colemak", "qwfpgjluy;-arstdhneio'zxcvbkm,./\0 ", "QWFPGJLUY:_ARSTDHNEIO\"ZXCVBKM<>?\0 "),
        ("qgmlwy", "qgmlwyfub;-dstnriaeoh'zxcvjkp,./\0 ", "QGMLWYFUB:_DSTNRIAEOH\"ZXCVJKP<>?\0 "),
        ("workman", "qdrwbjfup;-ashtgyneoi'zxmcvkl,./\0 ", "QDRWBJFUP:_ASHTGYNEOI\"ZXMCVKL<>?\0 "),
        ("maltron", "qpycbvmuzl=anisfdthor',.jg/;wk-xe ", "QPYCBVMUZL+ANISFDTHOR\"<>JG?:WK_XE "),
        ("mtgap", "ypou-bdlckjinea,mhtsrv(\"'._)fwgxz ", "YPOU:BDLCKJINEA;MHTSRV&?*=<>FWGXZ "),
        ("capewell", ".ywdfjpluq/aersgbtnio-xzcv;kwh,'\0 ", ">YWDFJPLUQ?AERSGBTNIO_XZCV:KWH<\"\0 "),
        ("arensito", "ql,p\0\0fudk\0arenbgsito\0zw.hjvcymx\0 ", "QL<P\0\0FUDK\0ARENBGSITO\0ZW>HJVCYMX\0 "),
        ("initial", "jcyfkzl,uq=rsthdmnaio'/vgpbxw.;-e ", "JCYFKZL<UQ+RSTHDMNAIO\"?VGPBXW>:_E "),
    ].map { ($0.0, Layout(lower: $0.1, upper: $0.2)) }

    /// A reference layout by name (case-insensitive).
    public static func referenceLayout(named name: String) -> Layout? {
        referenceLayouts.first { $0.name == name.lowercased() }?.layout
    }

    /// Parses `--layout`: a reference name, or 68 characters (lower layer then shifted layer, keygen's key order,
    /// `~` for an empty key) or 34 (the lower layer; the shifted layer follows US shift pairs). Nil if neither.
    public static func parseLayout(_ text: String) -> Layout? {
        if let named = referenceLayout(named: text) { return named }
        let bytes = Array(text.utf8)
        guard bytes.allSatisfy({ $0 >= 32 && $0 < 127 }) else { return nil }
        let none = UInt8(ascii: "~")
        let clean = bytes.map { $0 == none ? 0 : $0 }
        switch clean.count {
        case 68: return Layout(lowerBytes: Array(clean[0..<34]), upperBytes: Array(clean[34..<68]))
        case 34: return Layout(lowerBytes: clean, upperBytes: clean.map(usShifted))
        default: return nil
        }
    }

    /// The US-keyboard shifted character of `code`.
    static func usShifted(_ code: UInt8) -> UInt8 {
        if code >= 97 && code <= 122 { return code - 32 }
        let pairs: [Character: Character] = ["-": "_", "=": "+", "[": "{", "]": "}", ";": ":", "'": "\"", ",": "<",
                                             ".": ">", "/": "?", "\\": "|", "`": "~", "1": "!", "2": "@", "3": "#",
                                             "4": "$", "5": "%", "6": "^", "7": "&", "8": "*", "9": "(", "0": ")"]
        guard let shifted = pairs[Character(UnicodeScalar(code))]?.asciiValue else { return code }
        return shifted
    }
}
