import ArgumentParser
import KeyForgeAdapters
import KeyForgeSystem
import KeyForgeWire
import KeyForgeServices

extension JobCommand {
    /// Follows a job's events (Server-Sent Events over http://; polling over https://) until it ends or Ctrl-C.
    struct Watch: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Follow a job live: new bests, leases, completion (Ctrl-C stops).")
        @Argument(help: "The job id.") var id: String
        @OptionGroup var options: HiveOptions

        func run() throws {
            Interrupt.install()
            guard let status = try options.call("GET", "/jobs/\(id)") else { return }
            print(JobCommand.describe(status))
            if ["done", "cancelled"].contains(status.objectValue?["status"]?.stringValue ?? "") { return }
            let baseURL = try options.baseURL
            if baseURL.hasPrefix("http://"), let endpoint = Self.endpoint(baseURL) {
                try stream(endpoint)
            } else {
                try poll()
            }
        }

        /// Reads the event stream with our own HTTP codec over a plain socket.
        private func stream(_ endpoint: SocketEndpoint) throws {
            let client = EventStreamClient(endpoint: endpoint, path: "/jobs/\(id)/events")
            let end: EventStreamClient.End
            do {
                end = try client.follow(shouldStop: { Interrupt.isRequested }, onEvent: show)
            } catch let failure as EventStreamClient.Failure {
                throw InputError(.io, source: "events", failure.description)
            }
            switch end {
            case .closed: print("the hive closed the stream")
            case .ended: print("the hive ended the stream")
            case .finished, .stopped: break
            }
        }

        /// Prints one event; true when the job is over.
        private func show(_ event: ServerSentEvent) -> Bool {
            let fields = (try? JSONParser.parse(Array(event.data.utf8)))?.objectValue
            switch event.event {
            case "new_best":
                print("new best \(fields?["score"]?.doubleValue ?? 0) from \(fields?["node_id"]?.stringValue ?? "?"): "
                      + "\(fields?["layout"]?.stringValue ?? "")")
            case "lease": print("unit \(fields?["unit"]?.int64Value ?? 0) leased by \(fields?["node_id"]?.stringValue ?? "?")")
            case "resync": print("(events may have been missed; run `keyforge job status \(id)`)")
            case "done":
                print("done: best \(fields?["score"]?.doubleValue ?? 0)")
                return true
            case "cancelled":
                print("cancelled")
                return true
            default: print("\(event.event): \(event.data)")
            }
            return false
        }

        private func poll() throws {
            var last = ""
            while !Interrupt.isRequested {
                guard let status = try options.call("GET", "/jobs/\(id)") else { return }
                let text = JobCommand.describe(status)
                if text != last { print(text); last = text }
                if ["done", "cancelled"].contains(status.objectValue?["status"]?.stringValue ?? "") { return }
                FileLock.sleep(milliseconds: 2000)
            }
        }

        /// host:port of an http:// URL.
        static func endpoint(_ url: String) -> SocketEndpoint? {
            let rest = url.dropFirst("http://".count).prefix { $0 != "/" }
            guard let colon = rest.lastIndex(of: ":"), let port = UInt16(rest[rest.index(after: colon)...]) else {
                return rest.isEmpty ? nil : .tcp(host: String(rest), port: 80)
            }
            return .tcp(host: String(rest[..<colon]), port: port)
        }
    }
}
