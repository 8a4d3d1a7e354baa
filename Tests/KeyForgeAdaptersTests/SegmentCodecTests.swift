import KeyForgeAdapters
import Testing

/// Hand-written MessagePack, so hostile records can be built byte by byte.
private enum MP {
    static func array(_ count: Int) -> [UInt8] { count < 16 ? [0x90 | UInt8(count)] : [0xDC, UInt8(count >> 8), UInt8(count & 0xFF)] }
    static func map(_ count: Int) -> [UInt8] { [0x80 | UInt8(count)] }
    static func str(_ text: String) -> [UInt8] { raw(Array(text.utf8)) }
    static func raw(_ bytes: [UInt8]) -> [UInt8] { (bytes.count < 32 ? [0xA0 | UInt8(bytes.count)] : [0xD9, UInt8(bytes.count)]) + bytes }
    static func uint(_ value: UInt8) -> [UInt8] { [0xCC, value] }
    static func entry(_ key: String, _ value: [UInt8]) -> [UInt8] { str(key) + value }
    /// A 1grams record `{"char": symbol, "freq": freq}`.
    static func unigram(_ symbol: String, _ freq: UInt8) -> [UInt8] {
        map(2) + entry("char", str(symbol)) + entry("freq", uint(freq))
    }
}

/// The error a throwing expression produced, or nil when it did not throw.
private func failure<T>(_ body: () throws(CorpusSegmentError) -> T) -> CorpusSegmentError? {
    do {
        _ = try body()
        return nil
    } catch {
        return error
    }
}

/// Decodes hand-written MessagePack as a segment of `kind` and returns the error message.
private func decodeError(_ messagePack: [UInt8], as kind: CorpusSegmentKind = .grams1,
                         limits: CorpusSegmentLimits = .standard) -> String? {
    failure { () throws(CorpusSegmentError) in
        try CorpusSegmentCodec.decodeMessagePack(messagePack, kind: kind, limits: limits)
    }?.message
}

/// A zstd frame header by hand (RFC 8878 3.1.1): single segment, checksum flag, 8-byte content size,
/// then one empty last raw block and a (wrong, never reached) checksum.
private func frameDeclaring(_ contentSize: UInt64) -> [UInt8] {
    var frame: [UInt8] = [0x28, 0xB5, 0x2F, 0xFD, 0xE4]
    for shift in stride(from: 0, to: 64, by: 8) { frame.append(UInt8(truncatingIfNeeded: contentSize >> UInt64(shift))) }
    return frame + [0x01, 0x00, 0x00] + [0, 0, 0, 0]
}

/// Bytes from a fixed linear congruential generator: incompressible, so zstd stores a raw block.
private func noise(_ count: Int) -> [UInt8] {
    var state: UInt64 = 0x9E37_79B9_7F4A_7C15
    return (0..<count).map { _ in
        state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
        return UInt8(truncatingIfNeeded: state >> 56)
    }
}

/// Sample records for each kind, with accented, sharp-s and named-key symbols.
private func samples(_ kind: CorpusSegmentKind) -> [CorpusSegmentRecord] {
    switch kind {
    case .grams1:
        [.init(symbols: ["e"], freq: 1_000_000), .init(symbols: ["é"], freq: 42), .init(symbols: ["ß"], freq: 0),
         .init(symbols: ["SPACE"], freq: 1 << 40), .init(symbols: ["😀"], freq: 255)]
    case .grams2:
        [.init(symbols: ["t", "h"], freq: 65_536), .init(symbols: ["é", "SPACE"], freq: 7), .init(symbols: ["ß", "e"], freq: 256)]
    case .grams3:
        [.init(symbols: ["t", "h", "e"], freq: 300), .init(symbols: ["SPACE", "é", "ß"], freq: 1), .init(symbols: ["a", "ENTER", "b"], freq: 65_535)]
    case .words:
        [.init(symbols: ["the"], freq: 9_999_999), .init(symbols: ["café"], freq: 12), .init(symbols: ["Straße"], freq: 3)]
    }
}

