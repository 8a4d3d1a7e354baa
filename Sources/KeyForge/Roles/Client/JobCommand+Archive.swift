import ArgumentParser
import Glibc
import KeyForgeSystem
import KeyForgeWire
import KeyForgeServices

extension JobCommand {
    /// `keyforge job archive --older-than 30d`: asks the hive to archive old rows now.
    struct Archive: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Archive the hive's old results and job events now (needs HIVE_SECRET).",
            discussion: """
            Only finished jobs' rows move (a job's best result stays). The hive queues one task per table on its
            archive worker; --wait follows them to the end. Exits 69 when the hive has no archive worker.
            """
        )

        @Option(help: "Archive rows at least this old: 30d, 12h, 90m, or seconds.", transform: DurationArgument.seconds)
        var olderThan: Int64

        @Option(name: .customLong("collection"), help: "Only this table (repeatable): results, job_events.")
        var collections: [String] = []

        @Option(help: "Rows per copy-verify-delete round.")
        var batchSize: Int?

        @Flag(help: "Wait until every task has ended, printing progress.")
        var wait = false

        @Flag(help: "Print the hive's JSON.")
        var json = false

        @OptionGroup var options: HiveOptions

        func run() throws {
            let request = HiveArchiveRequest(olderThanSeconds: olderThan, collections: collections.isEmpty ? nil : collections,
                                             batchSize: batchSize)
            let answer = try options.call("POST", "/archive", body: Array(JSONWriter.write(request.json).utf8))
            var tasks = answer?.objectValue?["tasks"]?.arrayValue ?? []
            if json && !wait { print(JSONWriter.write(answer ?? .null, pretty: true)); return }
            for task in tasks { print(Self.describe(task)) }
            guard wait else { return }
            let ids = Set(tasks.compactMap { $0.objectValue?["task_id"]?.stringValue })
            var shown: [String: String] = [:]
            while tasks.contains(where: { ["sending", "queued", "running"].contains($0.objectValue?["state"]?.stringValue ?? "") }) {
                WallClock.sleep(for: .milliseconds(500))
                let status = try options.call("GET", "/archive")
                tasks = (status?.objectValue?["tasks"]?.arrayValue ?? []).filter { ids.contains($0.objectValue?["task_id"]?.stringValue ?? "") }
                for task in tasks {
                    let line = Self.describe(task)
                    let id = task.objectValue?["task_id"]?.stringValue ?? ""
                    if shown[id] != line { print(line); shown[id] = line }
                }
                fflush(nil)
            }
            if json { print(JSONWriter.write(.array(tasks), pretty: true)) }
            if tasks.contains(where: { !["success", "queued", "running"].contains($0.objectValue?["state"]?.stringValue ?? "") }) {
                throw ExitCode(ExitStatus.unavailable)
            }
        }

        /// `results: success, 1200 rows in 340 ms` and the like.
        static func describe(_ task: JSONValue) -> String {
            let object = task.objectValue
            var line = "\(object?["collection"]?.stringValue ?? "?"): \(object?["state"]?.stringValue ?? "?"), "
                + "\(object?["archived"]?.int64Value ?? 0) rows"
            if let position = object?["queue_position"]?.int64Value, object?["state"]?.stringValue == "queued" { line += ", queue position \(position)" }
            if let milliseconds = object?["duration_ms"]?.int64Value { line += " in \(milliseconds) ms" }
            if let message = object?["message"]?.stringValue { line += " (\(message))" }
            return line + "  [\(object?["task_id"]?.stringValue ?? "")]"
        }
    }
}
