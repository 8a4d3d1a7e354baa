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
                let message = value?.objectValue?["error"]?.objectValue?["message"]?.stringValue
                    ?? String(decoding: response.body.prefix(200), as: UTF8.self)
                printError("keyforge: \(method) \(path): \(response.status): \(message)")
                throw ExitCode(response.status == 401 || response.status == 400 || response.status == 422 ? ExitStatus.usage
                               : response.status >= 500 ? ExitStatus.unavailable : ExitStatus.dataError)
            }
            return value
        }
    }

    struct Submit: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Submit a job config (examples/job-corne.json); prints its id.")
        @Argument(help: "The job config JSON file.") var file: String
        @OptionGroup var options: HiveOptions

        func run() throws {
            let bytes = try FileSystem.readFile(file, limit: HiveLimits.maxBodyBytes)  // it is posted as one body
            _ = try JobConfig(json: bytes, source: file)  // refuse locally what the hive would refuse
            let answer = try options.call("POST", "/jobs", body: bytes)?.objectValue
            let id = answer?["job_id"]?.stringValue ?? "?"
            print(answer?["is_new"]?.boolValue == true ? "submitted job \(id)" : "job \(id) already exists (same config)")
        }
    }

    struct Status: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show a job's status and best result.")
        @Argument(help: "The job id.") var id: String
        @OptionGroup var options: HiveOptions
        @Flag(help: "Print the hive's JSON.") var json = false

        func run() throws {
            guard let status = try options.call("GET", "/jobs/\(id)") else { return }
            if json { print(JSONWriter.write(status, pretty: true)); return }
            print(JobCommand.describe(status))
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List the newest jobs.")
        @OptionGroup var options: HiveOptions

        func run() throws {
            let jobs = try options.call("GET", "/jobs")?.objectValue?["jobs"]?.arrayValue ?? []
            if jobs.isEmpty { print("no jobs") }
            for job in jobs.compactMap(\.objectValue) {
                let best = job["best_score"]?.doubleValue.map { String($0) } ?? "-"
                print("\(job["job_id"]?.stringValue ?? "?")  \(job["status"]?.stringValue ?? "?")  \(job["keyboard"]?.stringValue ?? "?")  "
                      + "units \(job["units_done"]?.int64Value ?? 0)/\(job["units_total"]?.int64Value ?? 0)  best \(best)")
            }
        }
    }

    struct Cancel: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Cancel a queued or running job.")
        @Argument(help: "The job id.") var id: String
        @OptionGroup var options: HiveOptions

        func run() throws {
            _ = try options.call("DELETE", "/jobs/\(id)")
            print("cancelled job \(id)")
        }
    }

    /// The readable status of a job document.
    static func describe(_ status: JSONValue) -> String {
        let object = status.objectValue
        let units = object?["units"]?.objectValue
        var lines = ["job \(object?["job_id"]?.stringValue ?? "?"): \(object?["status"]?.stringValue ?? "?")",
                     "units: \(units?["done"]?.int64Value ?? 0) done, \(units?["leased"]?.int64Value ?? 0) leased, "
                        + "\(units?["total"]?.int64Value ?? 0) in all; \(object?["results"]?.int64Value ?? 0) results"]
        if let best = object?["best"]?.objectValue {
            lines.append("best: \(best["score"]?.doubleValue ?? 0) from \(best["node_id"]?.stringValue ?? "?")")
            lines.append("layout: \(best["layout"]?.stringValue ?? "")")
        } else {
            lines.append("best: none yet")
        }
        return lines.joined(separator: "\n")
    }
}
