import KeyForgeSystem
import KeyForgeWire

/// The coordinator over a Valkey server, on the keyspace of docs/ARCHITECTURE.md section 8.
///
/// Reads and plain overwrites retry on a fresh connection after a connection failure; the
/// set-if-absent calls (profile reservation, nonce) do not, since a lost reply may mean the key
/// was set by us, and a retry would then wrongly answer "taken".
public struct ValkeyDistributedCoordinator: DistributedCoordinator {
    /// How many keys one SCAN step asks for.
    public static let scanBatch = 500

    /// The client (pool) underneath.
    public let client: ValkeyClient
    private let now: @Sendable () -> Double

    /// Creates a coordinator on `client`; `now` gives Unix seconds (a parameter so tests can age nodes).
    public init(client: ValkeyClient, now: @escaping @Sendable () -> Double = WallClock.unixSeconds) {
        self.client = client
        self.now = now
    }

    /// Connects to `url` (checking it with a PING) and returns a coordinator on it.
    public static func connect(url: String) throws(CoordinatorError) -> ValkeyDistributedCoordinator {
        let configuration: ValkeyConfiguration
        do { configuration = try ValkeyConfiguration(url: url) } catch { throw .invalidArgument(error.description) }
        let coordinator = ValkeyDistributedCoordinator(client: ValkeyClient(configuration: configuration))
        _ = try coordinator.call(["PING"], retry: true)
        return coordinator
    }

    public func getBinary(_ key: String) throws(CoordinatorError) -> [UInt8]? {
        let reply = try call(["GET", key], retry: true)
        return reply.isNull ? nil : try bytes(reply, key)
    }

    public func setBinary(_ key: String, _ data: [UInt8]) throws(CoordinatorError) {
        do {
            try client.execute(bytes: [Array("SET".utf8), Array(key.utf8), data], retryIfIdempotent: true)
        } catch {
            throw .unavailable(error.description)
        }
    }

    public func scanKeys(_ pattern: String) throws(CoordinatorError) -> [String] {
        do { return try client.scanKeys(matching: pattern, batch: Self.scanBatch) } catch { throw .unavailable(error.description) }
    }

    public func tryReserveProfileUpdate(cpuSignature: String) throws(CoordinatorError) -> Bool {
        try setIfAbsent(CoordinatorKeyspace.hardwareProfile(cpuSignature), seconds: CoordinatorKeyspace.profileReservationSeconds)
    }

    public func updateHeartbeat(nodeID: String, telemetry: NodeTelemetry) throws(CoordinatorError) {
        guard !nodeID.isEmpty else { throw .invalidArgument("empty node id") }
        let key = CoordinatorKeyspace.telemetry(nodeID)
        let replies: [RESPValue]
        do {
            replies = try client.withConnection { connection throws(ValkeyError) in
                try connection.pipeline(bytes: [
                    [Array("SET".utf8), Array(key.utf8), telemetry.json, Array("EX".utf8), Array(String(CoordinatorKeyspace.heartbeatSeconds).utf8)],
                    ["ZADD", CoordinatorKeyspace.activeNodes, String(now()), nodeID].map { Array($0.utf8) },
                ])
            }
        } catch {
            throw .unavailable(error.description)
        }
        for case .error(let message) in replies { throw .unavailable(message) }
    }

    public func getHeartbeat(nodeID: String) throws(CoordinatorError) -> NodeTelemetry? {
        let key = CoordinatorKeyspace.telemetry(nodeID)
        let reply = try call(["GET", key], retry: true)
        if reply.isNull { return nil }
        return try NodeTelemetry(json: bytes(reply, key))
    }

    public func getClusterStats() throws(CoordinatorError) -> ClusterStats {
        let nodes = try activeNodeIDs()
        guard !nodes.isEmpty else { return ClusterStats(activeNodes: 0, totalStepsPerSecond: 0) }
        let reply = try call(["MGET"] + nodes.map(CoordinatorKeyspace.telemetry), retry: true)
        guard let values = reply.asArray else { throw .unavailable("MGET answered \(reply)") }
        var total = 0.0
        var live = 0
        for value in values {
            // A node in the set whose telemetry already expired is between its last beat and the prune.
            guard let data = value.asBytes, let telemetry = try? NodeTelemetry(json: data) else { continue }
            live += 1
            total += telemetry.stepsPerSecond
        }
        return ClusterStats(activeNodes: live, totalStepsPerSecond: total)
    }

