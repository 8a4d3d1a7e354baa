import KeyForgeSystem

/// The coordinator for a single machine: the same contract as Valkey's, held in memory.
///
/// Expiry follows the injected clock, checked lazily on access (as the server does for reads).
/// Published events go to the listeners added with `addListener`, synchronously, in order.
public final class InProcessCoordinator: DistributedCoordinator {
    private struct Entry {
        var bytes: [UInt8]
        var expiresAt: Double?
    }

    private struct State {
        var strings: [String: Entry] = [:]
        var manifest: [String: ManifestEntry] = [:]
        var activeNodes: [String: Double] = [:]
        var listeners: [@Sendable (String, [UInt8]) -> Void] = []
    }

    private let state = Locked(State())
    private let now: @Sendable () -> Double

    /// Creates an empty coordinator; `now` gives Unix seconds.
    public init(now: @escaping @Sendable () -> Double = WallClock.unixSeconds) {
        self.now = now
    }

    /// Adds a listener that receives every published (channel, payload).
    public func addListener(_ listener: @escaping @Sendable (String, [UInt8]) -> Void) {
        state.withLock { $0.listeners.append(listener) }
    }

    public func getBinary(_ key: String) throws(CoordinatorError) -> [UInt8]? {
        let time = now()
        return state.withLock { Self.live($0.strings[key], at: time)?.bytes }
    }

    public func setBinary(_ key: String, _ data: [UInt8]) throws(CoordinatorError) {
        state.withLock { $0.strings[key] = Entry(bytes: data, expiresAt: nil) }
    }

    public func scanKeys(_ pattern: String) throws(CoordinatorError) -> [String] {
        let time = now()
        return state.withLock { state in
            let strings = state.strings.filter { Self.live($0.value, at: time) != nil }.keys
            let manifests = state.manifest.keys.map(CoordinatorKeyspace.manifest)
            let nodes = state.activeNodes.isEmpty ? [] : [CoordinatorKeyspace.activeNodes]
            return (Array(strings) + manifests + nodes).filter { GlobPattern.matches(pattern, $0) }
        }
    }

    public func tryReserveProfileUpdate(cpuSignature: String) throws(CoordinatorError) -> Bool {
        setIfAbsent(CoordinatorKeyspace.hardwareProfile(cpuSignature), seconds: CoordinatorKeyspace.profileReservationSeconds)
    }

    public func updateHeartbeat(nodeID: String, telemetry: NodeTelemetry) throws(CoordinatorError) {
        guard !nodeID.isEmpty else { throw .invalidArgument("empty node id") }
        let time = now()
        state.withLock { state in
            state.strings[CoordinatorKeyspace.telemetry(nodeID)] =
                Entry(bytes: telemetry.json, expiresAt: time + Double(CoordinatorKeyspace.heartbeatSeconds))
            state.activeNodes[nodeID] = time
        }
    }

    public func getHeartbeat(nodeID: String) throws(CoordinatorError) -> NodeTelemetry? {
        guard let bytes = try getBinary(CoordinatorKeyspace.telemetry(nodeID)) else { return nil }
        return try NodeTelemetry(json: bytes)
    }

    public func getClusterStats() throws(CoordinatorError) -> ClusterStats {
        var stats = ClusterStats(activeNodes: 0, totalStepsPerSecond: 0)
        for node in pruneAndListNodes() {
            guard let telemetry = try? getHeartbeat(nodeID: node) else { continue }
            stats.activeNodes += 1
            stats.totalStepsPerSecond += telemetry.stepsPerSecond
        }
        return stats
    }

    public func publishUpdate(jobID: String, event: [UInt8]) throws(CoordinatorError) -> Int {
        let channel = CoordinatorKeyspace.jobUpdates(jobID)
        let listeners = state.withLock { $0.listeners }
        for listener in listeners { listener(channel, event) }
        return listeners.count
    }

    public func setManifestEntry(_ entry: ManifestEntry) throws(CoordinatorError) {
        state.withLock { $0.manifest[entry.path] = entry }
    }

    public func getManifestHash(path: String) throws(CoordinatorError) -> String? {
        state.withLock { $0.manifest[path]?.hash }
    }

    public func getAllManifestEntries() throws(CoordinatorError) -> [String: ManifestEntry] {
        state.withLock { $0.manifest }
    }

    public func countActiveNodes() throws(CoordinatorError) -> Int {
        pruneAndListNodes().count
    }

    private func pruneAndListNodes() -> [String] {
        let cutoff = now() - Double(CoordinatorKeyspace.heartbeatSeconds)
        return state.withLock { state in
            state.activeNodes = state.activeNodes.filter { $0.value >= cutoff }
            return Array(state.activeNodes.keys)
        }
    }

    private func setIfAbsent(_ key: String, seconds: Int) -> Bool {
        let time = now()
        return state.withLock { state in
            if Self.live(state.strings[key], at: time) != nil { return false }
            state.strings[key] = Entry(bytes: Array("1".utf8), expiresAt: time + Double(seconds))
            return true
        }
    }

    private static func live(_ entry: Entry?, at time: Double) -> Entry? {
        guard let entry else { return nil }
        if let expiry = entry.expiresAt, expiry <= time { return nil }
        return entry
    }
}