@Suite("Corpus segment codec")
struct SegmentCodecTests {
    @Test("every kind round-trips its records in order, unicode and named keys included", arguments: CorpusSegmentKind.allCases)
    func roundTrip(kind: CorpusSegmentKind) throws {
        let records = samples(kind)
        let bytes = try CorpusSegmentCodec.encode(records, kind: kind)
        #expect(try CorpusSegmentCodec.decode(bytes, kind: kind) == records)
    }

    @Test("kinds name their files and count their symbols")
    func kindNames() {
        #expect(CorpusSegmentKind.allCases.map(\.fileName) == ["1grams.mpk.zst", "2grams.mpk.zst", "3grams.mpk.zst", "words.mpk.zst"])
        #expect(CorpusSegmentKind.allCases.map(\.arity) == [1, 2, 3, 1])
    }

    @Test("encoding the same records twice gives the same bytes")
    func deterministic() throws {
        let records = samples(.grams3)
        #expect(try CorpusSegmentCodec.encode(records, kind: .grams3) == CorpusSegmentCodec.encode(records, kind: .grams3))
        #expect(try CorpusSegmentCodec.encode(records, kind: .grams3, level: 3) == CorpusSegmentCodec.encode(records, kind: .grams3, level: 3))
    }

    @Test("the MessagePack has keys in order, symbols as str and the smallest uint encoding")
    func messagePackLayout() throws {
        let small = try CorpusSegmentCodec.encodeMessagePack([.init(symbols: ["a"], freq: 5)], kind: .grams1)
        #expect(small == [0x91, 0x82, 0xA4] + Array("char".utf8) + [0xA1, 0x61, 0xA4] + Array("freq".utf8) + [0x05])
        let pair = try CorpusSegmentCodec.encodeMessagePack([.init(symbols: ["é", "b"], freq: 300)], kind: .grams2)
        #expect(pair == [0x91, 0x83, 0xA5] + Array("char1".utf8) + [0xA2, 0xC3, 0xA9, 0xA5] + Array("char2".utf8)
            + [0xA1, 0x62, 0xA4] + Array("freq".utf8) + [0xCD, 0x01, 0x2C])
    }

    @Test("an empty array is a segment of zero records")
    func emptySegment() throws {
        #expect(try CorpusSegmentCodec.decodeMessagePack([0x90], kind: .words).isEmpty)
        let bytes = try CorpusSegmentCodec.encode([], kind: .grams2)
        #expect(try CorpusSegmentCodec.decode(bytes, kind: .grams2).isEmpty)
    }

    @Test("other writers' choices are accepted: wide headers, keys in another order")
    func lenientLayout() throws {
        let wide: [UInt8] = [0xDD, 0, 0, 0, 1, 0xDF, 0, 0, 0, 2]
            + [0xDB, 0, 0, 0, 4] + Array("freq".utf8) + [0xCF, 0, 0, 0, 0, 0, 0, 0, 9]
            + [0xDA, 0, 4] + Array("char".utf8) + [0xDB, 0, 0, 0, 2, 0xC3, 0x9F]
        #expect(try CorpusSegmentCodec.decodeMessagePack(wide, kind: .grams1) == [.init(symbols: ["ß"], freq: 9)])
    }

    @Test("a 10 GiB declared frame is refused from its header")
    func hugeDeclaredFrame() {
        let frame = frameDeclaring(10 << 30)
        #expect(failure { () throws(CorpusSegmentError) in try ZstdCodec.decompress(frame, maxOutputBytes: 512 << 20) }
            == CorpusSegmentError("zstd frame declares 10737418240 bytes, above the limit of 536870912"))
        #expect(decodeSegmentError(frame) == "zstd frame declares 10737418240 bytes, above the limit of 536870912")
    }

    @Test("a frame declaring more than its blocks can hold is refused before allocating")
    func implausibleDeclaredFrame() {
        let message = failure { () throws(CorpusSegmentError) in try ZstdCodec.decompress(frameDeclaring(400 << 20), maxOutputBytes: 512 << 20) }?.message
        #expect(message == "zstd frame declares 419430400 bytes, more than its 20 bytes can hold")
    }

    @Test("a frame cut at every point is refused as truncated")
    func truncatedFrame() throws {
        let bytes = try CorpusSegmentCodec.encode(samples(.grams2), kind: .grams2)
        for cut in 0..<bytes.count {
            let message = decodeSegmentError(Array(bytes[..<cut]))
            #expect(message?.hasPrefix("truncated zstd frame") == true, "cut at \(cut): \(message ?? "accepted")")
        }
    }

    @Test("a flipped byte in a stored block is caught by the checksum")
    func flippedRawByte() throws {
        var frame = try ZstdCodec.compress(noise(200))
        frame[frame.count / 2] ^= 0x01
        let message = failure { () throws(CorpusSegmentError) in try ZstdCodec.decompress(frame, maxOutputBytes: 1 << 20) }?.message
        #expect(message?.hasPrefix("corrupt zstd data:") == true)
        #expect(message?.contains("checksum") == true)
    }

    @Test("a flipped byte in a segment or its checksum is refused")
    func flippedSegmentByte() throws {
        let bytes = try CorpusSegmentCodec.encode(samples(.words), kind: .words)
        for position in [bytes.count / 2, bytes.count - 6] + Array(bytes.count - 4..<bytes.count) {
            var damaged = bytes
            damaged[position] ^= 0x20
            #expect(decodeSegmentError(damaged)?.hasPrefix("corrupt zstd data:") == true, "byte \(position)")
        }
    }

    @Test("trailing bytes after the frame are refused, even a second frame")
    func trailingGarbage() throws {
        let bytes = try CorpusSegmentCodec.encode(samples(.grams1), kind: .grams1)
        #expect(decodeSegmentError(bytes + [0]) == "1 trailing byte after the zstd frame of \(bytes.count) bytes")
        #expect(decodeSegmentError(bytes + bytes) == "\(bytes.count) trailing bytes after the zstd frame of \(bytes.count) bytes")
    }

    @Test("not a zstd frame, a skippable frame and a frame without checksum are refused")
    func otherFrames() throws {
        #expect(decodeSegmentError(Array("[{\"char\":1}]".utf8))?.hasPrefix("not a zstd frame: magic number") == true)
        #expect(decodeSegmentError([0x50, 0x2A, 0x4D, 0x18, 0, 0, 0, 0]) == "expected a zstd frame, found a skippable frame")
        var frame = try ZstdCodec.compress([1, 2, 3])
        frame[4] &= ~0x04
        frame.removeLast(4)
        #expect(decodeSegmentError(frame) == "zstd frame has no checksum")
    }

    @Test("a frame without a content size streams up to the limit and no further")
    func unknownContentSize() throws {
        let payload = Array(repeating: UInt8(ascii: "x"), count: 300_000) + noise(1000)
        let frame = try ZstdCodec.compress(payload, level: 3, writesContentSize: false)
        #expect(try ZstdCodec.decompress(frame, maxOutputBytes: payload.count) == payload)
        let message = failure { () throws(CorpusSegmentError) in try ZstdCodec.decompress(frame, maxOutputBytes: payload.count - 1) }?.message
        #expect(message == "zstd frame decompresses to more than the limit of \(payload.count - 1) bytes")
        for size in [1, 65_536, 131_072, 131_073] {
            let exact = try ZstdCodec.compress(noise(size), level: 1, writesContentSize: false)
            #expect(try ZstdCodec.decompress(exact, maxOutputBytes: size) == noise(size), "\(size) bytes at a limit of \(size)")
            #expect(throws: CorpusSegmentError.self) { try ZstdCodec.decompress(exact, maxOutputBytes: size - 1) }
        }
        let empty = try ZstdCodec.compress([], level: 3, writesContentSize: false)
        #expect(try ZstdCodec.decompress(empty, maxOutputBytes: 0) == [])
    }

    @Test("a declared size exactly at the limit is accepted, one past it is not")
    func declaredSizeBoundary() throws {
        let frame = try ZstdCodec.compress(noise(1000))
        #expect(try ZstdCodec.decompress(frame, maxOutputBytes: 1000) == noise(1000))
        #expect(failure { () throws(CorpusSegmentError) in try ZstdCodec.decompress(frame, maxOutputBytes: 999) }?.message
            == "zstd frame declares 1000 bytes, above the limit of 999")
    }

    @Test("a compression level outside zstd's range is refused")
    func badLevel() {
        #expect(failure { () throws(CorpusSegmentError) in try ZstdCodec.compress([1], level: 99) }?.message.hasPrefix("zstd level 99 is outside") == true)
    }

    @Test("a 2grams file read as 3grams (or the reverse) names the key at fault")
    func wrongKind() throws {
        let pairs = try CorpusSegmentCodec.encode(samples(.grams2), kind: .grams2)
        #expect(decodeSegmentError(pairs, as: .grams3)
            == "record 0: missing \"char3\" (a 3grams record has \"char1\", \"char2\", \"char3\", \"freq\")")
        let triples = try CorpusSegmentCodec.encode(samples(.grams3), kind: .grams3)
        #expect(decodeSegmentError(triples, as: .grams2)
            == "record 0: unknown key \"char3\" (a 2grams record has \"char1\", \"char2\", \"freq\")")
        let unigrams = try CorpusSegmentCodec.encode(samples(.grams1), kind: .grams1)
        #expect(decodeSegmentError(unigrams, as: .words)?.hasPrefix("record 0: unknown key \"char\"") == true)
    }

    @Test("a missing freq is named with its record")
    func missingFreq() {
        let bytes = MP.array(2) + MP.unigram("a", 1) + MP.map(1) + MP.entry("char", MP.str("b"))
        #expect(decodeError(bytes) == "record 1: missing \"freq\" (a 1grams record has \"char\", \"freq\")")
    }

    @Test("a negative freq is refused, small or wide")
    func negativeFreq() {
        #expect(decodeError(MP.array(1) + MP.map(2) + MP.entry("char", MP.str("a")) + MP.entry("freq", [0xFF]))
            == "record 0: freq -1 is negative")
        #expect(decodeError(MP.array(1) + MP.map(2) + MP.entry("char", MP.str("a")) + MP.entry("freq", [0xD3, 0x80, 0, 0, 0, 0, 0, 0, 0]))
            == "record 0: freq -9223372036854775808 is negative")
    }

    @Test("a freq above the limit is refused, even one past Int64")
    func hugeFreq() {
        let max = [0xCF] + [UInt8](repeating: 0xFF, count: 8)
        #expect(decodeError(MP.array(1) + MP.map(2) + MP.entry("char", MP.str("a")) + MP.entry("freq", max))
            == "record 0: freq 18446744073709551615 is above the limit of 1099511627776")
    }

    @Test("a string where freq belongs is a type error")
    func stringFreq() {
        #expect(decodeError(MP.array(1) + MP.map(2) + MP.entry("char", MP.str("a")) + MP.entry("freq", MP.str("12")))
            == "record 0: \"freq\" is a string, expected an unsigned integer")
        #expect(decodeError(MP.array(1) + MP.map(2) + MP.entry("char", MP.str("a")) + MP.entry("freq", [0xCB, 0, 0, 0, 0, 0, 0, 0, 0]))
            == "record 0: \"freq\" is a float, expected an unsigned integer")
    }

    @Test("symbols of the wrong type, empty, too long or not UTF-8 are refused")
    func badSymbols() {
        func pair(_ second: [UInt8]) -> [UInt8] {
            MP.array(1) + MP.map(3) + MP.entry("char1", MP.str("a")) + MP.entry("char2", second) + MP.entry("freq", MP.uint(1))
        }
        #expect(decodeError(pair([0x07]), as: .grams2) == "record 0: \"char2\" is an integer, expected a string")
        #expect(decodeError(pair([0x91, 0x07]), as: .grams2) == "record 0: \"char2\" is an array, expected a string")
        #expect(decodeError(pair(MP.str("")), as: .grams2) == "record 0: \"char2\" is empty")
        #expect(decodeError(pair(MP.raw([0xC3, 0x28])), as: .grams2) == "record 0: \"char2\" is not valid UTF-8")
        let long = MP.array(1) + MP.map(2) + MP.entry("char", [0xDA, 0x01, 0x01] + [UInt8](repeating: 0x61, count: 257)) + MP.entry("freq", [1])
        #expect(decodeError(long) == "record 0: \"char\" is 257 bytes, above the limit of 256")
    }

    @Test("unknown, duplicate and non-string keys are refused")
    func badKeys() {
        #expect(decodeError(MP.array(1) + MP.map(3) + MP.entry("char", MP.str("a")) + MP.entry("freq", [1]) + MP.entry("foo", [1]))
            == "record 0: unknown key \"foo\" (a 1grams record has \"char\", \"freq\")")
        #expect(decodeError(MP.array(1) + MP.map(3) + MP.entry("char", MP.str("a")) + MP.entry("freq", [1]) + MP.entry("freq", [2]))
            == "record 0: duplicate key \"freq\"")
        #expect(decodeError(MP.array(1) + MP.map(2) + [0x01] + MP.str("a") + MP.entry("freq", [1]))
            == "record 0: key 0 is an integer, expected a string")
    }

    @Test("a top level that is not an array is refused")
    func notAnArray() {
        #expect(decodeError(MP.unigram("a", 1)) == "not a MessagePack array: the top level is a map")
        #expect(decodeError(MP.str("1grams")) == "not a MessagePack array: the top level is a string")
        #expect(decodeError([]) == "not a MessagePack array: the input is empty")
        #expect(decodeError([0xDD, 0, 0]) == "not a MessagePack array: truncated header")
        #expect(decodeError([0xC1]) == "malformed MessagePack: reserved byte 0xc1 at offset 0")
    }

    @Test("a record that is not a map is refused")
    func recordNotMap() {
        #expect(decodeError(MP.array(2) + MP.unigram("a", 1) + MP.str("b")) == "record 1: is a string, expected a map")
    }

    @Test("bytes after the array are refused")
    func trailingMessagePack() {
        #expect(decodeError(MP.array(1) + MP.unigram("a", 1) + [0xC0])
            == "trailing bytes after the MessagePack array: 1 bytes at offset 16")
    }

    @Test("lying counts are refused before msgpack-c allocates for them")
    func lyingCounts() {
        #expect(decodeError([0xDD, 0xFF, 0xFF, 0xFF, 0xFF])
            == "MessagePack array declares 4294967295 records, above the limit of 20000000")
        #expect(decodeError([0xDD, 0, 0x0F, 0x42, 0x40, 0x80])
            == "truncated MessagePack: the array declares 1000000 records but only 1 bytes follow")
        let hugeValue = MP.array(1) + MP.map(1) + MP.str("char") + [0xDD, 0xFF, 0xFF, 0xFF, 0xFF]
        #expect(decodeError(hugeValue)
            == "record 0: truncated MessagePack: an array at byte 7 declares 4294967295 elements, more than the 0 bytes left")
        let hugeMap = MP.array(1) + [0xDF, 0x7F, 0xFF, 0xFF, 0xFF] + [UInt8](repeating: 0xC0, count: 2000)
        #expect(decodeError(hugeMap)
            == "record 0: truncated MessagePack: a map at byte 1 declares 2147483647 entries, more than the 2000 bytes left")
        let longMap = MP.array(1) + [0xDF, 0, 0, 0x03, 0xE8] + [UInt8](repeating: 0xC0, count: 2000)
        #expect(decodeError(longMap) == "record 0: longer than the limit of 560 bytes")
        let longString = MP.array(1) + MP.map(1) + MP.str("char") + [0xDA, 0x04, 0x00] + [UInt8](repeating: 0x61, count: 1024)
        #expect(decodeError(longString) == "record 0: longer than the limit of 560 bytes")
        let cutString = MP.array(1) + MP.map(1) + MP.str("char") + [0xDA, 0x04, 0x00, 0x61]
        #expect(decodeError(cutString) == "record 0: truncated MessagePack: the value at byte 7 runs past the end at byte 11")
        #expect(decodeError(MP.array(1) + MP.unigram("a", 1), limits: CorpusSegmentLimits(maxRecords: 0))
            == "MessagePack array declares 1 records, above the limit of 0")
    }

    @Test("deeply nested garbage is refused at a fixed depth")
    func deepNesting() {
        let deep = MP.array(1) + [UInt8](repeating: 0x91, count: 100_000) + [0xC0]
        #expect(decodeError(deep) == "record 0: nested deeper than 4 levels")
        let inValue = MP.array(1) + MP.map(1) + MP.str("char") + [UInt8](repeating: 0x81, count: 50) + [0xC0]
        #expect(decodeError(inValue) == "record 0: nested deeper than 4 levels")
        let shallow = MP.array(1) + MP.map(1) + MP.str("char") + [0x91, 0x91, 0xC0]
        #expect(decodeError(shallow) == "record 0: \"char\" is an array, expected a string")
    }

    @Test("every prefix of a valid MessagePack is refused, and the whole is accepted")
    func messagePackPrefixes() throws {
        let bytes = try CorpusSegmentCodec.encodeMessagePack(samples(.grams3), kind: .grams3)
        for cut in 0..<bytes.count {
            #expect(decodeError(Array(bytes[..<cut]), as: .grams3) != nil, "prefix of \(cut) bytes")
        }
        #expect(try CorpusSegmentCodec.decodeMessagePack(bytes, kind: .grams3) == samples(.grams3))
    }

    @Test("every single-byte substitution in a MessagePack is refused or decodes to valid records")
    func messagePackSubstitutions() throws {
        let bytes = try CorpusSegmentCodec.encodeMessagePack(samples(.grams2), kind: .grams2)
        for position in bytes.indices {
            for value in 0...255 where value != Int(bytes[position]) {
                var damaged = bytes
                damaged[position] = UInt8(value)
                guard let records = try? CorpusSegmentCodec.decodeMessagePack(damaged, kind: .grams2) else { continue }
                #expect(records.allSatisfy { $0.symbols.count == 2 && $0.freq >= 0 && !$0.symbols.contains("") })
            }
        }
    }

    @Test("every single-byte substitution in a compressed segment is refused or decodes to the original")
    func segmentSubstitutions() throws {
        let records = samples(.grams3)
        let bytes = try CorpusSegmentCodec.encode(records, kind: .grams3)
        for position in bytes.indices {
            for value: UInt8 in [0x00, 0x01, 0x7F, 0x80, 0xFF] where value != bytes[position] {
                var damaged = bytes
                damaged[position] = value
                guard let decoded = try? CorpusSegmentCodec.decode(damaged, kind: .grams3) else { continue }
                #expect(decoded == records, "byte \(position) set to \(value)")
            }
        }
    }

    @Test("empty input compresses to a frame that decompresses to nothing")
    func emptyFrame() throws {
        #expect(try ZstdCodec.decompress(ZstdCodec.compress([]), maxOutputBytes: 0) == [])
    }

    @Test("encoding refuses records a decoder would refuse")
    func encoderValidates() {
        func encodeError(_ record: CorpusSegmentRecord, _ kind: CorpusSegmentKind) -> String? {
            failure { () throws(CorpusSegmentError) in try CorpusSegmentCodec.encode([record], kind: kind) }?.message
        }
        #expect(encodeError(.init(symbols: ["a"], freq: 1), .grams2) == "record 0: 1 symbols, a 2grams record has 2")
        #expect(encodeError(.init(symbols: ["a", ""], freq: 1), .grams2) == "record 0: \"char2\" is empty")
        #expect(encodeError(.init(symbols: ["a"], freq: -1), .grams1) == "record 0: freq -1 is negative")
        #expect(encodeError(.init(symbols: ["a"], freq: (1 << 40) + 1), .grams1)
            == "record 0: freq 1099511627777 is above the limit of 1099511627776")
        let tight = CorpusSegmentLimits(maxDecompressedBytes: 10)
        #expect(failure { () throws(CorpusSegmentError) in try CorpusSegmentCodec.encode(samples(.words), kind: .words, limits: tight) }?.message
            == "encoded MessagePack would exceed the limit of 10 bytes")
    }

    @Test("a segment above the compressed limit is refused before decompressing")
    func compressedLimit() throws {
        let bytes = try CorpusSegmentCodec.encode(samples(.grams1), kind: .grams1)
        let limits = CorpusSegmentLimits(maxCompressedBytes: bytes.count - 1)
        #expect(decodeSegmentError(bytes, limits: limits)
            == "segment is \(bytes.count) bytes compressed, above the limit of \(bytes.count - 1)")
    }
}

/// Decodes a compressed segment of `kind` and returns the error message.
private func decodeSegmentError(_ bytes: [UInt8], as kind: CorpusSegmentKind = .grams1,
                                limits: CorpusSegmentLimits = .standard) -> String? {
    failure { () throws(CorpusSegmentError) in try CorpusSegmentCodec.decode(bytes, kind: kind, limits: limits) }?.message
}
