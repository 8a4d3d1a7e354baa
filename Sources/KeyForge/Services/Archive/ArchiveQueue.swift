import KeyForgeWire

/// The archive worker's bounded FIFO queue and its scheduling rule (pure logic; the worker locks it).
///
/// Tasks start in the order they arrived, with two exceptions that keep the data safe and each
/// client's order intact: a task waits while another task of its collection runs (two movers on one
/// table would race), and while a task waits, no later task of the same client may pass it. Tasks
/// of other clients and other collections go ahead, so three collections archive at once.
public struct ArchiveQueue: Sendable {
    /// A queued or running task and the connection that sent it.
    public struct Entry: Equatable, Sendable {
        /// The task.
        public var task: ArchiveTask
        /// The sender's connection number (tasks answer to it).
        public var owner: Int
        /// False until the sender has been told the task is queued: it may not start before that.
        public var isReleased: Bool
    }

    /// Why a task was not queued.
    public enum Refusal: Error, Equatable, Sendable {
        /// `limit` tasks wait already.
        case full(limit: Int)
        /// A queued or running task has this id.
        case duplicate
    }

    /// The most tasks that may wait (running ones not counted).
    public let limit: Int
    /// Waiting tasks, oldest first.
    public private(set) var waiting: [Entry] = []
    /// Running tasks by task id.
    public private(set) var running: [String: Entry] = [:]
    private var busyCollections: Set<String> = []

    /// An empty queue that holds at most `limit` waiting tasks.
    public init(limit: Int) {
        precondition(limit > 0, "a queue needs room")
        self.limit = limit
    }

    /// Queued and running tasks together.
    public var count: Int { waiting.count + running.count }

    /// Adds a task at the back, held until `release`; its position counts the queued and running
    /// tasks, itself included.
    public mutating func enqueue(_ task: ArchiveTask, owner: Int) -> Result<Int, Refusal> {
        guard waiting.count < limit else { return .failure(.full(limit: limit)) }
        guard running[task.taskID] == nil, !waiting.contains(where: { $0.task.taskID == task.taskID }) else {
            return .failure(.duplicate)
        }
        waiting.append(Entry(task: task, owner: owner, isReleased: false))
        return .success(count)
    }

    /// Lets a queued task start (its `queued` answer has gone out).
    public mutating func release(_ taskID: String) {
        if let index = waiting.firstIndex(where: { $0.task.taskID == taskID }) { waiting[index].isReleased = true }
    }

    /// Takes the first task that may start now (see the type's rule) and marks it running.
    public mutating func take() -> Entry? {
        var blockedOwners: Set<Int> = []
        for index in waiting.indices {
            let entry = waiting[index]
            if blockedOwners.contains(entry.owner) { continue }
            if !entry.isReleased || busyCollections.contains(entry.task.collection) {
                blockedOwners.insert(entry.owner)
                continue
            }
            waiting.remove(at: index)
            running[entry.task.taskID] = entry
            busyCollections.insert(entry.task.collection)
            return entry
        }
        return nil
    }

    /// Marks a running task finished, freeing its collection.
    public mutating func finish(_ taskID: String) {
        guard let entry = running.removeValue(forKey: taskID) else { return }
        busyCollections.remove(entry.task.collection)
    }

    /// Removes a waiting task; nil when no task of that id waits.
    public mutating func removeWaiting(_ taskID: String) -> Entry? {
        guard let index = waiting.firstIndex(where: { $0.task.taskID == taskID }) else { return nil }
        return waiting.remove(at: index)
    }

    /// Removes every waiting task of `owner` (its connection closed) and returns them.
    public mutating func removeWaiting(owner: Int) -> [Entry] {
        let removed = waiting.filter { $0.owner == owner }
        waiting.removeAll { $0.owner == owner }
        return removed
    }
}
