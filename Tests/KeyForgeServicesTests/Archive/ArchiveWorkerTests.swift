import Foundation
import Glibc
import KeyForgeAdapters
import KeyForgeSystem
import KeyForgeTestSupport
import KeyForgeWire
import Synchronization
import Testing
import KeyForgeServices

/// Seed 004's five skeleton tests and the protocol's refusals, over the worker's real Unix socket.
@Suite("Archive worker protocol")
struct ArchiveWorkerTests {
    @Test("seed test 1, connectivity: ping answers pong; the socket is 0600")
    func connectivity() throws {
        let fixture = try ArchiveWorkerFixture()
        let client = try fixture.client()
        try client.send(ArchiveMessage.ping)
        #expect(try client.receive() == ArchiveMessage.pong.objectValue)
        var info = stat()
        #expect(lstat(fixture.path, &info) == 0)
        #expect(info.st_mode & 0o777 == 0o600)
    }

    @Test("seed test 2, queuing: three tasks are acknowledged with positions 1, 2 and 3")
    func queuing() throws {
        let fixture = try ArchiveWorkerFixture()
        let client = try fixture.client()
        for id in ["task-001", "task-002", "task-003"] { try client.send(ArchiveTestClient.archive(id, "chat_messages")) }
        var positions: [String: Int64] = [:]
        while positions.count < 3 {
            let message = try client.receive()
            if message["status"]?.stringValue == "queued" { positions[message["taskId"]!.stringValue!] = message["queuePosition"]?.int64Value }
        }
        #expect(positions == ["task-001": 1, "task-002": 2, "task-003": 3])
    }

    @Test("seed test 3, command callback: the worker asks, uses the answer, and goes on to the next step")
    func commandCallback() throws {
        let fixture = try ArchiveWorkerFixture()
        let client = try fixture.client()
        try client.send(ArchiveTestClient.archive("t", "chat_messages", maxRows: 10, batchSize: 5))
        #expect(try client.receive()["status"] == .string("queued"))
        let rows: [JSONValue] = [1, 2].map { .object(JSONObject([("id", .int($0)), ("text", .string("hello \($0)"))])) }
        let list = try client.receive()
        #expect(list["command"] == .string("execute") && list["targetCommand"] == .string("data/list"))
        let params = try #require(list["params"]?.objectValue)
        #expect(params["collection"] == .string("chat_messages") && params["dbHandle"] == .string("primary") && params["limit"] == .int(5))
        try client.answer(list, ArchiveTestClient.items(rows))
        let create = try client.receive()
        #expect(create["targetCommand"] == .string("data/create"))
        #expect(create["params"]?.objectValue?["items"] == .array(rows))  // the answer came through
        #expect(create["params"]?.objectValue?["dbHandle"] == .string("archive"))
        try client.answer(create, .object(JSONObject([("created", .int(2))])))
        let verify = try client.receive()
        #expect(verify["targetCommand"] == .string("data/list") && verify["params"]?.objectValue?["ids"] == .array([.int(1), .int(2)]))
        try client.answer(verify, ArchiveTestClient.items(rows.reversed()))
        let delete = try client.receive()
        #expect(delete["targetCommand"] == .string("data/delete") && delete["params"]?.objectValue?["ids"] == .array([.int(1), .int(2)]))
        try client.answer(delete, .object(JSONObject([("deleted", .int(2))])))
        let progress = try client.receive()
        #expect(progress["command"] == .string("progress") && progress["archived"] == .int(2) && progress["total"] == .int(10))
        let last = try client.receive()
        #expect(last["targetCommand"] == .string("data/list"))
        try client.answer(last, ArchiveTestClient.items([]))
        let complete = try client.receive()
        #expect(complete["command"] == .string("complete") && complete["status"] == .string("success") && complete["archived"] == .int(2))
        #expect(complete["duration"]?.int64Value != nil)
    }

