/// The header fields of a message in the order received, with case-insensitive lookup by name.
///
/// Kept as an ordered array rather than a dictionary: order matters for repeated fields (RFC 9110
/// §5.3), the parser has to see duplicates to reject smuggling shapes, and heads are small enough
/// (`HTTPLimits.maxHeaderCount`) that a linear search is cheaper than hashing every name.
public struct HTTPHeaders: Equatable, Sendable, Sequence {
    /// The fields in order, names as sent and values without surrounding whitespace.
    public var fields: [(name: String, value: String)]

    /// Creates headers from fields in order.
    public init(_ fields: [(name: String, value: String)] = []) {
        self.fields = fields
    }

    /// The number of field lines.
    public var count: Int {
        fields.count
    }

    /// The value of the first field named `name` (ASCII case-insensitive), or `nil` when there is none.
    public subscript(name: String) -> String? {
        fields.first { HTTPSyntax.equalsIgnoringCase($0.name, name) }?.value
    }

    /// The values of every field named `name`, in order.
    public func values(for name: String) -> [String] {
        fields.filter { HTTPSyntax.equalsIgnoringCase($0.name, name) }.map(\.value)
    }

    /// Whether any field is named `name`.
    public func contains(_ name: String) -> Bool {
        fields.contains { HTTPSyntax.equalsIgnoringCase($0.name, name) }
    }

    /// Whether the comma-separated lists of every `name` field contain `token` (case-insensitive),
    /// e.g. `containsToken("close", in: "Connection")`.
    public func containsToken(_ token: String, in name: String) -> Bool {
        values(for: name).contains { value in
            value.split(separator: ",").contains { element in
                HTTPSyntax.equalsIgnoringCase(HTTPSyntax.trimmingWhitespace(element), token)
            }
        }
    }

    /// Appends a field after the existing ones.
    public mutating func append(name: String, value: String) {
        fields.append((name: name, value: value))
    }

    /// Iterates the fields in order.
    public func makeIterator() -> IndexingIterator<[(name: String, value: String)]> {
        fields.makeIterator()
    }

    /// Whether both have the same fields, names compared exactly, in the same order.
    public static func == (lhs: HTTPHeaders, rhs: HTTPHeaders) -> Bool {
        lhs.fields.count == rhs.fields.count
            && zip(lhs.fields, rhs.fields).allSatisfy { $0.name == $1.name && $0.value == $1.value }
    }
}
