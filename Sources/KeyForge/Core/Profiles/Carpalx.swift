/// The compatibility profile `carpalx` (docs/PROFILES.md, "Profile carpalx"): the typing-effort model of carpalx 0.12
/// (Martin Krzywinski, http://mkweb.bcgsc.ca/carpalx) with its shipped default configuration (etc/carpalx.conf:
/// effort model 01, mode `english`, overlapping triads, triads seen fewer than 10 times dropped), recomputed here from
/// its description so `analyze --profile carpalx` prints the effort carpalx prints and `search --profile carpalx`
/// minimises it. Configuration values are facts taken from carpalx's etc/ (source recorded beside each).
public enum Carpalx {
    /// `--profile carpalx`.
    public static let name = "carpalx"
    /// `--keyboard carpalx`.
    public static let keyboardName = "carpalx"

    /// Keys per row of carpalx's board: the number row, the top row, the home row, the bottom row.
    public static let rowLengths = [13, 13, 11, 10]
    /// The number of keys.
    public static let keyCount = 47

    /// A key of the board: its row (0 = number row ... 3 = bottom row), column and finger (0-4 left pinky to left
    /// thumb, 5-9 right thumb to right pinky). Fact source: carpalx etc/keyboards/qwerty.conf (fingers lines).
    public struct Key: Sendable, Equatable {
        public let row: Int
        public let col: Int
        public let finger: Int
        /// 0 left, 1 right (carpalx: a finger above 5 is the right hand).
        public var hand: Int { finger > 5 ? 1 : 0 }
    }

    /// The board in key order (row by row).
    public static let keys: [Key] = {
        let fingers = [[0, 1, 1, 2, 3, 3, 3, 6, 7, 7, 8, 9, 9], [0, 1, 2, 3, 3, 6, 6, 7, 8, 9, 9, 9, 9],
                       [0, 1, 2, 3, 3, 6, 6, 7, 8, 9, 9], [0, 1, 2, 3, 3, 6, 6, 7, 8, 9]]
        return fingers.enumerated().flatMap { row, list in list.enumerated().map { Key(row: row, col: $0.offset, finger: $0.element) } }
    }()

    /// The default effort model's constants. Fact source: carpalx etc/effort/k/01.conf, etc/effort/weight/01.conf.
    public enum Model {
        public static let kb = 0.3555, kp = 0.6423, ks = 0.4268
        public static let k1 = 1.0, k2 = 0.367, k3 = 0.235
        public static let rowWeight = 1.3088, fingerWeight = 2.5948, handWeight = 1.0
        /// Row penalties by row index.
        public static let rowPenalty = [1.5, 0.5, 0, 1]
        /// Finger penalties by finger number (left 0-4, right 5-9).
        public static let fingerPenalty = [1, 0.5, 0, 0, 0, 0, 0, 0, 0.5, 1]
        /// Base (finger travel) effort by row and column. Fact source: carpalx etc/effort/base/01.conf.
        public static let baseEffort: [[Double]] = [[5, 4, 4, 4, 4, 4, 4.5, 4, 4, 4, 4, 4.5, 5.5],
                                                    [2, 2, 2, 2, 2.5, 3, 2, 2, 2, 2, 2.5, 4, 6],
                                                    [0, 0, 0, 0, 2, 2, 0, 0, 0, 0, 2],
                                                    [2, 2, 2, 2, 3.5, 2, 2, 2, 2, 2]]
        /// Stroke-path costs by flag (hand flag * 100 + row flag * 10 + finger flag); a flag the table lacks costs 0.
        /// Fact source: carpalx etc/effort/path/01.conf.
        public static let pathCost: [Int: Double] = [
            0: 0, 1: 0.3, 2: 0.6, 3: 0.9, 6: 1.8, 10: 0.3, 11: 0.6, 12: 0.9, 13: 1.2, 16: 2.1, 20: 0.6, 21: 0.9, 22: 1.2,
            23: 1.5, 26: 2.4, 30: 0.9, 32: 1.5, 33: 1.8, 36: 2.7, 40: 1.2, 42: 1.8, 43: 2.1, 46: 3, 50: 1.5, 52: 2.1,
            53: 2.4, 56: 3.3, 60: 1.8, 62: 2.4, 63: 2.7, 66: 3.6, 70: 2.1, 72: 2.7, 73: 3, 76: 3.9, 102: 1.6, 103: 1.9,
            104: 2.2, 112: 1.9, 113: 2.2, 114: 2.5, 122: 2.2, 123: 2.5, 124: 2.8, 132: 2.5, 133: 2.8, 134: 3.1,
            142: 2.8, 143: 3.1, 144: 3.4, 152: 3.1, 153: 3.4, 154: 3.7, 162: 3.4, 163: 3.7, 164: 4, 172: 3.7, 173: 4,
            174: 4.3, 200: 2, 201: 2.3, 202: 2.6, 203: 2.9, 204: 3.2, 205: 3.5, 206: 3.8, 210: 2.3, 211: 2.6,
            212: 2.9, 213: 3.2, 214: 3.5, 215: 3.8, 216: 4.1, 217: 4.4, 220: 2.6, 221: 2.9, 222: 3.2, 223: 3.5,
            224: 3.8, 225: 4.1, 226: 4.4, 227: 4.7, 230: 2.9, 232: 3.5, 233: 3.8, 234: 4.1, 235: 4.4, 236: 4.7,
            237: 5, 240: 3.2, 242: 3.8, 243: 4.1, 244: 4.4, 246: 5, 247: 5.3, 250: 3.5, 252: 4.1, 253: 4.4,
            254: 4.7, 256: 5.3, 257: 5.6, 260: 3.8, 262: 4.4, 263: 4.7, 264: 5, 266: 5.6, 267: 5.9, 270: 4.1,
            272: 4.7, 273: 5, 274: 5.3, 275: 5.6, 276: 5.9, 277: 6.2,
        ]
        /// The default minimum count of a triad (etc/carpalx.conf `triads_min_freq`).
        public static let minimumTriadCount = 10
    }

