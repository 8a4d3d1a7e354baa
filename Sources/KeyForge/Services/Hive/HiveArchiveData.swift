import KeyForgeAdapters
import KeyForgeWire

/// A table the hive lets the archive worker move: its live table (handle `primary`), its archive
/// table (handle `archive`, the same columns plus `archived_at`), and which rows may go.
public struct ArchiveCollection: Sendable {
    /// The collection's name in the protocol (also the live table's name).
    public let name: String
    /// The archive table.
    public let archiveTable: String
    /// The columns moved with their SQL types (both tables have them; `id` is the key, `created_at`
    /// the age). Values travel as JSON text and are cast back on arrival; a `jsonb` column travels as a
    /// string of its text, so a number like 1.00 keeps its digits.
    public let columns: [(name: String, type: String)]
    /// An SQL condition on the live row `t` that must hold besides the age (nil: age alone).
    public let eligibility: String?

    /// The hive's archivable tables.
    public static let all: [ArchiveCollection] = [
        // A finished job's results, except its best one (the job's status still shows it).
        ArchiveCollection(name: "results", archiveTable: "results_archive",
                          columns: [("id", "bigint"), ("job_id", "text"), ("unit", "integer"), ("layout", "text"), ("score", "bigint"),
                                    ("metrics", "jsonb"), ("node_id", "text"), ("nonce", "text"), ("created_at", "timestamptz")],
                          eligibility: "EXISTS (SELECT 1 FROM jobs j WHERE j.id = t.job_id AND j.status IN ('done', 'cancelled') "
                              + "AND j.best_result IS DISTINCT FROM t.id)"),
        // A finished job's events.
        ArchiveCollection(name: "job_events", archiveTable: "job_events_archive",
                          columns: [("id", "bigint"), ("job_id", "text"), ("kind", "text"), ("payload", "jsonb"), ("created_at", "timestamptz")],
                          eligibility: "EXISTS (SELECT 1 FROM jobs j WHERE j.id = t.job_id AND j.status IN ('done', 'cancelled'))"),
    ]

    /// The collection called `name`.
    public static func named(_ name: String) -> ArchiveCollection? { all.first { $0.name == name } }

    /// The table behind `handle`, or nil for an unknown handle.
    func table(_ handle: String) -> String? {
        switch handle {
        case "primary": return name
        case "archive": return archiveTable
        default: return nil
        }
    }
}

/// The hive's side of the archive worker's callbacks (docs/ARCHITECTURE.md section 7): `data/list`,
/// `data/create` and `data/delete` against PostgreSQL, for the declared collections only.
///
/// Every statement is one transaction, and two rules make the worker's copy-verify-delete safe even
/// against a worker that misbehaves: `data/create` skips rows the table already holds (by id), and
/// `data/delete` removes only rows that the other handle's table holds. A row is never in neither.
///
/// It runs SQL on the pool itself, outside `HiveStore`, on purpose: archiving moves rows between a live
/// PostgreSQL table and its archive table by generated SQL over declared columns, which only the SQL store
/// has; an in-memory hive has nothing to archive, and the API's tests run without an archiver.
public struct HiveArchiveData: Sendable {
    /// The most items one call may name or return.
    public static let maxItems = 10_000
    let pool: PostgresPool

    /// Serves callbacks against `pool`.
    public init(pool: PostgresPool) { self.pool = pool }

    /// Runs one callback; protocol mistakes and database failures both come back as an error answer.
    public func execute(_ target: String, _ params: JSONObject) -> Result<JSONValue, ArchiveProtocolError> {
        do throws(ArchiveProtocolError) {
            guard let name = params["collection"]?.stringValue, let collection = ArchiveCollection.named(name) else {
                throw ArchiveProtocolError("\(target): collection must be one of \(ArchiveCollection.all.map(\.name).joined(separator: ", "))")
            }
            guard let handle = params["dbHandle"]?.stringValue, let table = collection.table(handle) else {
                throw ArchiveProtocolError("\(target): dbHandle must be primary or archive")
            }
            let other = handle == "primary" ? collection.archiveTable : collection.name
            switch target {
            case "data/list": return .success(try list(collection, table: table, isPrimary: handle == "primary", params))
            case "data/create": return .success(try create(collection, table: table, params))
            case "data/delete": return .success(try delete(table: table, other: other, params))
            default: throw ArchiveProtocolError("unknown targetCommand \(target.debugDescription)")
            }
        } catch {
            return .failure(error)
        }
    }

    /// Rows eligible to leave `collection`'s live table that are at least `olderThan` seconds old.
    public func eligibleCount(_ collection: ArchiveCollection, olderThan seconds: Int64) throws(PostgresError) -> Int64 {
        let condition = [collection.eligibility, "t.created_at < now() - make_interval(secs => $1)"].compactMap { $0 }
        return try pool.execute("SELECT count(*) AS n FROM \(collection.name) t WHERE \(condition.joined(separator: " AND "))",
                                [String(seconds)]).rows.first?.int64("n") ?? 0
    }

