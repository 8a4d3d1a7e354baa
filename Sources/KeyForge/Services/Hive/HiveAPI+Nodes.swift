import KeyForgeAdapters
import KeyForgeSystem
import KeyForgeWire

extension HiveAPI {
    /// `POST /nodes/register` `{"node_id", "cpu_signature", "cores", "profile"?}`: the node row, and the
    /// hardware profile at most once per CPU signature per 24 h (`try_reserve_profile_update`).
    func registerNode(_ request: HTTPRequest) throws(PostgresError) -> HTTPResponse {
        guard case .success(let body) = jsonBody(request) else { return refusedBody(request) }
        guard let node = body["node_id"]?.stringValue, Self.isIdentifier(node),
              let signature = body["cpu_signature"]?.stringValue, !signature.isEmpty, signature.utf8.count <= 256,
              let cores = body["cores"]?.int64Value, (1...4096).contains(cores)
        else {
            return Self.failure(422, "invalid_node", "node_id, cpu_signature (1-256 bytes) and cores (1-4096) are required")
        }
        try store.registerNode(id: node, cpuSignature: signature, cores: Int(cores))
        var profileStored = false
        if (try? coordinator.tryReserveProfileUpdate(cpuSignature: signature)) == true {
            try store.storeHardwareProfile(cpuSignature: signature, cores: Int(cores), profile: body["profile"] ?? .object(JSONObject()))
            profileStored = true
        }
        var object = JSONObject()
        object.append("node_id", .string(node))
        object.append("profile_stored", .bool(profileStored))
        return .json(.object(object))
    }

    /// `POST /nodes/heartbeat`: telemetry to Valkey with a 30 s TTL; no SQL write.
    func nodeHeartbeat(_ request: HTTPRequest) throws(PostgresError) -> HTTPResponse {
        guard case .success(let body) = jsonBody(request) else { return refusedBody(request) }
        guard let node = body["node_id"]?.stringValue, Self.isIdentifier(node) else {
            return Self.failure(422, "invalid_node_id", "node_id must be 1-64 characters of [A-Za-z0-9._-]")
        }
        let telemetry = NodeTelemetry(nodeID: node, stepsPerSecond: body["steps_per_second"]?.doubleValue ?? 0,
                                      temperatureCelsius: body["temperature_c"]?.doubleValue, memoryBytes: body["memory_bytes"]?.int64Value,
                                      jobID: body["job_id"]?.stringValue, timestamp: WallClock.unixSeconds())
        rememberHeartbeat(telemetry)
        do { try coordinator.updateHeartbeat(nodeID: node, telemetry: telemetry) } catch {
            return Self.failure(503, "valkey_unavailable", error.description)
        }
        var object = JSONObject()
        object.append("ttl_seconds", .int(Int64(CoordinatorKeyspace.heartbeatSeconds)))
        return .json(.object(object))
    }

    /// Beats younger than this are written again after Valkey comes back: half the heartbeat TTL, so a
    /// node that stopped beating just before the restart shows alive at most that much longer.
    static let replayWindowSeconds = Double(CoordinatorKeyspace.heartbeatSeconds) / 2

    /// Keeps `telemetry` as its node's latest beat (beats past the TTL are dropped, so the table stays
    /// the size of the live cluster).
    func rememberHeartbeat(_ telemetry: NodeTelemetry) {
        recentHeartbeats.withLock { beats in
            beats[telemetry.nodeID] = telemetry
            beats = beats.filter { telemetry.timestamp - $0.value.timestamp < Double(CoordinatorKeyspace.heartbeatSeconds) }
        }
    }

    /// Writes every recent beat to Valkey again: a restarted Valkey comes back empty, and without this
    /// the nodes would look dead until each beats again (up to the agents' 10 s interval).
    func replayHeartbeats() {
        let now = WallClock.unixSeconds()
        let beats = recentHeartbeats.withLock { $0.values.filter { now - $0.timestamp < Self.replayWindowSeconds } }
        var replayed = 0
        for beat in beats where (try? coordinator.updateHeartbeat(nodeID: beat.nodeID, telemetry: beat)) != nil {
            replayed += 1
        }
        if !beats.isEmpty { log("valkey is back: replayed \(replayed) of \(beats.count) recent heartbeats") }
    }

    /// `GET /cluster/stats`: active nodes (stale ones pruned) and their summed speed; jobs by status,
    /// results and leased units; the registered nodes (at most `HiveStore.statsNodeLimit`), each with its
    /// latest heartbeat when it is alive.
    func clusterStats() throws(PostgresError) -> HTTPResponse {
        let counts = try store.clusterCounts()
        do {
            let stats = try coordinator.getClusterStats()
            var object = JSONObject()
            object.append("active_nodes", .int(Int64(stats.activeNodes)))
            object.append("total_steps_per_second", .double(stats.totalStepsPerSecond))
            object.append("jobs", .object(JSONObject(counts.jobsByStatus.map { (key: $0.status, value: JSONValue.int($0.count)) })))
            object.append("results", .int(counts.results))
            object.append("units_leased", .int(counts.unitsLeased))
            var nodes: [JSONValue] = []
            for node in counts.nodes {
                var entry = JSONObject()
                entry.append("node_id", .string(node.id))
                entry.append("cores", .int(node.cores))
                let telemetry = try coordinator.getHeartbeat(nodeID: node.id)
                entry.append("alive", .bool(telemetry != nil))
                if let telemetry {
                    entry.append("steps_per_second", .double(telemetry.stepsPerSecond))
                    entry.append("job_id", telemetry.jobID.map { .string($0) } ?? .null)
                    if let celsius = telemetry.temperatureCelsius { entry.append("temperature_c", .double(celsius)) }
                    if let bytes = telemetry.memoryBytes { entry.append("memory_bytes", .int(bytes)) }
                }
                nodes.append(.object(entry))
            }
            object.append("nodes", .array(nodes))
            return .json(.object(object))
        } catch {
            return Self.failure(503, "valkey_unavailable", error.description)
        }
    }
}
