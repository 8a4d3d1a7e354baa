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
            let status = try options.call("GET", "/jobs/\(id)", as: HiveJobStatus.self)
            print(JobCommand.describe(status))
            if status.isFinished { return }
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
            if event.event == "resync" {
                print("(events may have been missed; run `keyforge job status \(id)`)")
                return false
            }
            guard let job = (try? JSONParser.parse(Array(event.data.utf8))).flatMap({ try? HiveJobEvent(json: $0) }) else {
                print("\(event.event): \(event.data)")
                return false
            }
            switch job.kind {
            case .newBest(let score, let layout, let nodeID, _): print("new best \(score) from \(nodeID): \(layout)")
            case .lease(let unit, let nodeID): print("unit \(unit) leased by \(nodeID)")
            case .created: print("\(event.event): \(event.data)")
            case .done(let score):
                print("done: best \(score)")
                return true
            case .cancelled:
                print("cancelled")
                return true
            }
            return false
        }

        private func poll() throws {
            var last = ""
            while !Interrupt.isRequested {
                let status = try options.call("GET", "/jobs/\(id)", as: HiveJobStatus.self)
                let text = JobCommand.describe(status)
                if text != last { print(text); last = text }
                if status.isFinished { return }
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