    @Test("a failed callback fails the task with the owner's reason and deletes nothing")
    func callbackError() throws {
        let fixture = try ArchiveWorkerFixture()
        let client = try fixture.client()
        try client.send(ArchiveTestClient.archive("t", "c"))
        _ = try client.receive()
        let list = try client.receive()
        try client.send(ArchiveMessage.result(requestID: list["requestId"]!.stringValue!, .failure(ArchiveProtocolError("database: away"))))
        let complete = try client.receive()
        #expect(complete["status"] == .string("error") && complete["message"] == .string("data/list failed: database: away"))
    }

    @Test("seed test 5, concurrent tasks: three collections are in flight at once on three threads")
    func concurrentTasks() throws {
        let fixture = try ArchiveWorkerFixture(threads: 3)
        let client = try fixture.client()
        for (index, collection) in ["users", "results", "events"].enumerated() {
            try client.send(ArchiveTestClient.archive("t\(index)", collection))
        }
        var waiting: [JSONObject] = []
        var queued = 0
        // Nothing is answered until all three have asked: only concurrent tasks can all ask.
        while waiting.count < 3 {
            let message = try client.receive()
            if message["status"] == .string("queued") { queued += 1 } else { waiting.append(message) }
        }
        #expect(Set(waiting.compactMap { $0["params"]?.objectValue?["collection"]?.stringValue }) == ["users", "results", "events"])
        for execute in waiting { try client.answer(execute, ArchiveTestClient.items([])) }
        var completed: Set<String> = []
        while completed.count < 3 {
            let message = try client.receive()
            if message["command"] == .string("complete") { completed.insert(message["taskId"]!.stringValue!) }
        }
        #expect(completed == ["t0", "t1", "t2"] && queued == 3)
    }

    @Test("two tasks on one collection never run at once")
    func sameCollectionSerial() throws {
        let fixture = try ArchiveWorkerFixture(threads: 3)
        let client = try fixture.client()
        try client.send(ArchiveTestClient.archive("a", "c"))
        try client.send(ArchiveTestClient.archive("b", "c"))
        var executes: [JSONObject] = []
        while executes.isEmpty {
            let message = try client.receive()
            if message["command"] == .string("execute") { executes.append(message) }
        }
        // The second acknowledgement may still be on its way; no execute for b may come before a ends.
        while let message = try? client.receive(timeout: .milliseconds(300)) {
            #expect(message["command"] != .string("execute"), "b started while a runs: \(message)")
        }
        try client.answer(executes[0], ArchiveTestClient.items([]))
        #expect(try client.receive()["taskId"] == .string("a"))
        let next = try client.receive()
        #expect(next["command"] == .string("execute"))
    }

