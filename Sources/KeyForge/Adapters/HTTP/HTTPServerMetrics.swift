import KeyForgeSystem

/// Counters of an HTTP server, rendered in the Prometheus text format for `/metrics`.
///
/// One uncontended mutex: the loop thread counts, any thread may render.
public final class HTTPServerMetrics: Sendable {
    /// Upper bounds (seconds) of the request-duration histogram buckets.
    public static let durationBuckets: [Double] = [0.0001, 0.0005, 0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 5]

    private struct Counters {
        var statusClasses = [Int](repeating: 0, count: 6)
        var buckets = [Int](repeating: 0, count: HTTPServerMetrics.durationBuckets.count + 1)
        var durationMicroseconds = 0
        var bytesSent = 0
        var connectionsAccepted = 0
        var connectionsOpen = 0
        var connectionsRefused = 0
        var framingErrors = 0
        var timeouts = 0
        var bodiesRefused = 0
    }

    private let counters = Locked(Counters())
    /// The metric name prefix, e.g. `keyforge_hive`.
    public let prefix: String

    /// Creates zeroed counters whose names start with `prefix_http_`.
    public init(prefix: String = "keyforge") {
        self.prefix = prefix
    }

    func recordRequest(status: Int, bytes: Int, microseconds: Int) {
        let seconds = Double(microseconds) / 1e6
        let bucket = Self.durationBuckets.firstIndex { seconds <= $0 } ?? Self.durationBuckets.count
        counters.withLock { counters in
            counters.statusClasses[min(max(status / 100, 0), 5)] += 1
            counters.bytesSent += bytes
            counters.durationMicroseconds += microseconds
            counters.buckets[bucket] += 1
        }
    }

    func connectionOpened() {
        counters.withLock { counters in
            counters.connectionsAccepted += 1
            counters.connectionsOpen += 1
        }
    }

    func connectionClosed() { counters.withLock { $0.connectionsOpen -= 1 } }
    func connectionRefused() { counters.withLock { $0.connectionsRefused += 1 } }
    func framingError() { counters.withLock { $0.framingErrors += 1 } }
    func timeout() { counters.withLock { $0.timeouts += 1 } }
    func bodyRefused() { counters.withLock { $0.bodiesRefused += 1 } }

    /// Requests answered so far.
    public var requestCount: Int { counters.withLock { $0.statusClasses.reduce(0, +) } }
    /// Connections open now.
    public var openConnections: Int { counters.withLock { $0.connectionsOpen } }
    /// Connections closed by a timeout so far.
    public var timeoutCount: Int { counters.withLock { $0.timeouts } }
    /// Bodies refused with 503 because the server's body budget was full.
    public var bodiesRefusedCount: Int { counters.withLock { $0.bodiesRefused } }

    /// The Prometheus text exposition (version 0.0.4) of every counter.
    public func render() -> String {
        let snapshot = counters.withLock { $0 }
        let name = "\(prefix)_http"
        var out = "# HELP \(name)_requests_total Requests answered, by status class.\n# TYPE \(name)_requests_total counter\n"
        for index in 1..<snapshot.statusClasses.count {
            out += "\(name)_requests_total{code=\"\(index)xx\"} \(snapshot.statusClasses[index])\n"
        }
        out += "# HELP \(name)_request_duration_seconds Time from a complete head to the response being queued.\n"
        out += "# TYPE \(name)_request_duration_seconds histogram\n"
        var cumulative = 0
        for (index, bound) in Self.durationBuckets.enumerated() {
            cumulative += snapshot.buckets[index]
            out += "\(name)_request_duration_seconds_bucket{le=\"\(bound)\"} \(cumulative)\n"
        }
        cumulative += snapshot.buckets[Self.durationBuckets.count]
        out += "\(name)_request_duration_seconds_bucket{le=\"+Inf\"} \(cumulative)\n"
        out += "\(name)_request_duration_seconds_sum \(Double(snapshot.durationMicroseconds) / 1e6)\n"
        out += "\(name)_request_duration_seconds_count \(cumulative)\n"
        let singles: [(suffix: String, type: String, help: String, value: Int)] = [
            ("response_bytes_total", "counter", "Response bytes queued (heads and bodies).", snapshot.bytesSent),
            ("connections_accepted_total", "counter", "Connections accepted.", snapshot.connectionsAccepted),
            ("connections_open", "gauge", "Connections open now.", snapshot.connectionsOpen),
            ("connections_refused_total", "counter", "Connections closed at once (over the limit, or out of descriptors).",
             snapshot.connectionsRefused),
            ("framing_errors_total", "counter", "Requests rejected as malformed (400, 413, 414, 431, 501, 505).", snapshot.framingErrors),
            ("timeouts_total", "counter", "Connections closed by a header, body, idle or send timeout.", snapshot.timeouts),
            ("bodies_refused_total", "counter", "Request bodies refused with 503: the server's body budget was full.",
             snapshot.bodiesRefused),
        ]
        for single in singles {
            out += "# HELP \(name)_\(single.suffix) \(single.help)\n# TYPE \(name)_\(single.suffix) \(single.type)\n"
            out += "\(name)_\(single.suffix) \(single.value)\n"
        }
        return out
    }
}
