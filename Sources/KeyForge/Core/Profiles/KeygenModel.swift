extension Keygen {
    /// A raw text counted the way keygen reads it. The text is cut into runs of characters that keygen's start
    /// layout (`initial`) carries; every other character, non-ASCII included, ends a run. At every character of a
    /// run keygen scores the window of the last (up to) four characters of the run. Each rule looks only at the
    /// last one to four characters of a window, so the windows are kept as n-gram counts: `ones[c]` windows end in
    /// c, `twos[b c]` windows of two or more characters end in b c, and so on. Characters are stored by their index
    /// in `alphabet`.
    public struct Text: Sendable {
        /// The characters keygen's start layout carries (ASCII codes), in index order.
        public let alphabet: [UInt8]
        /// Length of the text in UTF-8 bytes: keygen's divisor for `scaled`.
        public let length: Int
        public let ones: [(a: UInt8, count: Int)]
        public let twos: [(a: UInt8, b: UInt8, count: Int)]
        public let threes: [(a: UInt8, b: UInt8, c: UInt8, count: Int)]
        public let fours: [(a: UInt8, b: UInt8, c: UInt8, d: UInt8, count: Int)]
        /// The number of windows (characters in runs).
        public var windows: Int { ones.reduce(0) { $0 + $1.count } }

        /// Counts `utf8`, a text's UTF-8 bytes.
        public init(utf8: [UInt8]) {
            let start = Keygen.referenceLayout(named: "initial")!
            var index = [Int16](repeating: -1, count: 256)
            var alphabet: [UInt8] = []
            for code in (start.lower + start.upper) where code != 0 && code < 128 && index[Int(code)] < 0 {
                index[Int(code)] = Int16(alphabet.count)
                alphabet.append(code)
            }
            self.alphabet = alphabet
            length = utf8.count
            let k = alphabet.count
            var one = [Int](repeating: 0, count: k), two = [Int](repeating: 0, count: k * k)
            // Open-addressing tables (`CountTable`), not dictionaries: counting a 3 MB text was mostly hashing.
            let three = CountTable(capacity: 1 << 14), four = CountTable(capacity: 1 << 16)
            var run = 0, p1 = 0, p2 = 0, p3 = 0
            for byte in utf8 {
                let c = Int(index[Int(byte)])
                // A byte of a multi-byte character is >= 128 and never in the alphabet: it ends the run.
                guard c >= 0 else { run = 0; continue }
                run += 1
                one[c] += 1
                if run >= 2 { two[p1 * k + c] += 1 }
                if run >= 3 { three.increment(UInt64((p2 * k + p1) * k + c)) }
                if run >= 4 { four.increment(UInt64(((p3 * k + p2) * k + p1) * k + c)) }
                (p3, p2, p1) = (p2, p1, c)
            }
            ones = one.enumerated().filter { $0.element > 0 }.map { (UInt8($0.offset), $0.element) }
            twos = two.enumerated().filter { $0.element > 0 }.map { (UInt8($0.offset / k), UInt8($0.offset % k), $0.element) }
            threes = Self.sortedCounts(three).map { key, count in
                (UInt8(key / (k * k)), UInt8(key / k % k), UInt8(key % k), count)
            }
            fours = Self.sortedCounts(four).map { key, count in
                (UInt8(key / (k * k * k)), UInt8(key / (k * k) % k), UInt8(key / k % k), UInt8(key % k), count)
            }
        }

        /// A table's keys and counts in key order.
        static func sortedCounts(_ table: CountTable) -> [(key: Int, value: Int)] {
            var pairs: [(key: Int, value: Int)] = []
            pairs.reserveCapacity(table.count)
            table.forEach { key, count in pairs.append((Int(key), Int(count))) }
            return pairs.sorted { $0.key < $1.key }
        }

        /// For each alphabet index, the key of `layout` typing it (-1 for none).
        public func keysOf(_ layout: Layout) -> [Int8] {
            let map = layout.positionMap()
            return alphabet.map { map[Int($0)] }
        }
    }

    /// A layout's penalty: keygen's `total`, `scaled` (total / text length) and the parts (in `partNames` order).
    public struct Penalty: Sendable, Equatable {
        public var total: Double
        public var scaled: Double
        public var parts: [Double]
    }

    // MARK: the rules

    static func rollOut(_ current: Finger, _ previous: Finger) -> Bool {
        switch current {
        case .thumb: return false
        case .index: return previous == .thumb
        case .middle: return previous == .thumb || previous == .index
        case .ring: return previous != .pinky && previous != .ring
        case .pinky: return previous != .pinky
        }
    }

    static func rollIn(_ current: Finger, _ previous: Finger) -> Bool {
        switch current {
        case .thumb: return previous != .thumb
        case .index: return previous != .thumb && previous != .index
        case .middle: return previous == .pinky || previous == .ring
        case .ring: return previous == .pinky
        case .pinky: return false
        }
    }

    static func topBottom(_ x: Row, _ y: Row) -> Bool { (x == .top && y == .bottom) || (x == .bottom && y == .top) }

    /// Adds the two-stroke rules for key `p` then key `q` into `parts`.
    static func pairRules(_ p: Int, _ q: Int, into parts: inout [Double]) {
        let (o, c) = (keys[p], keys[q])
        guard c.hand == o.hand else { return }
        let jump = topBottom(c.row, o.row)
        if c.finger == o.finger && p != q { parts[1] += 5 + (c.center ? 5 : 0) + (o.center ? 5 : 0) }
        if jump { parts[2] += 1 }
        if jump && c.finger == o.finger { parts[3] += 10 }
        if jump {
            let (cf, of) = (c.finger, o.finger)
            if (cf == .ring && of == .pinky) || (cf == .pinky && of == .ring) || (cf == .middle && of == .ring)
                || (cf == .ring && of == .middle) || (cf == .index && (of == .middle || of == .ring) && c.row == .top && o.row == .bottom) {
                parts[4] += 5
            }
        }
        if (c.finger == .ring && o.finger == .pinky && o.row == .top && (c.row == .home || c.row == .bottom))
            || (c.finger == .pinky && o.finger == .ring && c.row == .top && (o.row == .home || o.row == .bottom)) {
            parts[5] += 10
        }
        if o.finger != .thumb && rollOut(c.finger, o.finger) { parts[9] += 0.125 }
        if rollIn(c.finger, o.finger) { parts[10] -= 0.125 }
    }

    /// Adds the three-stroke rules for keys `p`, `q`, `r` (r the latest) into `parts`.
    static func tripleRules(_ p: Int, _ q: Int, _ r: Int, into parts: inout [Double]) {
        let (a, b, c) = (keys[p], keys[q], keys[r])
        if c.hand == b.hand && b.hand == a.hand {
            if (c.finger == .middle && b.finger == .pinky && a.finger == .ring) || (c.finger == .ring && b.finger == .pinky && a.finger == .middle) {
                parts[6] += 20
            }
            let rows = (c.row == .top && b.row == .home && a.row == .bottom) || (c.row == .bottom && b.row == .home && a.row == .top)
            if rows && ((rollOut(c.finger, b.finger) && rollOut(b.finger, a.finger)) || (rollIn(c.finger, b.finger) && rollIn(b.finger, a.finger))) {
                parts[12] += 10
            }
        }
        if c.hand == a.hand && c.finger == a.finger && topBottom(c.row, a.row) { parts[11] += 3 }
    }

    /// Adds the four-stroke rules (hands only) into `parts`.
    static func quadRules(_ h0: UInt8, _ h1: UInt8, _ h2: UInt8, _ h3: UInt8, into parts: inout [Double]) {
        if h0 == h1 && h1 == h2 && h2 == h3 { parts[7] += 0.5 } else if h0 != h1 && h1 != h2 && h2 != h3 { parts[8] += 0.5 }
    }

    /// keygen's penalty of `layout` on `text`, part by part.
    public static func penalty(_ layout: Layout, text: Text) -> Penalty {
        let key = text.keysOf(layout)
        var parts = [Double](repeating: 0, count: partNames.count)
        var one = [Double](repeating: 0, count: partNames.count)
        for (a, n) in text.ones where key[Int(a)] >= 0 { parts[0] += basePenalty[Int(key[Int(a)])] * Double(n) }
        func add(_ n: Int) {
            for i in one.indices where one[i] != 0 { parts[i] += one[i] * Double(n); one[i] = 0 }
        }
        for (a, b, n) in text.twos {
            let (p, q) = (Int(key[Int(a)]), Int(key[Int(b)]))
            guard p >= 0, q >= 0 else { continue }
            pairRules(p, q, into: &one); add(n)
        }
        for (a, b, c, n) in text.threes {
            let (p, q, r) = (Int(key[Int(a)]), Int(key[Int(b)]), Int(key[Int(c)]))
            guard p >= 0, q >= 0, r >= 0 else { continue }
            tripleRules(p, q, r, into: &one); add(n)
        }
        for (a, b, c, d, n) in text.fours {
            let (p, q, r, s) = (Int(key[Int(a)]), Int(key[Int(b)]), Int(key[Int(c)]), Int(key[Int(d)]))
            guard p >= 0, q >= 0, r >= 0, s >= 0 else { continue }
            quadRules(keys[p].hand, keys[q].hand, keys[r].hand, keys[s].hand, into: &one); add(n)
        }
        let total = parts.reduce(0, +)
        return Penalty(total: total, scaled: text.length > 0 ? total / Double(text.length) : 0, parts: parts)
    }
}