    @Test("malformed JSON, a non-object, an unknown command and a bad task are answered with errors; the connection stays")
    func malformed() throws {
        let fixture = try ArchiveWorkerFixture()
        let client = try fixture.client()
        let cases: [(String, String)] = [
            (#"{"command": "pi"#, "malformed"), ("[1, 2]", "malformed"), (#"{"command": "fly"}"#, "unknown_command"),
            (#"{"hello": 1}"#, "invalid"), ("\u{1}\u{2}garbage", "malformed"),
            (#"{"command": "archive", "taskId": "x", "collection": "c", "sourceHandle": "primary", "destHandle": "archive", "maxRows": -1, "batchSize": 5}"#, "invalid"),
            (#"{"requestId": "req-999", "status": "success", "result": {}}"#, "unknown_request"),
            (#"{"command": "cancel", "taskId": "nope"}"#, "unknown_task"),
        ]
        for (line, code) in cases {
            try client.send(line)
            let answer = try client.receive()
            #expect(answer["status"] == .string("error") && answer["code"] == .string(code), "\(line)")
            try client.send(ArchiveMessage.ping)
            #expect(try client.receive() == ArchiveMessage.pong.objectValue)
        }
    }

    @Test("an oversized line is refused once and skipped; the next line is read normally")
    func oversized() throws {
        let fixture = try ArchiveWorkerFixture(maxLineBytes: 4096)
        let client = try fixture.client()
        try client.send(#"{"command": "ping", "pad": ""# + String(repeating: "x", count: 100_000) + #""}"#)
        let answer = try client.receive()
        #expect(answer["code"] == .string("oversized"))
        try client.send(ArchiveMessage.ping)
        #expect(try client.receive() == ArchiveMessage.pong.objectValue)
    }

    @Test("a full queue answers busy; a queued task can be cancelled")
    func busyAndCancel() throws {
        let fixture = try ArchiveWorkerFixture(threads: 1, queueLimit: 2)
        let client = try fixture.client()
        try client.send(ArchiveTestClient.archive("a", "c"))
        var running: JSONObject?
        while running == nil {
            let message = try client.receive()
            if message["command"] == .string("execute") { running = message }
        }
        for id in ["b", "c", "d"] { try client.send(ArchiveTestClient.archive(id, "c")) }
        #expect(try client.receive()["queuePosition"] == .int(2))
        #expect(try client.receive()["queuePosition"] == .int(3))
        let refused = try client.receive()
        #expect(refused["code"] == .string("busy") && refused["taskId"] == .string("d"))
        try client.send(#"{"command": "cancel", "taskId": "c"}"#)
        let cancelled = try client.receive()
        #expect(cancelled["status"] == .string("cancelled") && cancelled["running"] == .bool(false))
        try client.send(#"{"command": "cancel", "taskId": "a"}"#)
        #expect(try client.receive()["running"] == .bool(true))
        try client.answer(try #require(running), ArchiveTestClient.items([.object(JSONObject([("id", .int(1))]))]))
        // a finishes the batch it is in (copy, verify, delete), then stops at the batch boundary.
        var completeA: JSONObject?
        while completeA == nil {
            let message = try client.receive()
            if message["command"] == .string("complete") { completeA = message }
            else if message["command"] == .string("execute") { try client.answer(message, message["targetCommand"] == .string("data/delete")
                ? .object(JSONObject([("deleted", .int(1))])) : ArchiveTestClient.items([.object(JSONObject([("id", .int(1))]))])) }
        }
        #expect(completeA?["taskId"] == .string("a") && completeA?["status"] == .string("cancelled"))
    }

    @Test("one worker per socket: a second refuses while the first runs; a stale socket file is reclaimed; a plain file is not")
    func singleOwner() throws {
        let path = archiveSocketPath()
        do {
            let first = try ArchiveWorkerFixture(path: path)
            #expect(throws: ArchiveWorkerError.self) { _ = try ArchiveWorker(configuration: ArchiveWorkerConfiguration(socketPath: path), log: { _ in }) }
            _ = first
        }
        // A socket file whose owner died without removing it.
        let python = Process()
        python.executableURL = URL(fileURLWithPath: "/usr/bin/python3")
        python.arguments = ["-c", "import socket; s = socket.socket(socket.AF_UNIX); s.bind('\(path)')"]
        try python.run()
        python.waitUntilExit()
        var info = stat()
        #expect(lstat(path, &info) == 0 && (info.st_mode & S_IFMT) == S_IFSOCK)
        let second = try ArchiveWorkerFixture(path: path)
        let client = try second.client()
        try client.send(ArchiveMessage.ping)
        #expect(try client.receive() == ArchiveMessage.pong.objectValue)
        #expect(second.logLines.withLock { $0.contains { $0.contains("replacing the stale socket") } })
        _ = second
        let plain = archiveSocketPath()
        try FileSystem.writeFileAtomically(plain, Array("not a socket".utf8))
        defer { unlink(plain); unlink(plain + ".lock") }
        #expect(throws: ArchiveWorkerError.self) { _ = try ArchiveWorker(configuration: ArchiveWorkerConfiguration(socketPath: plain), log: { _ in }) }
    }

    @Test("a client that disconnects loses its queued tasks; others carry on")
    func disconnect() throws {
        let fixture = try ArchiveWorkerFixture(threads: 1)
        var first: ArchiveTestClient? = try fixture.client()
        try first?.send(ArchiveTestClient.archive("a", "c"))
        try first?.send(ArchiveTestClient.archive("b", "c"))
        _ = try first?.receive()
        first = nil
        let second = try fixture.client()
        // The id comes free once the worker has seen the first client go (it reads the close at once,
        // but concurrently with this client): until then b is a duplicate.
        var answer = JSONObject()
        let deadline = ContinuousClock.now + .seconds(5)
        repeat {
            try second.send(ArchiveTestClient.archive("b", "c"))
            answer = try second.receive()
            if answer["code"] == .string("duplicate") { WallClock.sleep(for: .milliseconds(50)) }
        } while answer["code"] == .string("duplicate") && ContinuousClock.now < deadline
        #expect(answer["status"] == .string("queued") && answer["taskId"] == .string("b"))
    }

    @Test("8 clients with 1000 tasks each: every client's tasks complete in the order it sent them")
    func fifoPerClient() throws {
        // Each client reads its 1 000 acknowledgements in order before it reaches an `execute` queued behind
        // them, so on a slow machine (the sanitizers) an answer can take longer than the fixture's 20 s.
        let fixture = try ArchiveWorkerFixture(threads: 3, replyTimeout: .seconds(120))
        let failures = Locked<[String]>([])
        let threads = try (0..<8).map { clientIndex in
            try SystemThread(name: "fifo-\(clientIndex)") {
                do {
                    let client = try fixture.client()
                    let ids = (0..<1000).map { "c\(clientIndex)-\($0)" }
                    // Sending and reading on two threads, as the hive does: a peer that only writes while the
                    // worker answers would fill both socket buffers and stall.
                    let connection = client.connection
                    let sender = try SystemThread(name: "fifo-send") {
                        for id in ids { connection.trySend(ArchiveTestClient.archive(id, "collection_\(clientIndex)", maxRows: 5, batchSize: 5)) }
                    }
                    defer { sender.join() }
                    // Executes are answered on a third thread, as the hive answers them on its pool: a reader that
                    // wrote its answers itself could block on a full socket while the worker, writing acks to
                    // this unread socket, stopped reading too.
                    let executes = ConditionLock<(pending: [JSONObject], done: Bool)>(([], false))
                    let answerer = try SystemThread(name: "fifo-answer") {
                        while let batch = executes.wait(until: { state -> [JSONObject]? in
                            if !state.pending.isEmpty { defer { state.pending = [] }; return state.pending }
                            return state.done ? [] : nil
                        }), !batch.isEmpty {
                            for execute in batch {
                                connection.trySend(ArchiveMessage.result(requestID: execute["requestId"]?.stringValue ?? "",
                                                                         .success(ArchiveTestClient.items([]))))
                            }
                        }
                    }
                    defer {
                        executes.withLock { $0.done = true }
                        answerer.join()
                    }
                    var completed: [String] = []
                    var acknowledged: [String] = []
                    while completed.count < ids.count {
                        let message = try client.receive(timeout: .seconds(60))
                        if message["command"] == .string("execute") {
                            executes.withLock { $0.pending.append(message) }
                        } else if message["command"] == .string("complete") {
                            completed.append(message["taskId"]!.stringValue!)
                        } else if message["status"] == .string("queued") {
                            acknowledged.append(message["taskId"]!.stringValue!)
                        } else {
                            throw HarnessError("unexpected \(message)")
                        }
                    }
                    if completed != ids || acknowledged != ids { failures.withLock { $0.append("client \(clientIndex): out of order") } }
                } catch {
                    failures.withLock { $0.append("client \(clientIndex): \(error)") }
                }
            }
        }
        for thread in threads { thread.join() }
        #expect(failures.withLock { $0 } == [])
    }
}
