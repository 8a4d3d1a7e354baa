/// Walks MessagePack headers over a buffer without building values, to find where one record ends
/// and to check, before msgpack-c sees it, that nothing in it declares more than the bytes present.
///
/// msgpack-c allocates `count * sizeof(msgpack_object)` as soon as it reads an array or map header,
/// so a 5-byte `array32` claiming four billion elements would request about 100 GB. The skimmer
/// runs first, iteratively (no recursion), and refuses such claims, deep nesting and records longer
/// than a well-formed one can be. After it, msgpack-c only ever allocates in proportion to a record's
/// bounded byte length.
struct MessagePackSkimmer {
    /// The family of one MessagePack value, as named in error messages.
    enum Family: String {
        /// nil (0xc0).
        case `nil` = "nil"
        /// true or false.
        case boolean = "a boolean"
        /// Any signed or unsigned integer encoding.
        case integer = "an integer"
        /// float32 or float64.
        case float = "a float"
        /// str (UTF-8 by convention; the reader checks).
        case string = "a string"
        /// bin.
        case binary = "binary data"
        /// ext and fixext.
        case extension_ = "an extension value"
        /// array.
        case array = "an array"
        /// map.
        case map = "a map"
    }

    /// One decoded header: what the value is, how long its header and payload are, and for an array
    /// or map how many elements follow (a map's count is of entries, so twice as many values).
    struct Header {
        /// The value's family.
        var family: Family
        /// Bytes of type tag and length fields.
        var headerBytes: Int
        /// Bytes of payload after the header (0 for containers, whose elements follow as values).
        var payloadBytes: Int
        /// For arrays and maps, the element or entry count; 0 otherwise.
        var count: Int
    }

    /// The most container levels a record may open: the record's own map is level 1, a (wrong)
    /// container inside it level 2. Anything deeper is refused without being parsed.
    static let maxNestingDepth = 4

    /// The buffer being walked.
    let bytes: UnsafeBufferPointer<UInt8>
    /// Elements left at each open level while walking a value; kept between calls so walking a
    /// record does not allocate.
    private var remaining: [Int] = []

    /// Makes a skimmer over `bytes`.
    init(bytes: UnsafeBufferPointer<UInt8>) {
        self.bytes = bytes
        remaining.reserveCapacity(Self.maxNestingDepth + 1)
    }

