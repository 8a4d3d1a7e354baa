import CShims

/// Turns parsed msgpack-c records (maps of scalars) of one kind into `CorpusSegmentRecord`s,
/// checking keys, types, UTF-8 and limits. Never recurses: a container where a scalar belongs is a
/// type error. Key names are kept as bytes so matching a key costs a few byte comparisons.
struct CorpusSegmentRecordReader {
    /// The kind being decoded.
    let kind: CorpusSegmentKind
    /// The limits symbols and counts are checked against.
    let limits: CorpusSegmentLimits
    /// The symbol keys in written order, as UTF-8.
    private let symbolKeys: [[UInt8]]
    /// `freq` as UTF-8.
    private let frequencyKey = Array(CorpusSegmentKind.frequencyKey.utf8)

    /// Makes a reader for records of `kind`.
    init(kind: CorpusSegmentKind, limits: CorpusSegmentLimits) {
        self.kind = kind
        self.limits = limits
        symbolKeys = kind.symbolKeys.map { Array($0.utf8) }
    }

    /// The record at array position `index`, parsed by msgpack-c into `object`.
    func record(_ object: msgpack_object, index: Int) throws(CorpusSegmentError) -> CorpusSegmentRecord {
        guard object.type == MSGPACK_OBJECT_MAP else {
            throw CorpusSegmentError("record \(index): is \(Self.familyName(object.type)), expected a map")
        }
        var symbols = [String?](repeating: nil, count: symbolKeys.count)
        var freq: Int64?
        var map = object
        for entry in 0..<map.via.map.size {
            let pair = kf_msgpack_map_item(&map, entry).pointee
            guard pair.key.type == MSGPACK_OBJECT_STR else {
                throw CorpusSegmentError(
                    "record \(index): key \(entry) is \(Self.familyName(pair.key.type)), expected a string")
            }
            let key = Self.bytes(of: pair.key)
            if let slot = symbolKeys.firstIndex(where: { Self.equal($0, key) }) {
                guard symbols[slot] == nil else {
                    throw CorpusSegmentError("record \(index): duplicate key \"\(kind.symbolKeys[slot])\"")
                }
                symbols[slot] = try symbol(pair.val, key: kind.symbolKeys[slot], index: index)
            } else if Self.equal(frequencyKey, key) {
                guard freq == nil else {
                    throw CorpusSegmentError("record \(index): duplicate key \"\(CorpusSegmentKind.frequencyKey)\"")
                }
                freq = try frequency(pair.val, index: index)
            } else {
                throw CorpusSegmentError("record \(index): unknown key \(Self.quoted(key)) (\(schemaDescription))")
            }
        }
        var found: [String] = []
        found.reserveCapacity(symbols.count)
        for (slot, symbol) in symbols.enumerated() {
            guard let symbol else {
                throw CorpusSegmentError("record \(index): missing \"\(kind.symbolKeys[slot])\" (\(schemaDescription))")
            }
            found.append(symbol)
        }
        guard let freq else {
            throw CorpusSegmentError(
                "record \(index): missing \"\(CorpusSegmentKind.frequencyKey)\" (\(schemaDescription))")
        }
        return CorpusSegmentRecord(symbols: found, freq: freq)
    }

    /// "a 2grams record has "char1", "char2", "freq"": the hint that makes a wrong-kind error clear.
    private var schemaDescription: String {
        "a \(kind.rawValue) record has \(kind.keyListDescription)"
    }

    /// A symbol value: a non-empty, valid UTF-8 str within the byte limit.
    private func symbol(_ value: msgpack_object, key: String, index: Int) throws(CorpusSegmentError) -> String {
        guard value.type == MSGPACK_OBJECT_STR else {
            throw CorpusSegmentError("record \(index): \"\(key)\" is \(Self.familyName(value.type)), expected a string")
        }
        let utf8 = Self.bytes(of: value)
        try CorpusSegmentCodec.validateSymbol(byteCount: utf8.count, key: key, index: index, limits: limits)
        // String(decoding:) is fast for a byte buffer and repairs invalid UTF-8 with U+FFFD, so
        // the bytes survive unchanged exactly when they were valid. (String(validating:) goes
        // through unspecialized generic code and costs a third of decoding.)
        let string = String(decoding: utf8, as: UTF8.self)
        guard string.utf8.count == utf8.count, string.utf8.elementsEqual(utf8) else {
            throw CorpusSegmentError("record \(index): \"\(key)\" is not valid UTF-8")
        }
        return string
    }

    /// A count value: an unsigned integer within the limit.
    private func frequency(_ value: msgpack_object, index: Int) throws(CorpusSegmentError) -> Int64 {
        switch value.type {
        case MSGPACK_OBJECT_POSITIVE_INTEGER:
            let count = value.via.u64
            guard count <= UInt64(max(limits.maxFrequency, 0)) else {
                throw CorpusSegmentError("record \(index): freq \(count) is above the limit of \(limits.maxFrequency)")
            }
            return Int64(count)
        case MSGPACK_OBJECT_NEGATIVE_INTEGER:
            throw CorpusSegmentError("record \(index): freq \(value.via.i64) is negative")
        default:
            throw CorpusSegmentError(
                "record \(index): \"\(CorpusSegmentKind.frequencyKey)\" is \(Self.familyName(value.type)), expected an unsigned integer")
        }
    }

    /// Whether a key name equals the bytes of a key from the input.
    private static func equal(_ name: [UInt8], _ key: UnsafeBufferPointer<UInt8>) -> Bool {
        guard name.count == key.count else { return false }
        for index in 0..<name.count where name[index] != key[index] { return false }
        return true
    }

    /// The bytes of a str object; they point into the buffer being decoded (msgpack-c does not copy).
    private static func bytes(of string: msgpack_object) -> UnsafeBufferPointer<UInt8> {
        let size = Int(string.via.str.size)
        guard size > 0, let start = string.via.str.ptr else { return UnsafeBufferPointer(start: nil, count: 0) }
        return UnsafeRawBufferPointer(start: start, count: size).bindMemory(to: UInt8.self)
    }

    /// A key from the input, quoted and escaped for a message, cut to 40 bytes.
    private static func quoted(_ key: UnsafeBufferPointer<UInt8>) -> String {
        let text = String(decoding: key.prefix(40), as: UTF8.self)
        return text.debugDescription + (key.count > 40 ? "..." : "")
    }

    /// "an integer", "a string"...: the family of a msgpack-c object type, for messages.
    private static func familyName(_ type: msgpack_object_type) -> String {
        let family: MessagePackSkimmer.Family = switch type {
        case MSGPACK_OBJECT_NIL: .nil
        case MSGPACK_OBJECT_BOOLEAN: .boolean
        case MSGPACK_OBJECT_POSITIVE_INTEGER, MSGPACK_OBJECT_NEGATIVE_INTEGER: .integer
        case MSGPACK_OBJECT_FLOAT32, MSGPACK_OBJECT_FLOAT64: .float
        case MSGPACK_OBJECT_STR: .string
        case MSGPACK_OBJECT_BIN: .binary
        case MSGPACK_OBJECT_ARRAY: .array
        case MSGPACK_OBJECT_MAP: .map
        default: .extension_
        }
        return family.rawValue
    }
}