    private func list(_ collection: ArchiveCollection, table: String, isPrimary: Bool, _ params: JSONObject) throws(ArchiveProtocolError) -> JSONValue {
        guard let limit = params["limit"]?.int64Value, (1...Int64(Self.maxItems)).contains(limit) else {
            throw ArchiveProtocolError("data/list: limit must be 1 ... \(Self.maxItems)")
        }
        var conditions: [String] = []
        var parameters: [String?] = [String(limit)]
        if let ids = params["ids"] {
            parameters.append(try Self.idArray(ids, "data/list"))
            conditions.append("t.id = ANY($\(parameters.count)::bigint[])")
        }
        if let age = params["olderThan"] {
            guard let seconds = age.int64Value, seconds >= 0 else { throw ArchiveProtocolError("data/list: olderThan must be seconds (≥ 0)") }
            parameters.append(String(seconds))
            conditions.append("t.created_at < now() - make_interval(secs => $\(parameters.count))")
            // Only the live table has a notion of what may leave it.
            if isPrimary, let eligibility = collection.eligibility { conditions.append(eligibility) }
        }
        let columns = collection.columns.map { $0.type == "jsonb" ? "t.\($0.name)::text AS \($0.name)" : "t.\($0.name)" }
            .joined(separator: ", ")
        let filter = conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND ")
        let sql = "SELECT row_to_json(x)::text AS item FROM (SELECT \(columns) FROM \(table) t \(filter) "
            + "ORDER BY t.created_at, t.id LIMIT $1) x"
        let rows = try run { () throws(PostgresError) in try pool.execute(sql, parameters).rows }
        var items: [JSONValue] = []
        items.reserveCapacity(rows.count)
        for row in rows {
            guard let text = row["item"], let item = try? JSONParser.parse(text) else {
                throw ArchiveProtocolError("data/list: a row did not read back as JSON")
            }
            items.append(item)
        }
        return .object(JSONObject([("items", .array(items)), ("count", .int(Int64(items.count)))]))
    }

    private func create(_ collection: ArchiveCollection, table: String, _ params: JSONObject) throws(ArchiveProtocolError) -> JSONValue {
        guard let items = params["items"]?.arrayValue, items.count <= Self.maxItems,
              items.allSatisfy({ ArchiveChecksum.identifier($0)?.int64Value != nil }) else {
            throw ArchiveProtocolError("data/create: items must be at most \(Self.maxItems) objects, each with an integer id")
        }
        let names = collection.columns.map(\.name).joined(separator: ", ")
        let values = collection.columns.map { "(r ->> '\($0.name)')::\($0.type)" }.joined(separator: ", ")
        let sql = "INSERT INTO \(table) (\(names)) SELECT \(values) FROM json_array_elements($1::json) r ON CONFLICT (id) DO NOTHING"
        let created = try run { () throws(PostgresError) in try pool.execute(sql, [JSONWriter.write(.array(items))]).affectedRows }
        return .object(JSONObject([("created", .int(Int64(created))), ("count", .int(Int64(items.count)))]))
    }

    private func delete(table: String, other: String, _ params: JSONObject) throws(ArchiveProtocolError) -> JSONValue {
        guard let ids = params["ids"] else { throw ArchiveProtocolError("data/delete: ids must be an array of integers") }
        let sql = "DELETE FROM \(table) t WHERE t.id = ANY($1::bigint[]) AND EXISTS (SELECT 1 FROM \(other) o WHERE o.id = t.id)"
        let idList = try Self.idArray(ids, "data/delete")
        let deleted = try run { () throws(PostgresError) in try pool.execute(sql, [idList]).affectedRows }
        return .object(JSONObject([("deleted", .int(Int64(deleted)))]))
    }

    /// `{1,2,3}`: a PostgreSQL array literal of the ids, which must be integers.
    private static func idArray(_ value: JSONValue, _ target: String) throws(ArchiveProtocolError) -> String {
        guard let items = value.arrayValue, items.count <= maxItems else {
            throw ArchiveProtocolError("\(target): ids must be an array of at most \(maxItems) integers")
        }
        var numbers: [String] = []
        numbers.reserveCapacity(items.count)
        for item in items {
            guard let number = item.int64Value else { throw ArchiveProtocolError("\(target): ids must be integers") }
            numbers.append(String(number))
        }
        return "{" + numbers.joined(separator: ",") + "}"
    }

    private func run<T>(_ body: () throws(PostgresError) -> T) throws(ArchiveProtocolError) -> T {
        do { return try body() } catch { throw ArchiveProtocolError("database: \(error)") }
    }
}
