/// A message that breaks the archive protocol (docs/ARCHITECTURE.md section 7): the answer is an `error` line, the connection stays.
public struct ArchiveProtocolError: Error, Equatable, Sendable, CustomStringConvertible {
    /// What was wrong, for the peer and the log.
    public let message: String
    /// Creates the error.
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}

/// One archive task, as the protocol's `archive` message carries it (docs/ARCHITECTURE.md section 7).
///
/// The worker never knows what a collection holds: it moves items (JSON objects with an `id`) from
/// `sourceHandle` to `destHandle`, at most `maxRows`, `batchSize` at a time. `olderThanSeconds` is
/// KeyForge's one addition: the age below which the owner of the data keeps rows where they are.
public struct ArchiveTask: Equatable, Sendable {
    /// The largest batch a task may ask for (one `data/list` answer).
    public static let maxBatchSize = 10_000
    /// The most rows one task may move.
    public static let maxRows = 100_000_000

    /// The caller's id for the task (unique among the worker's queued and running tasks).
    public var taskID: String
    /// What to archive (the data owner's name for it).
    public var collection: String
    /// Where rows come from (`primary`).
    public var sourceHandle: String
    /// Where they go (`archive`).
    public var destHandle: String
    /// The most rows this task moves.
    public var maxRows: Int
    /// Rows per copy-verify-delete round.
    public var batchSize: Int
    /// Only rows at least this old, in seconds (nil: whatever the owner considers archivable).
    public var olderThanSeconds: Int64?

    /// Creates a task; `validate()` is the caller's to run.
    public init(taskID: String, collection: String, sourceHandle: String = "primary", destHandle: String = "archive",
                maxRows: Int, batchSize: Int, olderThanSeconds: Int64? = nil) {
        self.taskID = taskID
        self.collection = collection
        self.sourceHandle = sourceHandle
        self.destHandle = destHandle
        self.maxRows = maxRows
        self.batchSize = batchSize
        self.olderThanSeconds = olderThanSeconds
    }

    /// Reads an `archive` message, refusing missing, mistyped or out-of-range fields by name.
    public init(message: JSONObject) throws(ArchiveProtocolError) {
        func string(_ key: String) throws(ArchiveProtocolError) -> String {
            guard let value = message[key]?.stringValue else { throw ArchiveProtocolError("archive: \(key) must be a string") }
            return value
        }
        func integer(_ key: String) throws(ArchiveProtocolError) -> Int {
            guard let value = message[key]?.int64Value else { throw ArchiveProtocolError("archive: \(key) must be an integer") }
            return Int(value)
        }
        self.init(taskID: try string("taskId"), collection: try string("collection"), sourceHandle: try string("sourceHandle"),
                  destHandle: try string("destHandle"), maxRows: try integer("maxRows"), batchSize: try integer("batchSize"))
        if let age = message["olderThan"], age != .null {
            guard let seconds = age.int64Value else { throw ArchiveProtocolError("archive: olderThan must be an integer (seconds)") }
            olderThanSeconds = seconds
        }
        try validate()
    }

    /// Checks every field's range.
    public func validate() throws(ArchiveProtocolError) {
        guard !taskID.isEmpty, taskID.utf8.count <= 128 else { throw ArchiveProtocolError("archive: taskId must be 1 to 128 bytes") }
        for (name, value) in [("collection", collection), ("sourceHandle", sourceHandle), ("destHandle", destHandle)] {
            guard Self.isName(value) else {
                throw ArchiveProtocolError("archive: \(name) must be 1 to 63 of a-z, 0-9 and _ (got \(value.debugDescription))")
            }
        }
        guard sourceHandle != destHandle else { throw ArchiveProtocolError("archive: sourceHandle and destHandle must differ") }
        guard (1...Self.maxRows).contains(maxRows) else { throw ArchiveProtocolError("archive: maxRows must be 1 ... \(Self.maxRows)") }
        guard (1...Self.maxBatchSize).contains(batchSize) else {
            throw ArchiveProtocolError("archive: batchSize must be 1 ... \(Self.maxBatchSize)")
        }
        if let olderThanSeconds, olderThanSeconds < 0 { throw ArchiveProtocolError("archive: olderThan must not be negative") }
    }

    /// The `archive` message.
    public var message: JSONValue {
        var object = JSONObject()
        object.append("command", .string("archive"))
        object.append("taskId", .string(taskID))
        object.append("collection", .string(collection))
        object.append("sourceHandle", .string(sourceHandle))
        object.append("destHandle", .string(destHandle))
        object.append("maxRows", .int(Int64(maxRows)))
        object.append("batchSize", .int(Int64(batchSize)))
        if let olderThanSeconds { object.append("olderThan", .int(olderThanSeconds)) }
        return .object(object)
    }