    /// The keys the default mask lets the optimizer move: the top row's first 10, the home row's first 9 and the
    /// bottom row's first 7 (the 26 letters' places on qwerty). Fact source: carpalx etc/mask/letters.conf.
    public static let movableKeys: [Int] = {
        var result: [Int] = []
        for (row, count) in [(1, 10), (2, 9), (3, 7)] {
            result += keys.indices.filter { keys[$0].row == row && keys[$0].col < count }
        }
        return result
    }()

    /// A layout: the lower-case character of each of the 47 keys (only letters matter to the model).
    public struct Layout: Sendable, Equatable {
        public var characters: [UInt8]

        /// The four rows as strings of 13, 13, 11 and 10 characters.
        public init?(rows: [String]) {
            let bytes = rows.map { Array($0.utf8) }
            guard bytes.map(\.count) == rowLengths else { return nil }
            characters = bytes.flatMap { $0 }
            guard Self.lettersOnceEach(characters) else { return nil }
        }

        /// 47 characters, or 26 (the letters placed on the movable keys in their order, the rest as on qwerty).
        public init?(string: String) {
            let bytes = Array(string.utf8)
            if bytes.count == keyCount {
                characters = bytes
            } else if bytes.count == movableKeys.count {
                var base = referenceLayout(named: "qwerty")!.characters
                for (index, key) in movableKeys.enumerated() { base[key] = bytes[index] }
                characters = base
            } else {
                return nil
            }
            characters = characters.map { $0 >= 65 && $0 <= 90 ? $0 + 32 : $0 }
            guard Self.lettersOnceEach(characters) else { return nil }
        }

        static func lettersOnceEach(_ characters: [UInt8]) -> Bool {
            characters.filter { $0 >= 97 && $0 <= 122 }.sorted() == Array(97...122)
        }

        /// For each letter a-z, its key.
        public func letterKeys() -> [Int] {
            var keys = [Int](repeating: -1, count: 26)
            for (key, code) in characters.enumerated() where code >= 97 && code <= 122 { keys[Int(code - 97)] = key }
            return keys
        }

        /// The rows as printable strings.
        public var rows: [String] {
            var start = 0
            return rowLengths.map { length in
                defer { start += length }
                return String(decoding: characters[start..<(start + length)], as: UTF8.self)
            }
        }

        /// The 47-character form `--layout` accepts.
        public var string: String { String(decoding: characters, as: UTF8.self) }

        public mutating func swapKeys(_ i: Int, _ j: Int) { characters.swapAt(i, j) }
    }

