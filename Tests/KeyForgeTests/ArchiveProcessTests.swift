import Foundation
import Glibc
import KeyForgeAdapters
import KeyForgeCore
import KeyForgeSystem
import KeyForgeTestSupport
import Testing
import KeyForgeServices

/// The archive worker as a process of the keyforge binary, killed and restarted under a real hive side.
@Suite("archive worker as a process", .serialized)
struct ArchiveProcessTests {
    static func startWorker(_ path: String) throws -> Process {
        let (process, pipe) = try HiveProcessTests.start(["agent", "archive", "--socket", path], environment: [:])
        let line = ProcessTests.firstLine(pipe)
        guard line == "listening on unix:\(path)" else { throw HarnessError("the worker said \(line.debugDescription)") }
        return process
    }

    @Test("kill -9 of the worker at 50 random points: no row lost at any kill; after a final run, none duplicated")
    func killAnywhere() throws {
        let data = try ArchiveTestData()
        let job = try data.addJob(results: 1)
        let path = "/tmp/kf-archive-kill-\(getpid()).sock"
        defer { unlink(path); unlink(path + ".lock") }
        var configuration = HiveArchiverConfiguration(socketPath: path)
        configuration.checkInterval = nil
        configuration.reconnect = Backoff(initial: .milliseconds(10), maximum: .milliseconds(100), maxRetries: nil)
        let archiver = try HiveArchiver(configuration: configuration, data: HiveArchiveData(pool: data.pool), log: { _ in })
        try archiver.start()
        defer { archiver.stop() }
        var generator = SplitMix64(seed: 4)
        var interruptedMidway = 0
        for round in 0..<50 {
            try data.addResults(job: job, count: 200)
            let before = try data.fingerprint()
            let worker = try Self.startWorker(path)
            try eventually("the archiver to connect (round \(round))") { archiver.isConnected }
            let task = try #require(try archiver.archiveNow(olderThan: 86_400, collections: ["results"], batchSize: 20).first)
            WallClock.sleep(for: .microseconds(Int64.random(in: 0...150_000, using: &generator)))
            kill(worker.processIdentifier, SIGKILL)
            worker.waitUntilExit()
            try eventually("the archiver to notice the kill") { !archiver.isConnected }
            let after = try data.fingerprint()
            #expect(after == before, "round \(round): rows lost or changed")
            if let status = archiver.status(of: task.task.taskID), status.state == .interrupted, try data.counts().live > 1 {
                interruptedMidway += 1
            }
        }
        // The kills must have landed inside tasks, not only between them, for the test to mean anything.
        #expect(interruptedMidway >= 10, "only \(interruptedMidway) of 50 kills interrupted a task")
        let worker = try Self.startWorker(path)
        defer {
            kill(worker.processIdentifier, SIGTERM)
            worker.waitUntilExit()
        }
        try eventually("the archiver to connect") { archiver.isConnected }
        let last = try #require(try archiver.archiveNow(olderThan: 86_400, collections: ["results"], batchSize: 500).first)
        try eventually("the final run", timeout: .seconds(120)) { archiver.status(of: last.task.taskID)?.state.isActive == false }
        #expect(archiver.status(of: last.task.taskID)?.state == .success)
        let counts = try data.counts()
        #expect(counts.live == 1 && counts.archived == 50 * 200 && counts.both == 0)
        #expect(try data.fingerprint().rows == 50 * 200 + 1)
    }

    @Test("a hive with --archive-socket and `keyforge job archive --older-than 30d --wait` move a finished job's old results")
    func hiveAndCLI() throws {
        let data = try ArchiveTestData()
        try data.addJob(results: 30)
        let before = try data.fingerprint()
        let path = "/tmp/kf-archive-cli-\(getpid()).sock"
        defer { unlink(path); unlink(path + ".lock") }
        let worker = try Self.startWorker(path)
        let (hive, hivePipe) = try HiveProcessTests.start(
            ["hive", "--port", "0", "--no-access-log", "--archive-socket", path, "--archive-every", "0"],
            environment: ["HIVE_SECRET": "s", "DATABASE_URL": data.url, "KEYFORGE_VALKEY_URL": ValkeyServerHarness.shared.url])
        defer {
            for process in [hive, worker] where process.isRunning {
                kill(process.processIdentifier, SIGTERM)
                process.waitUntilExit()
            }
        }
        let line = ProcessTests.firstLine(hivePipe)
        let port = try #require(UInt16(line.split(separator: ":").last ?? ""), "hive said \(line)")
        let environment = ["HIVE_SECRET": "s", "KEYFORGE_HIVE_URL": "http://127.0.0.1:\(port)"]
        // The hive connects to the worker in the background; until then the CLI is refused with 69.
        var output = ""
        try eventually("job archive to succeed") {
            let (process, pipe) = try HiveProcessTests.start(["job", "archive", "--older-than", "30d", "--collection", "results", "--wait"],
                                                             environment: environment)
            output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            process.waitUntilExit()
            return process.terminationStatus == 0
        }
        #expect(output.contains("results: success, 29 rows"), "\(output)")
        #expect(try data.counts() == (live: 1, archived: 29, both: 0))
        #expect(try data.fingerprint() == before)
        // Without the secret the hive refuses (exit 64 for a 401).
        let (refused, _) = try HiveProcessTests.start(["job", "archive", "--older-than", "1d"],
                                                      environment: ["KEYFORGE_HIVE_URL": "http://127.0.0.1:\(port)"])
        refused.waitUntilExit()
        #expect(refused.terminationStatus == 64)
    }
}
