import KeyForgeAdapters
import KeyForgeWire
import Testing
import KeyForgeServices

/// An in-memory data owner with the hive's two rules (create skips held ids; delete removes only
/// rows the other side holds), for the executor's pure logic. The real one is tested against PostgreSQL.
final class MemoryArchiveStore {
    var tables: [String: [Int64: JSONValue]] = ["primary": [:], "archive": [:]]
    var calls: [String] = []
    /// Runs before each call; throwing simulates a peer that dies at that point.
    var before: (String, Int) throws(ArchiveProtocolError) -> Void = { _, _ in }
    /// Changes what create stores (a corrupting destination).
    var corrupt: ((JSONValue) -> JSONValue)?

    init(rows: Int) {
        for id in 1...Int64(rows) {
            tables["primary"]![id] = .object(JSONObject([("id", .int(id)), ("payload", .string("row \(id)")),
                                                         ("created_at", .string("2026-01-\(id % 28 + 1)"))]))
        }
    }

    func call(_ target: String, _ params: JSONObject) throws(ArchiveProtocolError) -> JSONValue {
        try before(target, calls.count)
        calls.append(target)
        let handle = params["dbHandle"]!.stringValue!
        let other = handle == "primary" ? "archive" : "primary"
        switch target {
        case "data/list":
            var ids = tables[handle]!.keys.sorted()
            if let wanted = params["ids"]?.arrayValue?.compactMap(\.int64Value) { ids = ids.filter(Set(wanted).contains) }
            let items = ids.prefix(Int(params["limit"]!.int64Value!)).map { tables[handle]![$0]! }
            return .object(JSONObject([("items", .array(Array(items))), ("count", .int(Int64(items.count)))]))
        case "data/create":
            var created = 0
            for item in params["items"]!.arrayValue! {
                let id = item.objectValue!["id"]!.int64Value!
                if tables[handle]![id] == nil {
                    tables[handle]![id] = corrupt?(item) ?? item
                    created += 1
                }
            }
            return .object(JSONObject([("created", .int(Int64(created)))]))
        case "data/delete":
            var deleted = 0
            for id in params["ids"]!.arrayValue!.compactMap(\.int64Value) where tables[other]![id] != nil {
                if tables[handle]!.removeValue(forKey: id) != nil { deleted += 1 }
            }
            return .object(JSONObject([("deleted", .int(Int64(deleted)))]))
        default:
            throw ArchiveProtocolError("unknown \(target)")
        }
    }

    func run(_ task: ArchiveTask, cancelAfter: Int? = nil) -> (archived: Int, outcome: ArchiveExecutor.Outcome, progress: [Int]) {
        var progress: [Int] = []
        let (archived, outcome) = ArchiveExecutor.run(task, call: { target, params throws(ArchiveProtocolError) in try call(target, params) },
                                                      progress: { progress.append($0) },
                                                      isCancelled: { cancelAfter.map { progress.count >= $0 } ?? false })
        return (archived, outcome, progress)
    }
}

@Suite("Archive executor: copy, verify, delete")
struct ArchiveExecutorTests {
    static let task = ArchiveTask(taskID: "t", collection: "rows", maxRows: 1_000, batchSize: 4)

    @Test("moves every row in batches, reporting progress after each")
    func movesAll() {
        let store = MemoryArchiveStore(rows: 10)
        let original = store.tables["primary"]!
        let (archived, outcome, progress) = store.run(Self.task)
        #expect(outcome == .success)
        #expect(archived == 10)
        #expect(progress == [4, 8, 10])
        #expect(store.tables["primary"]!.isEmpty)
        #expect(store.tables["archive"]! == original)
        #expect(Array(store.calls.prefix(4)) == ["data/list", "data/create", "data/list", "data/delete"])
    }

    @Test("maxRows stops the task after that many rows")
    func maxRows() {
        let store = MemoryArchiveStore(rows: 10)
        var task = Self.task
        task.maxRows = 6
        let (archived, outcome, _) = store.run(task)
        #expect(outcome == .success && archived == 6)
        #expect(store.tables["primary"]!.count == 4)
    }

    @Test("a run killed at every possible call, then run again, loses no row and leaves none twice")
    func crashAnywhere() {
        for crashAt in 0..<13 {  // 3 batches of 4 calls, then the empty list
            let store = MemoryArchiveStore(rows: 10)
            let original = store.tables["primary"]!
            store.before = { _, index throws(ArchiveProtocolError) in
                if index == crashAt { throw ArchiveProtocolError("the peer died") }
            }
            let first = store.run(Self.task)
            #expect(first.outcome == .failed("the peer died"), "crash at call \(crashAt)")
            // Nothing lost at the crash: every row is on one side or both.
            #expect(Set(store.tables["primary"]!.keys).union(store.tables["archive"]!.keys) == Set(original.keys))
            store.before = { _, _ in }
            let second = store.run(Self.task)
            #expect(second.outcome == .success)
            #expect(store.tables["primary"]!.isEmpty, "crash at call \(crashAt)")
            #expect(store.tables["archive"]! == original, "crash at call \(crashAt)")
        }
    }

    @Test("a copy that differs from its source fails the verify and nothing is deleted")
    func verifyMismatch() {
        let store = MemoryArchiveStore(rows: 10)
        store.corrupt = { item in
            var object = item.objectValue!
            object.members[1].value = .string("changed")
            return .object(object)
        }
        let (archived, outcome, _) = store.run(Self.task)
        #expect(archived == 0)
        #expect(outcome == .failed("verify failed: the rows in archive differ from primary (checksum)"))
        #expect(store.tables["primary"]!.count == 10)
        #expect(!store.calls.contains("data/delete"))
    }

    @Test("cancellation stops between batches")
    func cancel() {
        let store = MemoryArchiveStore(rows: 10)
        let (archived, outcome, _) = store.run(Self.task, cancelAfter: 1)
        #expect(outcome == .cancelled && archived == 4)
        #expect(store.tables["primary"]!.count == 6 && store.tables["archive"]!.count == 4)
    }

    @Test("a delete that removes nothing of a verified batch stops the task instead of looping")
    func deleteRefused() {
        let store = MemoryArchiveStore(rows: 3)
        store.before = { target, _ throws(ArchiveProtocolError) in
            if target == "data/delete" { store.tables["archive"]!.removeAll() }  // the archive lost them meanwhile
        }
        let (_, outcome, _) = store.run(Self.task)
        #expect(outcome == .failed("data/delete removed no row of a verified batch (answered 0)"))
        #expect(store.tables["primary"]!.count == 3)
    }

    @Test("the checksum ignores key order and row order, and sees any changed value")
    func checksum() {
        let a = JSONValue.object(JSONObject([("id", .int(1)), ("x", .string("a"))]))
        let b = JSONValue.object(JSONObject([("x", .string("b")), ("id", .int(2))]))
        let bReordered = JSONValue.object(JSONObject([("id", .int(2)), ("x", .string("b"))]))
        #expect(ArchiveChecksum.of([a, b]) == ArchiveChecksum.of([bReordered, a]))
        #expect(ArchiveChecksum.of([a, b]) != ArchiveChecksum.of([a, .object(JSONObject([("id", .int(2)), ("x", .string("c"))]))]))
        #expect(ArchiveChecksum.of([a]) != ArchiveChecksum.of([a, a]))
    }
}
