import Glibc
import KeyForgeAdapters
import KeyForgeSystem
import KeyForgeTestSupport
import KeyForgeWire
import Testing
import KeyForgeServices

/// The hive's archive side against a real PostgreSQL and a real worker on a Unix socket.
@Suite("Hive archiver with PostgreSQL")
struct HiveArchiverTests {
    static func archiver(_ data: ArchiveTestData, socket: String) throws -> HiveArchiver {
        var configuration = HiveArchiverConfiguration(socketPath: socket)
        configuration.checkInterval = nil
        let archiver = try HiveArchiver(configuration: configuration, data: HiveArchiveData(pool: data.pool), log: { _ in })
        try archiver.start()
        try eventually("the archiver to connect") { archiver.isConnected }
        return archiver
    }

    static func finish(_ archiver: HiveArchiver, _ statuses: [ArchiveTaskStatus]) throws -> [ArchiveTaskStatus] {
        var finals: [ArchiveTaskStatus] = []
        for status in statuses {
            try eventually("task \(status.task.taskID)") { archiver.status(of: status.task.taskID)?.state.isActive == false }
            finals.append(try #require(archiver.status(of: status.task.taskID)))
        }
        return finals
    }

    @Test("seed test 4, simple archive: 10 of a finished job's 11 results move (its best stays), byte for byte")
    func simpleArchive() throws {
        let data = try ArchiveTestData()
        try data.addJob(results: 11)
        let before = try data.fingerprint()
        let worker = try ArchiveWorkerFixture()
        let archiver = try Self.archiver(data, socket: worker.path)
        defer { archiver.stop() }
        let final = try Self.finish(archiver, archiver.archiveNow(olderThan: 86_400, collections: ["results"], batchSize: 4))
        #expect(final.map(\.state) == [.success])
        #expect(final.first?.archived == 10)
        let counts = try data.counts()
        #expect(counts.live == 1 && counts.archived == 10 && counts.both == 0)
        let best = try data.pool.execute("SELECT count(*) AS n FROM results r JOIN jobs j ON j.best_result = r.id").rows[0].int64("n")
        #expect(best == 1)
        #expect(try data.fingerprint() == before)
    }

    @Test("young rows, running jobs' rows and other collections' rows stay; job events archive too")
    func eligibility() throws {
        let data = try ArchiveTestData()
        let old = try data.addJob(results: 5, tag: "old")
        try data.addJob(results: 5, status: "running", tag: "running")
        try data.addJob(results: 5, ageDays: 1, tag: "young")
        for kind in ["created", "lease", "done"] {
            try data.pool.execute("INSERT INTO job_events (job_id, kind, payload, created_at) VALUES ($1, $2, '{\"k\": 1}', now() - interval '40 days')",
                                  [old, kind])
        }
        let worker = try ArchiveWorkerFixture()
        let archiver = try Self.archiver(data, socket: worker.path)
        defer { archiver.stop() }
        let final = try Self.finish(archiver, archiver.archiveNow(olderThan: 30 * 86_400))
        #expect(final.map(\.task.collection) == ["results", "job_events"])
        #expect(final.map(\.archived) == [4, 3])
        #expect(try data.counts().live == 11)
        #expect(try data.pool.execute("SELECT count(*) AS n FROM job_events_archive").rows[0].int64("n") == 3)
        let results = try #require(ArchiveCollection.named("results"))
        #expect(try HiveArchiveData(pool: data.pool).eligibleCount(results, olderThan: 30 * 86_400) == 0)
        #expect(try HiveArchiveData(pool: data.pool).eligibleCount(results, olderThan: 0) == 4)  // the young job's
    }

    @Test("data callbacks: create skips held rows, delete removes only rows the other side holds, bad params are refused")
    func dataRules() throws {
        let data = try ArchiveTestData()
        try data.addJob(results: 3)
        let service = HiveArchiveData(pool: data.pool)
        func call(_ target: String, _ fields: [(String, JSONValue)]) -> Result<JSONValue, ArchiveProtocolError> {
            service.execute(target, JSONObject([("collection", .string("results"))] + fields))
        }
        let listed = try call("data/list", [("dbHandle", .string("primary")), ("limit", .int(10)), ("olderThan", .int(0))]).get()
        let items = try #require(listed.objectValue?["items"]?.arrayValue)
        #expect(items.count == 2)  // the best result is not eligible
        let ids = items.compactMap(ArchiveChecksum.identifier)
        // Deleting before copying removes nothing: the archive does not hold them.
        #expect(try call("data/delete", [("dbHandle", .string("primary")), ("ids", .array(ids))]).get().objectValue?["deleted"] == .int(0))
        #expect(try call("data/create", [("dbHandle", .string("archive")), ("items", .array(items))]).get().objectValue?["created"] == .int(2))
        #expect(try call("data/create", [("dbHandle", .string("archive")), ("items", .array(items))]).get().objectValue?["created"] == .int(0))
        let copies = try call("data/list", [("dbHandle", .string("archive")), ("ids", .array(ids)), ("limit", .int(10))]).get()
        #expect(ArchiveChecksum.of(copies.objectValue?["items"]?.arrayValue ?? []) == ArchiveChecksum.of(items))
        #expect(try call("data/delete", [("dbHandle", .string("primary")), ("ids", .array(ids))]).get().objectValue?["deleted"] == .int(2))
        for (target, fields, message) in [
            ("data/list", [("dbHandle", JSONValue.string("primary")), ("limit", .int(0))], "data/list: limit must be 1 ... 10000"),
            ("data/list", [("dbHandle", .string("elsewhere")), ("limit", .int(1))], "data/list: dbHandle must be primary or archive"),
            ("data/delete", [("dbHandle", .string("primary")), ("ids", .array([.string("1; DROP TABLE results")]))], "data/delete: ids must be integers"),
            ("data/create", [("dbHandle", .string("archive")), ("items", .array([.object(JSONObject())]))],
             "data/create: items must be at most 10000 objects, each with an integer id"),
            ("data/drop", [("dbHandle", .string("primary"))], "unknown targetCommand \"data/drop\""),
        ] {
            #expect(call(target, fields) == .failure(ArchiveProtocolError(message)))
        }
        #expect(service.execute("data/list", JSONObject([("collection", .string("nodes")), ("dbHandle", .string("primary"))]))
                == .failure(ArchiveProtocolError("data/list: collection must be one of results, job_events")))
    }

