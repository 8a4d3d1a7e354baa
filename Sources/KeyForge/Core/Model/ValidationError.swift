/// A domain value that failed validation (docs/adr/0006-validate-at-boundaries.md): which field, and what is wrong with it.
///
/// The field is a path such as `keys[3].finger` or `sfb_base`; the boundary that read the value
/// adds the file name, so a user reads "corne.json: keys[3].finger: must be 0 ... 4 (got 7)".
public struct ValidationError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The path of the offending field, empty when the whole value is at fault.
    public var field: String
    /// What is wrong, in words a user can act on.
    public var message: String

    /// Creates an error for `field` with `message`.
    public init(field: String, _ message: String) {
        self.field = field
        self.message = message
    }

    /// `field: message`, or the message alone when there is no field.
    public var description: String { field.isEmpty ? message : "\(field): \(message)" }

    /// The same error with `prefix` put in front of its field path (`keys[3]` + `finger`).
    public func nested(under prefix: String) -> ValidationError {
        if prefix.isEmpty { return self }
        if field.isEmpty { return ValidationError(field: prefix, message) }
        let joiner = field.hasPrefix("[") ? "" : "."
        return ValidationError(field: prefix + joiner + field, message)
    }
}

/// Formats a Double for an error message without Foundation.
@inline(__always)
func describe(_ value: Double) -> String { "\(value)" }
