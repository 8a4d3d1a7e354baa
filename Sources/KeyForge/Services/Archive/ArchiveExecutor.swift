import KeyForgeWire

/// One archive task's work: copy, verify, then delete, a batch at a time, through the data owner's
/// `execute` callbacks (docs/adr/0021-copy-verify-delete-archive.md: the worker never touches the database and never knows its entities).
///
/// Why a crash anywhere loses nothing and duplicates nothing: a row leaves the source only after the
/// destination has been read back and matched by count and checksum, and the owner's `data/create`
/// ignores rows it already holds (by `id`). So a batch interrupted after the copy is copied again as
/// a no-op on the next run, verified, and only then deleted.
public enum ArchiveExecutor {
    /// How a task ended.
    public enum Outcome: Equatable, Sendable {
        /// Every eligible row (up to `maxRows`) was moved.
        case success
        /// Stopped between batches on request.
        case cancelled
        /// Stopped by an error; rows of the failed batch stay in the source.
        case failed(String)

        /// The `status` word of the `complete` message.
        public var status: String {
            switch self {
            case .success: return "success"
            case .cancelled: return "cancelled"
            case .failed: return "error"
            }
        }
    }

    /// Runs the data owner's command `target` with `params` and returns its `result`.
    public typealias Call = (_ target: String, _ params: JSONObject) throws(ArchiveProtocolError) -> JSONValue

    /// Moves up to `task.maxRows` rows; `progress` hears the running total after each batch.
    public static func run(_ task: ArchiveTask, call: Call, progress: (Int) -> Void,
                           isCancelled: () -> Bool) -> (archived: Int, outcome: Outcome) {
        var archived = 0
        var budget = task.maxRows
        do throws(ArchiveProtocolError) {
            while budget > 0 {
                if isCancelled() { return (archived, .cancelled) }
                let items = try list(task, call: call, limit: min(task.batchSize, budget))
                if items.isEmpty { break }
                budget -= items.count
                let ids = try items.map { item throws(ArchiveProtocolError) -> JSONValue in
                    guard let id = ArchiveChecksum.identifier(item) else { throw ArchiveProtocolError("data/list returned an item without an id") }
                    return id
                }
                _ = try call("data/create", params(task.collection, task.destHandle, [("items", .array(items))]))
                let copies = try Self.items(in: call("data/list", params(task.collection, task.destHandle,
                                                                     [("ids", .array(ids)), ("limit", .int(Int64(ids.count)))])))
                guard copies.count == items.count else {
                    throw ArchiveProtocolError("verify failed: \(task.destHandle) holds \(copies.count) of \(items.count) copied rows")
                }
                guard ArchiveChecksum.of(copies) == ArchiveChecksum.of(items) else {
                    throw ArchiveProtocolError("verify failed: the rows in \(task.destHandle) differ from \(task.sourceHandle) (checksum)")
                }
                let deleted = try call("data/delete", params(task.collection, task.sourceHandle, [("ids", .array(ids))]))
                    .objectValue?["deleted"]?.int64Value ?? -1
                guard deleted > 0 else {
                    throw ArchiveProtocolError("data/delete removed no row of a verified batch (answered \(deleted))")
                }
                archived += Int(deleted)
                progress(archived)
            }
        } catch {
            return (archived, .failed(error.message))
        }
        return (archived, .success)
    }

    private static func list(_ task: ArchiveTask, call: Call, limit: Int) throws(ArchiveProtocolError) -> [JSONValue] {
        var extra: [(String, JSONValue)] = [
            ("limit", .int(Int64(limit))),
            ("orderBy", .array([.object(JSONObject([("field", .string("createdAt")), ("direction", .string("asc"))]))])),
        ]
        if let age = task.olderThanSeconds { extra.append(("olderThan", .int(age))) }
        return try items(in: call("data/list", params(task.collection, task.sourceHandle, extra)))
    }

    private static func items(in result: JSONValue) throws(ArchiveProtocolError) -> [JSONValue] {
        guard let items = result.objectValue?["items"]?.arrayValue else {
            throw ArchiveProtocolError("data/list answered without an items array")
        }
        return items
    }

    private static func params(_ collection: String, _ handle: String, _ extra: [(String, JSONValue)]) -> JSONObject {
        var object = JSONObject([("collection", .string(collection)), ("dbHandle", .string(handle))])
        for (key, value) in extra { object.append(key, value) }
        return object
    }
}
