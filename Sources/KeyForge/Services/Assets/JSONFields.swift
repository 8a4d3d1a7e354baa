import KeyForgeCore
import KeyForgeWire

/// Typed reads of JSON object members that fail with a `ValidationError` naming the field.
struct JSONFields {
    let object: JSONObject
    let path: String

    /// Wraps `value`, which must be an object.
    init(_ value: JSONValue, path: String = "") throws(ValidationError) {
        guard let object = value.objectValue else {
            throw ValidationError(field: path, "must be an object (got \(value.typeName))")
        }
        self.object = object
        self.path = path
    }

    func field(_ name: String) -> String { path.isEmpty ? name : "\(path).\(name)" }

    /// Fails when the object has a member not in `allowed`.
    func rejectUnknown(_ allowed: Set<String>) throws(ValidationError) {
        for key in object.keys where !allowed.contains(key) {
            throw ValidationError(field: field(key), "unknown field (known: \(allowed.sorted().joined(separator: ", ")))")
        }
    }

    func value(_ name: String) throws(ValidationError) -> JSONValue {
        guard let value = object[name] else { throw ValidationError(field: field(name), "is missing") }
        return value
    }

    func string(_ name: String) throws(ValidationError) -> String {
        let value = try value(name)
        guard let string = value.stringValue else { throw ValidationError(field: field(name), "must be a string (got \(value.typeName))") }
        return string
    }

    func optionalString(_ name: String) throws(ValidationError) -> String? {
        object[name] == nil ? nil : try string(name)
    }

    func double(_ name: String) throws(ValidationError) -> Double {
        let value = try value(name)
        guard let number = value.doubleValue else { throw ValidationError(field: field(name), "must be a number (got \(value.typeName))") }
        return number
    }

    func optionalDouble(_ name: String) throws(ValidationError) -> Double? {
        object[name] == nil ? nil : try double(name)
    }

    func int(_ name: String) throws(ValidationError) -> Int {
        let value = try value(name)
        guard let number = value.int64Value, let small = Int(exactly: number), abs(small) < 1 << 31 else {
            throw ValidationError(field: field(name), "must be a whole number (got \(JSONWriter.write(value)))")
        }
        return small
    }

    func optionalInt(_ name: String) throws(ValidationError) -> Int? {
        object[name] == nil ? nil : try int(name)
    }

    func optionalBool(_ name: String) throws(ValidationError) -> Bool? {
        guard let value = object[name] else { return nil }
        guard let flag = value.boolValue else { throw ValidationError(field: field(name), "must be true or false (got \(value.typeName))") }
        return flag
    }

    func array(_ name: String) throws(ValidationError) -> [JSONValue] {
        let value = try value(name)
        guard let array = value.arrayValue else { throw ValidationError(field: field(name), "must be an array (got \(value.typeName))") }
        return array
    }
}
