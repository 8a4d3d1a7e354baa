import KeyForgeSystem
import Synchronization

/// Runs `requests` commands over `clients` connections, each on its own thread, `pipeline` at a time.
package struct ValkeyBenchmark {
    package let configuration: ValkeyConfiguration
    package let clients: Int
    package let pipeline: Int
    package let requests: Int

    package init(configuration: ValkeyConfiguration, clients: Int, pipeline: Int, requests: Int) {
        self.configuration = configuration
        self.clients = clients
        self.pipeline = pipeline
        self.requests = requests
    }

    /// Requests per second; `command(i)` builds request number `i`. Any error reply aborts the run.
    package func run(_ command: @escaping @Sendable (Int) -> [[UInt8]]) throws -> Double {
        let connections = try (0..<clients).map { _ in try ValkeyConnection.connect(configuration) }
        let next = Atomic<Int>(0)
        let failure = Locked<ValkeyError?>(nil)
        let start = ContinuousClock.now
        let threads = try connections.enumerated().map { index, connection in
            try SystemThread(name: "kf-bench-\(index)") { [pipeline, requests] in
                while true {
                    let first = next.add(pipeline, ordering: .relaxed).oldValue
                    if first >= requests { return }
                    let batch = (first..<min(first + pipeline, requests)).map(command)
                    do throws(ValkeyError) {
                        let replies = try connection.pipeline(bytes: batch)
                        for case .error(let message) in replies { throw ValkeyError.server(message) }
                    } catch {
                        failure.withLock { $0 = $0 ?? error }
                        return
                    }
                }
            }
        }
        for thread in threads { thread.join() }
        let elapsed = ContinuousClock.now - start
        if let error = failure.withLock({ $0 }) { throw error }
        let (seconds, attoseconds) = elapsed.components
        return Double(requests) / (Double(seconds) + Double(attoseconds) / 1e18)
    }
}
