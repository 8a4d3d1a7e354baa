import KeyForgeAdapters
import KeyForgeWire
import Testing
import KeyForgeServices

@Suite("Archive queue scheduling")
struct ArchiveQueueTests {
    static func task(_ id: String, _ collection: String) -> ArchiveTask {
        ArchiveTask(taskID: id, collection: collection, maxRows: 10, batchSize: 5)
    }

    /// Enqueues and releases, as the worker does once the `queued` answer is out.
    static func add(_ queue: inout ArchiveQueue, _ id: String, _ collection: String, owner: Int) -> Int? {
        guard case .success(let position) = queue.enqueue(task(id, collection), owner: owner) else { return nil }
        queue.release(id)
        return position
    }

    @Test("positions count queued and running tasks, the new one included")
    func positions() {
        var queue = ArchiveQueue(limit: 10)
        #expect(Self.add(&queue, "a", "c1", owner: 1) == 1)
        #expect(Self.add(&queue, "b", "c1", owner: 1) == 2)
        #expect(Self.add(&queue, "c", "c1", owner: 1) == 3)
        #expect(queue.take()?.task.taskID == "a")
        #expect(Self.add(&queue, "d", "c2", owner: 1) == 4)
        queue.finish("a")
        #expect(queue.count == 3)
    }

    @Test("a task does not start before it is released")
    func heldUntilReleased() {
        var queue = ArchiveQueue(limit: 10)
        _ = queue.enqueue(Self.task("a", "c1"), owner: 1)
        #expect(queue.take() == nil)
        queue.release("a")
        #expect(queue.take()?.task.taskID == "a")
    }

    @Test("one task per collection at a time; other collections go ahead in arrival order")
    func collectionExclusive() {
        var queue = ArchiveQueue(limit: 10)
        _ = Self.add(&queue, "a", "c1", owner: 1)
        _ = Self.add(&queue, "b", "c1", owner: 2)
        _ = Self.add(&queue, "c", "c2", owner: 3)
        _ = Self.add(&queue, "d", "c3", owner: 4)
        #expect(queue.take()?.task.taskID == "a")
        #expect(queue.take()?.task.taskID == "c")
        #expect(queue.take()?.task.taskID == "d")
        #expect(queue.take() == nil)
        queue.finish("a")
        #expect(queue.take()?.task.taskID == "b")
    }

    @Test("a waiting task holds back every later task of the same client")
    func perClientOrder() {
        var queue = ArchiveQueue(limit: 10)
        _ = Self.add(&queue, "x", "c1", owner: 1)
        #expect(queue.take()?.task.taskID == "x")
        _ = Self.add(&queue, "y", "c1", owner: 1)  // waits for x's collection
        _ = Self.add(&queue, "z", "c2", owner: 1)  // free collection, but behind y
        _ = Self.add(&queue, "w", "c3", owner: 2)
        #expect(queue.take()?.task.taskID == "w")
        #expect(queue.take() == nil)
        queue.finish("x")
        #expect(queue.take()?.task.taskID == "y")
        #expect(queue.take()?.task.taskID == "z")
    }

    @Test("a full queue refuses, running tasks not counted; a duplicate id is refused while queued or running")
    func refusals() {
        var queue = ArchiveQueue(limit: 2)
        _ = Self.add(&queue, "a", "c1", owner: 1)
        #expect(queue.take()?.task.taskID == "a")
        _ = Self.add(&queue, "b", "c1", owner: 1)
        _ = Self.add(&queue, "c", "c1", owner: 1)
        #expect(queue.enqueue(Self.task("d", "c1"), owner: 1) == .failure(.full(limit: 2)))
        _ = queue.removeWaiting("c")
        #expect(queue.enqueue(Self.task("a", "c9"), owner: 2) == .failure(.duplicate))
        #expect(queue.enqueue(Self.task("b", "c9"), owner: 2) == .failure(.duplicate))
        queue.finish("a")
        #expect(Self.add(&queue, "a", "c9", owner: 2) == 2)
    }

    @Test("a closed connection's waiting tasks are removed, others stay in order")
    func removeOwner() {
        var queue = ArchiveQueue(limit: 10)
        for (index, id) in ["a", "b", "c", "d"].enumerated() { _ = Self.add(&queue, id, "c\(index)", owner: index % 2) }
        #expect(queue.removeWaiting(owner: 0).map(\.task.taskID) == ["a", "c"])
        #expect(queue.waiting.map(\.task.taskID) == ["b", "d"])
        #expect(queue.removeWaiting("zz") == nil)
    }

    @Test("archive messages: every field is checked by name, and a task survives its own encoding")
    func taskParsing() throws {
        let task = ArchiveTask(taskID: "task-001", collection: "chat_messages", maxRows: 10_000, batchSize: 1_000, olderThanSeconds: 60)
        #expect(try ArchiveTask(message: #require(task.message.objectValue)) == task)
        var bad = try #require(task.message.objectValue)
        bad.members[5].value = .int(0)  // maxRows
        #expect(throws: ArchiveProtocolError("archive: maxRows must be 1 ... 100000000")) { try ArchiveTask(message: bad) }
        bad = try #require(task.message.objectValue)
        bad.members[2].value = .string("users; DROP TABLE x")  // collection
        #expect(throws: ArchiveProtocolError.self) { try ArchiveTask(message: bad) }
        bad = try #require(task.message.objectValue)
        bad.members[4].value = .string("primary")  // destHandle == sourceHandle
        #expect(throws: ArchiveProtocolError("archive: sourceHandle and destHandle must differ")) { try ArchiveTask(message: bad) }
        bad = try #require(task.message.objectValue)
        bad.members.remove(at: 1)  // taskId
        #expect(throws: ArchiveProtocolError("archive: taskId must be a string")) { try ArchiveTask(message: bad) }
    }
}