    /// The header at `offset`, nil when the buffer ends inside it; throws for the one reserved tag.
    func header(at offset: Int) throws(CorpusSegmentError) -> Header? {
        guard offset < bytes.count else { return nil }
        let tag = bytes[offset]
        func sized(_ family: Family, lengthBytes: Int, extra: Int = 0) -> Header? {
            guard offset + 1 + lengthBytes <= bytes.count else { return nil }
            var length = 0
            for index in 0..<lengthBytes { length = length << 8 | Int(bytes[offset + 1 + index]) }
            return Header(family: family, headerBytes: 1 + lengthBytes + extra, payloadBytes: length, count: 0)
        }
        func container(_ family: Family, lengthBytes: Int) -> Header? {
            guard var header = sized(family, lengthBytes: lengthBytes) else { return nil }
            header.count = header.payloadBytes
            header.payloadBytes = 0
            return header
        }
        func fixed(_ family: Family, _ payload: Int, headerBytes: Int = 1) -> Header {
            Header(family: family, headerBytes: headerBytes, payloadBytes: payload, count: 0)
        }
        switch tag {
        case 0x00...0x7F, 0xE0...0xFF: return fixed(.integer, 0)
        case 0x80...0x8F: return Header(family: .map, headerBytes: 1, payloadBytes: 0, count: Int(tag & 0x0F))
        case 0x90...0x9F: return Header(family: .array, headerBytes: 1, payloadBytes: 0, count: Int(tag & 0x0F))
        case 0xA0...0xBF: return fixed(.string, Int(tag & 0x1F))
        case 0xC0: return fixed(.nil, 0)
        case 0xC1: throw CorpusSegmentError("malformed MessagePack: reserved byte 0xc1 at offset \(offset)")
        case 0xC2, 0xC3: return fixed(.boolean, 0)
        case 0xC4: return sized(.binary, lengthBytes: 1)
        case 0xC5: return sized(.binary, lengthBytes: 2)
        case 0xC6: return sized(.binary, lengthBytes: 4)
        case 0xC7: return sized(.extension_, lengthBytes: 1, extra: 1)
        case 0xC8: return sized(.extension_, lengthBytes: 2, extra: 1)
        case 0xC9: return sized(.extension_, lengthBytes: 4, extra: 1)
        case 0xCA: return fixed(.float, 4)
        case 0xCB: return fixed(.float, 8)
        case 0xCC, 0xD0: return fixed(.integer, 1)
        case 0xCD, 0xD1: return fixed(.integer, 2)
        case 0xCE, 0xD2: return fixed(.integer, 4)
        case 0xCF, 0xD3: return fixed(.integer, 8)
        case 0xD4...0xD8: return fixed(.extension_, 1 << Int(tag - 0xD4), headerBytes: 2)
        case 0xD9: return sized(.string, lengthBytes: 1)
        case 0xDA: return sized(.string, lengthBytes: 2)
        case 0xDB: return sized(.string, lengthBytes: 4)
        case 0xDC: return container(.array, lengthBytes: 2)
        case 0xDD: return container(.array, lengthBytes: 4)
        case 0xDE: return container(.map, lengthBytes: 2)
        default: return container(.map, lengthBytes: 4)  // 0xDF
        }
    }

    /// The offset just past the value starting at `start`, which must fit in `maxBytes` bytes.
    ///
    /// `label` names the value in messages ("record 17"); it is only built for an error. Nested containers are followed with a
    /// stack of remaining element counts, at most `maxNestingDepth` deep; every declared count must
    /// fit in the bytes left, since each element takes at least one byte.
    mutating func valueEnd(
        from start: Int, maxBytes: Int, label: @autoclosure () -> String
    ) throws(CorpusSegmentError) -> Int {
        let end = min(bytes.count, start + maxBytes)
        var tooLong: CorpusSegmentError { CorpusSegmentError("\(label()): longer than the limit of \(maxBytes) bytes") }
        var offset = start
        remaining.removeAll(keepingCapacity: true)
        remaining.append(1)
        while let last = remaining.last {
            if last == 0 {
                remaining.removeLast()
                continue
            }
            remaining[remaining.count - 1] = last - 1
            guard let header = try header(at: offset), offset + header.headerBytes + header.payloadBytes <= bytes.count else {
                throw CorpusSegmentError(
                    "\(label()): truncated MessagePack: the value at byte \(offset) runs past the end at byte \(bytes.count)")
            }
            guard offset + header.headerBytes + header.payloadBytes <= end else { throw tooLong }
            let valueStart = offset
            offset += header.headerBytes + header.payloadBytes
            guard header.count > 0 else { continue }
            // `remaining` holds one entry per open level plus the root slot, so its count is the
            // depth of the container being opened.
            guard remaining.count <= Self.maxNestingDepth else {
                throw CorpusSegmentError("\(label()): nested deeper than \(Self.maxNestingDepth) levels")
            }
            let elements = header.family == .map ? header.count * 2 : header.count
            guard elements <= bytes.count - offset else {
                let unit = header.family == .map ? "entries" : "elements"
                throw CorpusSegmentError(
                    "\(label()): truncated MessagePack: \(header.family.rawValue) at byte \(valueStart) declares \(header.count) \(unit), more than the \(bytes.count - offset) bytes left")
            }
            guard elements <= end - offset else { throw tooLong }
            remaining.append(elements)
        }
        return offset
    }
}
