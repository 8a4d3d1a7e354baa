import Foundation
import KeyForgeCore
import KeyForgeServices
import Testing

/// A fraction of two Int128s in lowest terms: enough to add and multiply the small decimal weights below
/// exactly (denominators are powers of ten up to 10^12, numerators far below 2^100).
private struct Rational: Equatable {
    var numerator: Int128
    var denominator: Int128

    init(_ numerator: Int128, _ denominator: Int128 = 1) {
        precondition(denominator > 0)
        let divisor = Rational.gcd(numerator < 0 ? -numerator : numerator, denominator)
        self.numerator = numerator / max(divisor, 1)
        self.denominator = denominator / max(divisor, 1)
    }

    /// A decimal as written ("0.0537", "3e-10", "12"): digits, an optional point and an optional exponent.
    init(decimal text: String) {
        let parts = text.lowercased().split(separator: "e")
        var exponent = parts.count > 1 ? Int(parts[1])! : 0
        let mantissa = parts[0].split(separator: ".", omittingEmptySubsequences: false)
        var digits = String(mantissa[0])
        if mantissa.count > 1 {
            digits += mantissa[1]
            exponent -= mantissa[1].count
        }
        var power: Int128 = 1
        for _ in 0..<abs(exponent) { power *= 10 }
        self = exponent >= 0 ? Rational(Int128(digits)! * power) : Rational(Int128(digits)!, power)
    }

    static func gcd(_ a: Int128, _ b: Int128) -> Int128 {
        var (x, y) = (a, b)
        while y != 0 { (x, y) = (y, x % y) }
        return x
    }

    static func + (lhs: Rational, rhs: Rational) -> Rational {
        Rational(lhs.numerator * rhs.denominator + rhs.numerator * lhs.denominator, lhs.denominator * rhs.denominator)
    }

    static func * (lhs: Rational, rhs: Rational) -> Rational {
        Rational(lhs.numerator * rhs.numerator, lhs.denominator * rhs.denominator)
    }

    static func / (lhs: Rational, rhs: Rational) -> Rational {
        Rational(lhs.numerator * rhs.denominator * (rhs.numerator < 0 ? -1 : 1), lhs.denominator * (rhs.numerator < 0 ? -rhs.numerator : rhs.numerator))
    }

    /// The nearest Double (numerator and denominator each converted, then divided: relative error ~1e-16).
    var double: Double { Double(numerator) / Double(denominator) }
}

@Suite("Exact corpora: word-list weights and mixes")
struct CorpusExactnessTests {
    /// The profile's board as a Keyboard: only rows and columns matter to the profile.
    static let board = Keyboard(name: CyanophageErgo.keyboardName, keys: CyanophageErgo.positions.map { position in
        Key(hand: position.hand, finger: position.finger <= 5 ? 5 - position.finger : position.finger - 6,
            row: position.row, col: position.col, x: Double(position.col), y: Double(position.row))
    })

    static func layout() throws -> Layout {
        let text = "qwertyuiop=asdfghjkl;'zxcvbnm,./\\^"
        return Layout(symbols: try CyanophageErgo.tokens(fromLayoutString: text, thumb: .left).map { $0 == "NONE" ? nil : $0 })
    }

