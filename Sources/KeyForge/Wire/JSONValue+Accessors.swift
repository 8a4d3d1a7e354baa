/// Typed views of a `JSONValue`, each `nil` when the value has another type.
///
/// Decoders use these to read a document without switching on every case, and `typeName` to say
/// what they found instead when the type is wrong.
extension JSONValue {
    /// The number as a `Double`, for `.int` and `.double`; integers beyond 2^53 round to nearest.
    public var doubleValue: Double? {
        switch self {
        case .int(let integer): Double(integer)
        case .double(let double): double
        default: nil
        }
    }

    /// The number as an `Int64`, for `.int` and for a `.double` that is integral and in range.
    public var int64Value: Int64? {
        switch self {
        case .int(let integer): integer
        case .double(let double): Self.exactInt64(double)
        default: nil
        }
    }

    /// `double` as an `Int64` when it is integral and in range.
    ///
    /// Not `Int64(exactly:)`: in release builds that lowers to libm's `trunc`, and this target links
    /// only the standard library. Range first (NaN fails both comparisons), then a lossless check.
    private static func exactInt64(_ double: Double) -> Int64? {
        guard double >= -0x1p63 && double < 0x1p63 else { return nil }
        let integer = Int64(double)
        return Double(integer) == double ? integer : nil
    }

    /// The string, for `.string`.
    public var stringValue: String? {
        if case .string(let string) = self { string } else { nil }
    }

    /// The boolean, for `.bool`.
    public var boolValue: Bool? {
        if case .bool(let bool) = self { bool } else { nil }
    }

    /// The elements, for `.array`.
    public var arrayValue: [JSONValue]? {
        if case .array(let elements) = self { elements } else { nil }
    }

    /// The object, for `.object`.
    public var objectValue: JSONObject? {
        if case .object(let object) = self { object } else { nil }
    }

    /// The JSON type's name for error messages: "null", "boolean", "number", "string", "array" or "object".
    public var typeName: String {
        switch self {
        case .null: "null"
        case .bool: "boolean"
        case .int, .double: "number"
        case .string: "string"
        case .array: "array"
        case .object: "object"
        }
    }
}
