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
            let socket = try StreamSocket.connect(to: endpoint, deadline: .now + .seconds(5))
            try socket.writeAll(Array("GET /jobs/\(id)/events HTTP/1.1\r\nHost: \(endpoint)\r\nAccept: text/event-stream\r\n\r\n".utf8),
                                deadline: .now + .seconds(5))
            var buffer: [UInt8] = []
            var headParser = HTTPResponseParser()
            var chunks = HTTPChunkedDecoder()
            var events = EventStreamParser()
            var inBody = false
            var scratch = [UInt8](repeating: 0, count: 16 << 10)
            while !Interrupt.isRequested {
                // A short wait, so Ctrl-C is noticed while the job is quiet.
                guard try socket.waitReadable(until: .now + .milliseconds(500)) else { continue }
                let count = try scratch.withUnsafeMutableBytes { raw in try socket.read(into: raw, deadline: .now + .seconds(5)) }
                if count == 0 { print("the hive closed the stream"); return }
                buffer += scratch[0..<count]
                if !inBody {
                    switch headParser.parseHead(buffer) {
                    case .partial: continue
                    case .failure(let error): throw InputError(.io, source: "events", error.message)
                    case .complete(let head, let consumed):
                        guard head.status == 200 else { throw InputError(.io, source: "events", "the hive answered \(head.status)") }
                        buffer.removeFirst(consumed)
                        inBody = true
                    }
                }
                while !buffer.isEmpty {
                    switch chunks.decode(buffer) {
                    case .data(let range):
                        for event in events.feed(buffer[range]) where show(event) { return }
                        buffer.removeFirst(range.upperBound)
                    case .needsMore: buffer.removeAll()
                    case .end: print("the hive ended the stream"); return
                    case .failure(let error): throw InputError(.io, source: "events", error.message)
                    }
                }
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
