/// Reads the fields of one hive message, each failure naming the message and the field.
///
/// `required` readers refuse a missing field or a wrong type; `optional` ones accept absence and
/// `null` but refuse a wrong type; `lenient` ones read a wrong type as absent, for the few fields the
/// hive has always ignored when mistyped (telemetry, `final`, `batch_size`).
package struct HiveFields {
    private let object: JSONObject
    private let context: String

    /// The fields of `value`, which must be a JSON object.
    package init(_ value: JSONValue, context: String) throws(HiveMessageError) {
        guard let object = value.objectValue else {
            throw HiveMessageError(context: context, field: "", problem: "the body must be a JSON object (got \(value.typeName))")
        }
        self.object = object
        self.context = context
    }

    /// The error for `field`.
    package func error(_ field: String, _ problem: String) -> HiveMessageError {
        HiveMessageError(context: context, field: field, problem: problem)
    }

    /// The raw value of `field`, nil when absent.
    package func value(_ field: String) -> JSONValue? { object[field] }

    /// A string without control characters.
    ///
    /// Every string a hive message carries may reach SQL (PostgreSQL refuses NUL in text, which was a
    /// 500) or a log line, and none has a use for a control character (U+0000-U+001F, U+007F-U+009F,
    /// tab and line breaks included), so every decoder refuses them here, naming the field and the
    /// first one's offset; the hive answers 400 (`HiveMessageError.isMalformed`).
    package func string(_ field: String) throws(HiveMessageError) -> String {
        guard let value = object[field] else { throw error(field, "is required (a string)") }
        guard let text = value.stringValue else { throw error(field, "must be a string (got \(value.typeName))") }
        if let offset = text.unicodeScalars.firstIndex(where: { $0.properties.generalCategory == .control }) {
            let scalar = text.unicodeScalars[offset]
            let position = text.unicodeScalars.distance(from: text.unicodeScalars.startIndex, to: offset)
            throw HiveMessageError(context: context, field: field,
                                   problem: "must not contain control characters (U+\(Self.hex(scalar.value)) at character \(position))",
                                   isMalformed: true)
        }
        return text
    }

    /// Four or more upper-case hex digits.
    private static func hex(_ value: UInt32) -> String {
        let digits = String(value, radix: 16, uppercase: true)
        return String(repeating: "0", count: max(0, 4 - digits.count)) + digits
    }

    /// A string of `bytes` UTF-8 bytes.
    package func string(_ field: String, bytes: ClosedRange<Int>) throws(HiveMessageError) -> String {
        let text = try string(field)
        guard bytes.contains(text.utf8.count) else { throw error(field, "must be \(bytes.lowerBound)-\(bytes.upperBound) bytes") }
        return text
    }

    /// A node id or nonce (`HiveIdentifier.isIdentifier`).
    package func identifier(_ field: String) throws(HiveMessageError) -> String {
        let text = try string(field)
        guard HiveIdentifier.isIdentifier(text) else { throw error(field, HiveIdentifier.identifierRule) }
        return text
    }

    /// A job id (64 lower-case hex digits).
    package func jobID(_ field: String) throws(HiveMessageError) -> String {
        let text = try string(field)
        guard HiveIdentifier.isJobID(text) else { throw error(field, "must be 64 lower-case hex digits") }
        return text
    }

    /// A whole number, within `range` when given.
    package func integer(_ field: String, in range: ClosedRange<Int64>? = nil) throws(HiveMessageError) -> Int64 {
        guard let value = object[field] else { throw error(field, "is required (a whole number)") }
        guard let number = value.int64Value else { throw error(field, "must be a whole number (got \(value.typeName))") }
        if let range, !range.contains(number) { throw error(field, "must be \(range.lowerBound) ... \(range.upperBound) (got \(number))") }
        return number
    }

    /// A finite number.
    package func number(_ field: String) throws(HiveMessageError) -> Double {
        guard let value = object[field] else { throw error(field, "is required (a finite number)") }
        guard let number = value.doubleValue, number.isFinite else { throw error(field, "must be a finite number (got \(value.typeName))") }
        return number
    }

    /// A boolean.
    package func bool(_ field: String) throws(HiveMessageError) -> Bool {
        guard let value = object[field] else { throw error(field, "is required (true or false)") }
        guard let flag = value.boolValue else { throw error(field, "must be true or false (got \(value.typeName))") }
        return flag
    }

    /// A JSON object.
    package func object(_ field: String) throws(HiveMessageError) -> JSONValue {
        guard let value = object[field] else { throw error(field, "is required (an object)") }
        guard value.objectValue != nil else { throw error(field, "must be an object (got \(value.typeName))") }
        return value
    }

    /// An array.
    package func array(_ field: String) throws(HiveMessageError) -> [JSONValue] {
        guard let value = object[field] else { throw error(field, "is required (an array)") }
        guard let items = value.arrayValue else { throw error(field, "must be an array (got \(value.typeName))") }
        return items
    }

    /// True when `field` is absent or `null`.
    package func isAbsent(_ field: String) -> Bool { object[field] == nil || object[field] == .null }

    /// A string, or nil when absent or `null`.
    package func optionalString(_ field: String) throws(HiveMessageError) -> String? {
        isAbsent(field) ? nil : try string(field)
    }

    /// A whole number, or nil when absent or `null`.
    package func optionalInteger(_ field: String) throws(HiveMessageError) -> Int64? {
        isAbsent(field) ? nil : try integer(field)
    }

    /// A finite number, or nil when absent or `null`.
    package func optionalNumber(_ field: String) throws(HiveMessageError) -> Double? {
        isAbsent(field) ? nil : try number(field)
    }

    /// A number; nil when absent or not a number.
    package func lenientNumber(_ field: String) -> Double? { object[field]?.doubleValue }

    /// A whole number; nil when absent or not one.
    package func lenientInteger(_ field: String) -> Int64? { object[field]?.int64Value }

    /// A string; nil when absent or not a string.
    package func lenientString(_ field: String) -> String? { object[field]?.stringValue }

    /// A boolean; nil when absent or not a boolean.
    package func lenientBool(_ field: String) -> Bool? { object[field]?.boolValue }
}

/// Builds a message's JSON object in field order.
package struct HiveObjectBuilder {
    /// The object so far.
    package private(set) var object = JSONObject()

    /// An empty object.
    package init() {}

    /// Appends `field`.
    package mutating func add(_ field: String, _ value: JSONValue) { object.append(field, value) }

    /// Appends `field` unless `value` is nil.
    package mutating func addIfPresent(_ field: String, _ value: JSONValue?) {
        if let value { object.append(field, value) }
    }

    /// The object as a value.
    package var json: JSONValue { .object(object) }
}

extension JSONValue {
    /// `.double(number)`, or `.int(0)` for a non-finite number (which JSON cannot carry; decoded
    /// messages never hold one).
    package static func finite(_ number: Double) -> JSONValue { number.isFinite ? .double(number) : .int(0) }
}