    @Test("every profile percentage over a word-list file equals the exact rational value to 1e-9 relative")
    func profileIsExact() throws {
        // Weights as a published list writes them, from common words down to ones that scaled to 10^9 counts
        // would round to 0 (and were dropped) or to a handful of units.
        let list: [(word: String, weight: String)] = [
            ("the", "0.0537"), ("of", "0.0291"), ("and", "0.0263"), ("hello", "0.000413"), ("world", "0.000387"),
            ("a=b", "0.0000012"), ("typewriter", "3.1e-7"), ("minimum", "2.3e-9"), ("lol", "7e-10"), ("sdfsdf", "1.7e-10"),
            ("quiz", "4.57e-5"), ("jinx", "3.333e-6"), ("crypt's", "1.1111e-8"),
        ]
        let folder = NSTemporaryDirectory() + "kf-exact-\(getpid())"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let path = folder + "/list.json"
        try ("{" + list.map { "\"\($0.word)\": \($0.weight)" }.joined(separator: ", ") + "}").write(toFile: path, atomically: true, encoding: .utf8)
        let loaded = try AssetCatalog(folders: []).loadCorpus(path)
        let layout = try Self.layout()
        let measured = Dictionary(uniqueKeysWithValues: CyanophageErgo.metrics(keyboard: Self.board, layout: layout, words: loaded.weightedWords)
            .map { ($0.name, $0.value) })

        // The exact values. Each word types every one of its characters (all are on the layout), so a word
        // of length L adds, per unit of weight, L + 1 to the input length, L presses and L - 2 trigram
        // positions (docs/PROFILES.md section 4). Its counts per unit of weight are read from the profile run
        // on that word alone with weight 1 (value x denominator / 100, an integer); summing them with the
        // exact weights as rationals is the real-number value of the whole list.
        let trigramMetrics: Set<String> = ["roll_in", "roll_out", "redirect"]
        var numerators: [String: Rational] = [:]
        var input = Rational(0), presses = Rational(0), trigrams = Rational(0)
        for (word, text) in list {
            let weight = Rational(decimal: text)
            let length = Int128(word.unicodeScalars.count)
            let alone = CyanophageErgo.metrics(keyboard: Self.board, layout: layout, words: [(word, 1)])
            for (name, value) in alone {
                let denominator = trigramMetrics.contains(name) ? max(0, length - 2) : name == "pinky_usage" ? length : length + 1
                let count = value * Double(denominator) / 100
                #expect(abs(count - count.rounded()) < 1e-9, "\(word) \(name): \(count) is a whole count")
                numerators[name, default: Rational(0)] = numerators[name, default: Rational(0)] + weight * Rational(Int128(count.rounded()))
            }
            input = input + weight * Rational(length + 1)
            presses = presses + weight * Rational(length)
            trigrams = trigrams + weight * Rational(max(0, length - 2))
        }
        var integerDeviation = 0.0
        let fromCounts = Dictionary(uniqueKeysWithValues: CyanophageErgo.metrics(
            keyboard: Self.board, layout: layout, words: loaded.corpus.words.map { ($0.word, Double($0.count)) }).map { ($0.name, $0.value) })
        for name in CyanophageErgo.metricNames {
            let denominator = trigramMetrics.contains(name) ? trigrams : name == "pinky_usage" ? presses : input
            let exact = (Rational(100) * numerators[name, default: Rational(0)] / denominator).double
            let value = try #require(measured[name])
            #expect(exact == 0 ? value == 0 : abs(value - exact) / exact <= 1e-9, "\(name): \(value) vs exact \(exact)")
            if exact != 0 { integerDeviation = max(integerDeviation, abs((fromCounts[name] ?? 0) - exact) / exact) }
        }
        // The integer counts of the words segment (weights scaled to about 10^9) are not this exact: the test
        // tells the two apart.
        #expect(integerDeviation > 1e-9, "the scaled integer counts deviate by \(integerDeviation)")

        // A bundle built from the list keeps the exact weights beside its segments: same numbers.
        let bundle = folder + "/bundle"
        _ = try CorpusBuilder(id: "words/exact", out: bundle).buildFromWords(path)
        let fromBundle = try AssetCatalog(folders: []).loadCorpus(bundle)
        let bundled = CyanophageErgo.metrics(keyboard: Self.board, layout: layout, words: fromBundle.weightedWords)
        #expect(bundled.map(\.value) == CyanophageErgo.metricNames.map { measured[$0]! })
        // No word is dropped from the n-gram counts either: the rarest ones are kept with a count of at least 1.
        #expect(Set(loaded.corpus.words.map(\.word)) == Set(list.map(\.word)))
    }

    @Test("mixing any two embedded corpora keeps every symbol, n-gram and word of both, in their weights' shares")
    func embeddedPairs() throws {
        let catalog = try AssetCatalog(folders: [])
        let ids = catalog.corpusIDs
        #expect(ids.count >= 4)
        let corpora = try Dictionary(uniqueKeysWithValues: ids.map { ($0, try catalog.corpus($0)) })
        for (index, first) in ids.enumerated() {
            for second in ids[(index + 1)...] {
                let (a, b) = (corpora[first]!, corpora[second]!)
                let mixed = try catalog.corpus("\(first):0.7,\(second):0.3")
                let records = mixed.records
                for source in [a, b] {
                    let kept = source.records
                    let lostSymbols = kept.unigrams.keys.filter { records.unigrams[$0] == nil }
                    #expect(lostSymbols.isEmpty, "\(first)+\(second): \(source.id) loses symbols \(lostSymbols.sorted().prefix(10))")
                    #expect(kept.bigrams.keys.allSatisfy { records.bigrams[$0] != nil }, "\(first)+\(second): bigrams of \(source.id) lost")
                    #expect(kept.trigrams.keys.allSatisfy { records.trigrams[$0] != nil }, "\(first)+\(second): trigrams of \(source.id) lost")
                    #expect(kept.words.keys.allSatisfy { records.words[$0] != nil }, "\(first)+\(second): words of \(source.id) lost")
                }
                #expect(Set(records.unigrams.keys) == Set(a.records.unigrams.keys).union(b.records.unigrams.keys))
                // SPACE's share is the weighted mean of its shares in the sources (to the rounding of ~2^30 counts).
                func share(_ corpus: NGramCorpus) -> Double {
                    Double(corpus.records.unigrams["SPACE"] ?? 0) / Double(corpus.totalUnigrams)
                }
                #expect(abs(share(mixed) - (0.7 * share(a) + 0.3 * share(b))) < 1e-6, "\(first)+\(second): SPACE share")
            }
        }
    }
}
