import KeyForgeWire

/// Typed views of replies, nil when the reply has another shape.
extension RESPValue {
    /// A simple, bulk or verbatim string as UTF-8 text (invalid bytes repaired).
    public var asString: String? {
        switch self {
        case .simpleString(let text): return text
        case .bulkString(let bytes): return String(decoding: bytes, as: UTF8.self)
        default: return nil
        }
    }

    /// A bulk string's bytes (or a simple string's UTF-8).
    public var asBytes: [UInt8]? {
        switch self {
        case .bulkString(let bytes): return bytes
        case .simpleString(let text): return Array(text.utf8)
        default: return nil
        }
    }

    /// An integer reply, or a string holding a decimal integer.
    public var asInteger: Int64? {
        switch self {
        case .integer(let value): return value
        case .bulkString, .simpleString: return asString.flatMap { Int64($0) }
        default: return nil
        }
    }

    /// A RESP3 double, an integer, or a string holding a number (ZSCORE answers in any of these).
    public var asDouble: Double? {
        switch self {
        case .double(let value): return value
        case .integer(let value): return Double(value)
        case .bulkString, .simpleString: return asString.flatMap { Double($0) }
        default: return nil
        }
    }

    /// The items of an array, set or push reply.
    public var asArray: [RESPValue]? {
        switch self {
        case .array(let items), .set(let items), .push(let items): return items
        default: return nil
        }
    }

    /// A field map: a RESP3 map, or a RESP2 flat array of alternating fields and values (HGETALL).
    public var asStringMap: [String: String]? {
        switch self {
        case .map(let pairs):
            var map: [String: String] = [:]
            for pair in pairs {
                guard let key = pair.key.asString, let value = pair.value.asString else { return nil }
                map[key] = value
            }
            return map
        case .array(let items) where items.count % 2 == 0:
            var map: [String: String] = [:]
            for index in stride(from: 0, to: items.count, by: 2) {
                guard let key = items[index].asString, let value = items[index + 1].asString else { return nil }
                map[key] = value
            }
            return map
        default:
            return nil
        }
    }

    /// True for nil replies (`$-1`, `*-1`, `_`).
    public var isNull: Bool { self == .null }
}