    /// True for 1 to 63 bytes of lower-case ASCII letters, digits and `_`: names that can never be SQL.
    public static func isName(_ text: String) -> Bool {
        let bytes = Array(text.utf8)
        return (1...63).contains(bytes.count) && bytes.allSatisfy { byte in
            (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte) || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
                || byte == UInt8(ascii: "_")
        }
    }
}

/// The lines of the archive protocol (docs/ARCHITECTURE.md section 7), built in one place so both sides spell them alike.
public enum ArchiveMessage {
    /// The worker's answer to `ping`.
    public static let pong: JSONValue = object([("status", .string("success")), ("message", .string("pong"))])
    /// `{"command": "ping"}`.
    public static let ping: JSONValue = object([("command", .string("ping"))])

    /// A task accepted: its place among the worker's queued and running tasks (1 = next or running).
    public static func queued(taskID: String, position: Int) -> JSONValue {
        object([("status", .string("queued")), ("taskId", .string(taskID)), ("queuePosition", .int(Int64(position)))])
    }

    /// A refusal. `code` is machine-readable (`malformed`, `oversized`, `busy`, `invalid`, `duplicate`,
    /// `unknown_task`, `unknown_command`); `taskId` when the refusal is about one task.
    public static func error(code: String, _ message: String, taskID: String? = nil) -> JSONValue {
        var fields: [(String, JSONValue)] = [("status", .string("error")), ("code", .string(code)), ("message", .string(message))]
        if let taskID { fields.append(("taskId", .string(taskID))) }
        return object(fields)
    }

    /// The worker asks the data owner to run `target` (`data/list`, `data/create`, `data/delete`).
    public static func execute(requestID: String, target: String, params: JSONObject) -> JSONValue {
        object([("command", .string("execute")), ("requestId", .string(requestID)), ("targetCommand", .string(target)),
                ("params", .object(params))])
    }

    /// The data owner's answer to an `execute`.
    public static func result(requestID: String, _ outcome: Result<JSONValue, ArchiveProtocolError>) -> JSONValue {
        switch outcome {
        case .success(let value):
            return object([("requestId", .string(requestID)), ("status", .string("success")), ("result", value)])
        case .failure(let error):
            return object([("requestId", .string(requestID)), ("status", .string("error")), ("message", .string(error.message))])
        }
    }

    /// Rows moved so far.
    public static func progress(taskID: String, archived: Int, total: Int) -> JSONValue {
        object([("command", .string("progress")), ("taskId", .string(taskID)), ("archived", .int(Int64(archived))),
                ("total", .int(Int64(total))), ("status", .string("in_progress"))])
    }

    /// A task ended: `status` is `success`, `cancelled` or `error` (with `message`); `duration` in ms.
    public static func complete(taskID: String, archived: Int, durationMilliseconds: Int64, status: String, message: String? = nil) -> JSONValue {
        var fields: [(String, JSONValue)] = [("command", .string("complete")), ("taskId", .string(taskID)),
                                              ("archived", .int(Int64(archived))), ("duration", .int(durationMilliseconds)),
                                              ("status", .string(status))]
        if let message { fields.append(("message", .string(message))) }
        return object(fields)
    }

    /// A queued task removed, or a running one told to stop after its current batch.
    public static func cancelled(taskID: String, wasRunning: Bool) -> JSONValue {
        object([("status", .string("cancelled")), ("taskId", .string(taskID)), ("running", .bool(wasRunning))])
    }

    private static func object(_ fields: [(String, JSONValue)]) -> JSONValue {
        var object = JSONObject()
        for (key, value) in fields { object.append(key, value) }
        return .object(object)
    }
}

/// The checksum that proves a batch arrived intact: SHA-256 over the items with their keys sorted,
/// in sorted order, so the two sides' column order and row order do not matter.
public enum ArchiveChecksum {
    /// The hex digest of `items`.
    public static func of(_ items: [JSONValue]) -> String {
        // Sorted by their whole canonical text (which starts with the id, keys being sorted), so even
        // items that share an id give the same digest in any order.
        let lines = items.map { JSONWriter.write(canonical($0)) }.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
        var hasher = SHA256()
        for line in lines {
            hasher.update(Array(line.utf8))
            hasher.update([0x0A])
        }
        return hasher.finalizeHex()
    }

    /// The item's `id` as text, the key rows are matched by.
    public static func identifier(_ item: JSONValue) -> JSONValue? {
        guard let id = item.objectValue?["id"], id != .null else { return nil }
        return id
    }

    private static func canonical(_ value: JSONValue) -> JSONValue {
        switch value {
        case .object(let object):
            return .object(JSONObject(object.members.sorted { $0.key < $1.key }.map { ($0.key, canonical($0.value)) }))
        case .array(let items):
            return .array(items.map(canonical))
        default:
            return value
        }
    }
}
