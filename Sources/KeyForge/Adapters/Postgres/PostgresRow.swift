/// One row of a result, its values in PostgreSQL's text format; NULL is nil.
///
/// The typed accessors return nil both for NULL and for a value that does not parse as the type
/// asked for; a column name the result does not have also reads as nil.
public struct PostgresRow: Equatable, Sendable {
    /// The values in column order.
    public let values: [String?]
    /// Column name to position (shared by all rows of a result).
    private let columnIndex: [String: Int]

    /// Creates a row from its values and the positions of its column names.
    public init(values: [String?], columnIndex: [String: Int]) {
        self.values = values
        self.columnIndex = columnIndex
    }

    /// The text value of `column`, or nil for NULL (or no such column).
    public subscript(_ column: String) -> String? {
        guard let index = columnIndex[column], values.indices.contains(index) else { return nil }
        return values[index]
    }

    /// The text value at `index`, or nil for NULL (or an index past the end).
    public subscript(_ index: Int) -> String? {
        values.indices.contains(index) ? values[index] : nil
    }

    /// True when the result has a column named `column`.
    public func hasColumn(_ column: String) -> Bool { columnIndex[column] != nil }

    /// `column` as a 64-bit integer (int2, int4, int8, or text holding digits).
    public func int64(_ column: String) -> Int64? { self[column].flatMap { Int64($0) } }

    /// `column` as a Double (float4, float8, numeric; `Infinity` and `NaN` included).
    public func double(_ column: String) -> Double? { self[column].flatMap { Double($0) } }

    /// `column` as a Bool: PostgreSQL's text form of boolean is `t` or `f`.
    public func bool(_ column: String) -> Bool? {
        switch self[column] {
        case "t": return true
        case "f": return false
        default: return nil
        }
    }

    /// `column` as bytes, decoded from bytea's hex output format (`\x0a1b...`); nil for the legacy
    /// escape format, which `bytea_output = hex` (the default since 9.0) never produces.
    public func bytes(_ column: String) -> [UInt8]? { self[column].flatMap(Self.decodeBytea) }
}