    @Test("the size watcher queues a task once a table passes the threshold")
    func watcher() throws {
        let data = try ArchiveTestData()
        try data.addJob(results: 21)
        let worker = try ArchiveWorkerFixture()
        var configuration = HiveArchiverConfiguration(socketPath: worker.path)
        configuration.checkInterval = .milliseconds(200)
        configuration.thresholdRows = 20
        let archiver = try HiveArchiver(configuration: configuration, data: HiveArchiveData(pool: data.pool), log: { _ in })
        try archiver.start()
        defer { archiver.stop() }
        try eventually("the watcher to archive 20 rows") { try data.counts() == (live: 1, archived: 20, both: 0) }
    }

    @Test("the archiver reconnects to a restarted worker, and an unreachable worker is a clear refusal")
    func reconnect() throws {
        let data = try ArchiveTestData()
        try data.addJob(results: 3)
        let path = archiveSocketPath()
        var worker: ArchiveWorkerFixture? = try ArchiveWorkerFixture(path: path)
        let archiver = try Self.archiver(data, socket: path)
        defer { archiver.stop() }
        worker = nil
        try eventually("the archiver to notice") { !archiver.isConnected }
        #expect(throws: HiveArchiverError.self) { try archiver.archiveNow(olderThan: 0) }
        worker = try ArchiveWorkerFixture(path: path)
        try eventually("the archiver to reconnect") { archiver.isConnected }
        let final = try Self.finish(archiver, archiver.archiveNow(olderThan: 0, collections: ["results"]))
        #expect(final.first?.state == .success && final.first?.archived == 2)
        _ = worker
    }
}