    public func publishUpdate(jobID: String, event: [UInt8]) throws(CoordinatorError) -> Int {
        do {
            let reply = try client.execute(bytes: [Array("PUBLISH".utf8), Array(CoordinatorKeyspace.jobUpdates(jobID).utf8), event])
            return Int(reply.asInteger ?? 0)
        } catch {
            throw .unavailable(error.description)
        }
    }

    public func setManifestEntry(_ entry: ManifestEntry) throws(CoordinatorError) {
        _ = try call(["HSET", CoordinatorKeyspace.manifest(entry.path), "hash", entry.hash, "size", String(entry.size),
                      "updated", String(entry.updated)], retry: true)
    }

    public func getManifestHash(path: String) throws(CoordinatorError) -> String? {
        try call(["HGET", CoordinatorKeyspace.manifest(path), "hash"], retry: true).asString
    }

    public func getAllManifestEntries() throws(CoordinatorError) -> [String: ManifestEntry] {
        let keys = try scanKeys(CoordinatorKeyspace.manifestPrefix + "*")
        guard !keys.isEmpty else { return [:] }
        let replies: [RESPValue]
        do { replies = try client.pipeline(keys.map { ["HGETALL", $0] }, retryIfIdempotent: true) } catch {
            throw .unavailable(error.description)
        }
        var entries: [String: ManifestEntry] = [:]
        for (key, reply) in zip(keys, replies) {
            let path = String(key.dropFirst(CoordinatorKeyspace.manifestPrefix.count))
            guard let fields = reply.asStringMap else { throw .corrupt("\(key): HGETALL answered \(reply)") }
            if fields.isEmpty { continue } // deleted between SCAN and HGETALL
            guard let hash = fields["hash"], let size = fields["size"].flatMap({ Int64($0) }),
                  let updated = fields["updated"].flatMap({ Int64($0) })
            else { throw .corrupt("\(key): needs hash, size and updated as numbers") }
            entries[path] = ManifestEntry(path: path, hash: hash, size: size, updated: updated)
        }
        return entries
    }

    public func countActiveNodes() throws(CoordinatorError) -> Int {
        try activeNodeIDs().count
    }

    /// Drops nodes whose last heartbeat is older than the heartbeat time, then lists the rest.
    private func activeNodeIDs() throws(CoordinatorError) -> [String] {
        let cutoff = now() - Double(CoordinatorKeyspace.heartbeatSeconds)
        let replies: [RESPValue]
        do {
            replies = try client.pipeline([
                ["ZREMRANGEBYSCORE", CoordinatorKeyspace.activeNodes, "-inf", "(" + String(cutoff)],
                ["ZRANGE", CoordinatorKeyspace.activeNodes, "0", "-1"],
            ], retryIfIdempotent: true)
        } catch {
            throw .unavailable(error.description)
        }
        guard let members = replies[1].asArray else { throw .unavailable("ZRANGE answered \(replies[1])") }
        return members.compactMap(\.asString)
    }

    /// `SET key 1 NX EX seconds`: true when this call created the key.
    private func setIfAbsent(_ key: String, seconds: Int) throws(CoordinatorError) -> Bool {
        let reply = try call(["SET", key, "1", "NX", "EX", String(seconds)], retry: false)
        return !reply.isNull
    }

    private func call(_ arguments: [String], retry: Bool) throws(CoordinatorError) -> RESPValue {
        do { return try client.execute(arguments, retryIfIdempotent: retry) } catch { throw .unavailable(error.description) }
    }

    private func bytes(_ reply: RESPValue, _ key: String) throws(CoordinatorError) -> [UInt8] {
        guard let data = reply.asBytes else { throw .corrupt("\(key) holds \(reply), not a string") }
        return data
    }
}
