import KeyForgeAdapters
import KeyForgeSystem
import KeyForgeWire

extension HiveAPI {
    /// `POST /nodes/register` (`HiveNodeRegistration`): the node row, and the hardware profile at most
    /// once per CPU signature per 24 h (`try_reserve_profile_update`).
    func registerNode(_ request: HTTPRequest) throws(PostgresError) -> HTTPResponse {
        let registration: HiveNodeRegistration
        switch decode(HiveNodeRegistration.self, request, code: "invalid_node") {
        case .success(let message): registration = message
        case .failure(let box): return box.response
        }
        try store.registerNode(id: registration.nodeID, cpuSignature: registration.cpuSignature, cores: registration.cores)
        var profileStored = false
        if (try? coordinator.tryReserveProfileUpdate(cpuSignature: registration.cpuSignature)) == true {
            try store.storeHardwareProfile(cpuSignature: registration.cpuSignature, cores: registration.cores,
                                           profile: registration.profile ?? .object(JSONObject()))
            profileStored = true
        }
        return .json(HiveNodeRegistered(nodeID: registration.nodeID, isProfileStored: profileStored).json)
    }

    /// `POST /nodes/heartbeat` (`HiveNodeHeartbeat`): telemetry to Valkey with a 30 s TTL; no SQL write.
    func nodeHeartbeat(_ request: HTTPRequest) throws(PostgresError) -> HTTPResponse {
        let beat: HiveNodeHeartbeat
        switch decode(HiveNodeHeartbeat.self, request, code: "invalid_node_id") {
        case .success(let message): beat = message
        case .failure(let box): return box.response
        }
        let telemetry = NodeTelemetry(nodeID: beat.nodeID, stepsPerSecond: beat.stepsPerSecond, temperatureCelsius: beat.temperatureCelsius,
                                      memoryBytes: beat.memoryBytes, jobID: beat.jobID, timestamp: WallClock.unixSeconds())
        rememberHeartbeat(telemetry)
        do { try coordinator.updateHeartbeat(nodeID: beat.nodeID, telemetry: telemetry) } catch {
            return Self.failure(503, "valkey_unavailable", error.description)
        }
        return .json(HiveNodeHeartbeatAnswer(ttlSeconds: Int64(CoordinatorKeyspace.heartbeatSeconds)).json)
    }

    /// Beats younger than this are written again after Valkey comes back: the heartbeat TTL, so every beat
    /// that would still be in Valkey had it not restarted is back, however long the reconnection took (the
    /// subscriber needs up to 10 s to call a silent server dead, then its back-off; on a loaded machine that
    /// passed half the TTL). A replayed beat lives a full TTL again from the replay, so a node that stopped
    /// beating just before the restart shows alive (in its key and in `/cluster/stats`) at most one TTL
    /// longer than it would have without the restart.
    static let replayWindowSeconds = Double(CoordinatorKeyspace.heartbeatSeconds)

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
    /// results and leased units; the registered nodes (at most `HiveClusterCounts.nodeLimit`), each with its
    /// strikes and its latest heartbeat when it is alive.
    func clusterStats() throws(PostgresError) -> HTTPResponse {
        let counts = try store.clusterCounts()
        do {
            let stats = try coordinator.getClusterStats()
            var nodes: [HiveClusterStats.Node] = []
            for node in counts.nodes {
                let telemetry = try coordinator.getHeartbeat(nodeID: node.id)
                nodes.append(HiveClusterStats.Node(nodeID: node.id, cores: node.cores, strikes: node.strikes, isAlive: telemetry != nil,
                                                   stepsPerSecond: telemetry?.stepsPerSecond, jobID: telemetry?.jobID,
                                                   temperatureCelsius: telemetry?.temperatureCelsius, memoryBytes: telemetry?.memoryBytes))
            }
            let answer = HiveClusterStats(activeNodes: Int64(stats.activeNodes), totalStepsPerSecond: stats.totalStepsPerSecond,
                                          jobs: counts.jobsByStatus.map { HiveClusterStats.JobCount(status: $0.status, count: $0.count) },
                                          results: counts.results, unitsLeased: counts.unitsLeased, nodes: nodes)
            return .json(answer.json)
        } catch {
            return Self.failure(503, "valkey_unavailable", error.description)
        }
    }
}
