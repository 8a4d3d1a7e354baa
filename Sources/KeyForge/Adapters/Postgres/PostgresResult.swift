import CShims

/// The outcome of one statement: its column names, its rows (values in text format) and how many
/// rows it touched.
public struct PostgresResult: Equatable, Sendable {
    /// The column names, in order (empty for statements that return no rows).
    public let columns: [String]
    /// The rows, in the order the server sent them.
    public let rows: [PostgresRow]
    /// The rows inserted, updated, deleted, selected, moved or copied (0 when the command reports none).
    /// The corresponding C function is `PQcmdTuples`.
    public let affectedRows: Int
    /// The command tag (`INSERT 0 1`, `COMMIT`, `ROLLBACK`...). The corresponding C function is `PQcmdStatus`.
    public let commandTag: String

    /// Creates a result from its parts (for tests and fakes).
    public init(columns: [String], rows: [PostgresRow], affectedRows: Int, commandTag: String) {
        self.columns = columns
        self.rows = rows
        self.affectedRows = affectedRows
        self.commandTag = commandTag
    }

    /// Copies a successful libpq result into Swift values (the caller still owns and clears `result`).
    init(_ result: OpaquePointer) {
        let columnCount = Int(PQnfields(result))
        let columns = (0..<columnCount).map { String(cString: PQfname(result, Int32($0))) }
        var columnIndex: [String: Int] = [:]
        // With duplicate names (SELECT 1 AS a, 2 AS a) the first column wins, as in most drivers.
        for (index, name) in columns.enumerated() where columnIndex[name] == nil { columnIndex[name] = index }
        let rowCount = Int(PQntuples(result))
        var rows: [PostgresRow] = []
        rows.reserveCapacity(rowCount)
        for row in 0..<Int32(rowCount) {
            let values = (0..<Int32(columnCount)).map { column -> String? in
                if PQgetisnull(result, row, column) != 0 { return nil }
                let length = Int(PQgetlength(result, row, column))
                return PQgetvalue(result, row, column).withMemoryRebound(to: UInt8.self, capacity: length) {
                    String(decoding: UnsafeBufferPointer(start: $0, count: length), as: UTF8.self)
                }
            }
            rows.append(PostgresRow(values: values, columnIndex: columnIndex))
        }
        self.init(columns: columns, rows: rows, affectedRows: Int(String(cString: PQcmdTuples(result))) ?? 0,
                  commandTag: String(cString: PQcmdStatus(result)))
    }
}
