import ArgumentParser
import KeyForgeAdapters
import KeyForgeSystem
import KeyForgeWire
import KeyForgeServices

/// `keyforge job`: submit, inspect, watch and cancel jobs on a hive.
struct JobCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "job",
        abstract: "Submit a job to a hive and follow it (needs HIVE_SECRET for submit and cancel).",
        subcommands: [Submit.self, Status.self, Watch.self, List.self, Cancel.self, Archive.self]
    )

    /// `--hive`, shared by every job verb.
    struct HiveOptions: ParsableArguments {
        @Option(help: "The hive (default: $KEYFORGE_HIVE_URL, else http://127.0.0.1:3000).")
        var hive: String?

        @Option(help: "A CA certificate (PEM) to trust for an https:// hive with a private certificate.")
        var cacert: String?

        var baseURL: String {
            get throws {
                let url = try Settings.current().value(flag: hive, "KEYFORGE_HIVE_URL") ?? "http://127.0.0.1:3000"
                return url.hasSuffix("/") ? String(url.dropLast()) : url
            }
        }

        var client: HTTPClient {
            var configuration = HTTPClientConfiguration()
            configuration.caCertificatePath = cacert
            configuration.connectTimeout = .seconds(5)
            return HTTPClient(configuration: configuration)
        }

        /// `Authorization: Bearer $HIVE_SECRET`, when the secret is set.
        var authorization: HTTPHeaders {
            get throws {
                guard let secret = try Settings.current().value(flag: nil, "HIVE_SECRET") else { return HTTPHeaders() }
                return HTTPHeaders([("Authorization", "Bearer \(secret)")])
            }
        }

        /// Sends a request and returns the JSON body of a 2xx answer; other answers become clear errors.
        func call(_ method: String, _ path: String, body: [UInt8] = []) throws -> JSONValue? {
            var headers = try authorization
            if !body.isEmpty { headers.append(name: "Content-Type", value: "application/json") }
            let response = try client.send(HTTPClientRequest(method: method, url: try baseURL + path, headers: headers, body: body))
            let value = response.body.isEmpty ? nil : try? JSONParser.parse(response.body)
            guard (200...299).contains(response.status) else {
                let message = value.flatMap { try? HiveErrorBody(json: $0) }?.message
                    ?? String(decoding: response.body.prefix(200), as: UTF8.self)
                printError("keyforge: \(method) \(path): \(response.status): \(message)")
                throw ExitCode(response.status == 401 || response.status == 400 || response.status == 422 ? ExitStatus.usage
                               : response.status >= 500 ? ExitStatus.unavailable : ExitStatus.dataError)
            }
            return value
        }

        /// Sends a request and reads the 2xx answer as `Message`; an answer that does not read is a
        /// clear error too (a hive of another version, or not a hive).
        func call<Message: HiveMessage>(_ method: String, _ path: String, body: [UInt8] = [], as type: Message.Type) throws -> Message {
            let value = try call(method, path, body: body) ?? .null
            do { return try Message(json: value) } catch {
                printError("keyforge: \(method) \(path): the hive's answer does not read: \(error)")
                throw ExitCode(ExitStatus.dataError)
            }
        }
    }

    struct Submit: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Submit a job config (examples/job-corne.json); prints its id.")
        @Argument(help: "The job config JSON file.") var file: String
        @OptionGroup var options: HiveOptions

        func run() throws {
            let bytes = try FileSystem.readFile(file, limit: HiveLimits.maxBodyBytes)  // it is posted as one body
            _ = try JobConfig(json: bytes, source: file)  // refuse locally what the hive would refuse
            let answer = try options.call("POST", "/jobs", body: bytes, as: HiveJobSubmitted.self)
            print(answer.isNew ? "submitted job \(answer.jobID)" : "job \(answer.jobID) already exists (same config)")
        }
    }

    struct Status: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show a job's status and best result.")
        @Argument(help: "The job id.") var id: String
        @OptionGroup var options: HiveOptions
        @Flag(help: "Print the hive's JSON.") var json = false

        func run() throws {
            let status = try options.call("GET", "/jobs/\(id)", as: HiveJobStatus.self)
            if json { print(JSONWriter.write(status.json, pretty: true)); return }
            print(JobCommand.describe(status))
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List the newest jobs.")
        @OptionGroup var options: HiveOptions

        func run() throws {
            let jobs = try options.call("GET", "/jobs", as: HiveJobList.self).jobs
            if jobs.isEmpty { print("no jobs") }
            for job in jobs {
                let best = job.bestScore.map { String($0) } ?? "-"
                print("\(job.jobID)  \(job.status)  \(job.keyboard)  units \(job.unitsDone)/\(job.unitsTotal)  best \(best)")
            }
        }
    }

    struct Cancel: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Cancel a queued or running job.")
        @Argument(help: "The job id.") var id: String
        @OptionGroup var options: HiveOptions

        func run() throws {
            let answer = try options.call("DELETE", "/jobs/\(id)", as: HiveJobCancelled.self)
            print("cancelled job \(answer.jobID)")
        }
    }

    /// The readable status of a job.
    static func describe(_ status: HiveJobStatus) -> String {
        var lines = ["job \(status.jobID): \(status.status)" + (status.failureReason.map { " (\($0))" } ?? ""),
                     "units: \(status.unitsDone) done, \(status.unitsLeased) leased, \(status.unitsTotal) in all; \(status.results) results"]
        if let best = status.best {
            lines.append("best: \(best.score) from \(best.nodeID)")
            lines.append("layout: \(best.layout)")
        } else {
            lines.append("best: none yet")
        }
        return lines.joined(separator: "\n")
    }
}