    /// carpalx's reference layouts (etc/keyboards/NAME.conf), lower-case character of each key, by carpalx's file
    /// names. Fact source: carpalx etc/keyboards/*.conf (the ones on the standard finger assignment with all 26 letters).
    public static let referenceLayouts: [(name: String, layout: Layout)] = [
        ("qwerty", ["`1234567890-=", "qwertyuiop[]\\", "asdfghjkl;'", "zxcvbnm,./"]),
        ("dvorak", ["`1234567890[]", "',.pyfgcrl/=\\", "aoeuidhtns-", ";qjkxbmwvz"]),
        ("colemak", ["`1234567890-=", "qwfpgjluy;[]\\", "arstdhneio'", "zxcvbkm,./"]),
        ("qgmlwy", ["`1234567890-=", "qgmlwyfub;[]\\", "dstnriaeoh'", "zxcvjkp,./"]),
        ("qgmlwb", ["`1234567890-=", "qgmlwbyuv;[]\\", "dstnriaeoh'", "zxcfjkp,./"]),
        ("workman", ["`1234567890-=", "qdrwbjfup;[]\\", "ashtgyneoi,", "zxmcvkl,./"]),
        ("norman", ["`1234567890-=", "qwdfkjurl;[]\\", "asetgynioh'", "zxcvbpm,./"]),
        ("arensito", ["`1234567890[]", "ql,p';fudk[]\\", "arenbgsito'", "zw.hjvcymx"]),
        ("capewell-dvorak", ["`1234567890[]", "',.pyqfgrk/=\\", "oaeiudhtns-", "zxcvjlmwb;"]),
        ("klausler", ["`1234567890[]", "k,uypwlmfc[]\\", "oaeidrnths'", "q.';zxvgbj"]),
        ("hogendoorn", ["`1234567890-=", ".uopyxclbv[]\\", "aienhmdrts'", ":,?kqfgwjz"]),
        ("asset", ["`1234567890-=", "qwjfgypul;[]\\", "asetdhnior'", "zxcvbkm,./"]),
        ("carpalxq", ["`1234567890-=", "qwkrfyulp;[]\\", "asdtghneio'", "zxcvbjm,./"]),
        ("qfmlwy", ["`1234567890-=", "qfmlwyuobj[]\\", "dstnriaeh;'", "zvgcxpk,./"]),
        ("qgdlmy", ["`1234567890-=", "qgdlmyuibj[]\\", "cstnrhaeo;'", "zkpwxvf,./"]),
        ("qwkrfy", ["`1234567890-=", "qwkrfyuijp[]\\", "dsatnhoel;'", "zxcvbgm,./"]),
        ("qwklfy", ["`1234567890-=", "qwklfyuidp[]\\", "asotghner;'", "zxcvbjm,./"]),
        ("qwyrfm", ["`1234567890-=", "qwyrfmlubp[]\\", "dsatnhoei;'", "zxcvjgk,./"]),
        ("qyldgb", ["`1234567890-=", "qyldgbmuwj[]\\", "ritoshaen;'", "xkcvzpf,./"]),
        ("tnwmlc", ["`1234567890-=", "tnwmlcbprh[]\\", "sgxjfkqzv;'", "eadioyu,./"]),
        ("tnwclr", ["`1234567890-=", "tnwclrbfmh[]\\", "skjxgpqzv;'", "eodiauy,./"]),
        ("bulpkm", ["`1234567890-=", "'bulpkmyf;[]\\", "riaohstendj", "zxcvqgw,./"]),
        ("jbylpk", ["`1234567890-=", "jbylpkmuf;[]\\", "riaohstend'", "zxcvqwg,./"]),
        ("xbulmp", ["`1234567890-=", "xbulmpcyfqz]\\", "riaohstendv", "/;.,jgw'k["]),
        ("colemak-imp-01", ["`1234567890-=", "pbfmwjluy;[]\\", "snatdhoeir'", "zvgcqxk,./"]),
        ("colemak-imp-02", ["`1234567890-=", "gylmwpfub;[]\\", "rsntdhaeoi'", "zxcvqjk,./"]),
        ("colemak-imp-03", ["`1234567890-=", "kymlwqbug;[]\\", "sitrdhneoa'", "zxcvjpf,./"]),
        ("c-qwerty", ["`1234567890-=", "qwdrfjyplk[]\\", "asetghuio,'", "zxcvbnm;./"]),
        ("correspondent-1", ["`1234567890-=", "xkglmpuvwy[]\\", "sdtnriaeo;'", "qbjhfzc,./"]),
        ("correspondent-2", ["`1234567890-=", "qfklmwvujy[]\\", "sdtnriaeog'", ";zbhxpc,./"]),
    ].map { ($0.0, Layout(rows: $0.1)!) }

    /// A reference layout by name (case-insensitive).
    public static func referenceLayout(named name: String) -> Layout? {
        referenceLayouts.first { $0.name == name.lowercased() }?.layout
    }
}
