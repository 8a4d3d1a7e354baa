import KeyForgeAdapters
import KeyForgeWire

extension InMemoryHiveStore {
    /// Leases the next open unit: highest priority, oldest job, lowest unit.
    package func lease(node: String) throws(PostgresError) -> HiveLease? {
        let time = now()
        let token = HiveLease.newToken()
        return state.withLock { state -> HiveLease? in
            let open = state.jobs.filter { $0.value.isOpen }
                .sorted { ($1.value.priority, $0.value.sequence, $0.key) < ($0.value.priority, $1.value.sequence, $1.key) }
            for (id, job) in open {
                guard let index = job.units.firstIndex(where: { unit in
                    unit.status == .queued || (unit.status == .leased && (unit.expiresAt ?? .infinity) < time)
                }) else { continue }
                var job = job
                job.units[index].status = .leased
                job.units[index].owner = node
                job.units[index].token = token
                job.units[index].expiresAt = time + Double(leaseSeconds)
                job.units[index].leases += 1
                job.status = "running"
                job.startedAt = job.startedAt ?? time
                state.jobs[id] = job
                return HiveLease(jobID: id, unit: index, token: token, configJSON: job.configJSON)
            }
            return nil
        }
    }

    /// Renews a current lease of an open job.
    package func renew(jobID: String, unit: Int, token: String) throws(PostgresError) -> Bool {
        let time = now()
        return state.withLock { state in
            guard var job = state.jobs[jobID], job.isOpen, job.units.indices.contains(unit),
                  job.units[unit].status == .leased, job.units[unit].token == token else { return false }
            job.units[unit].expiresAt = time + Double(leaseSeconds)
            state.jobs[jobID] = job
            return true
        }
    }

    /// Hands a current lease back.
    package func release(jobID: String, unit: Int, token: String) throws(PostgresError) -> Bool {
        state.withLock { state in
            guard var job = state.jobs[jobID], job.units.indices.contains(unit),
                  job.units[unit].status == .leased, job.units[unit].token == token else { return false }
            job.units[unit] = Unit(status: .queued, owner: nil, token: nil, expiresAt: nil, leases: job.units[unit].leases)
            state.jobs[jobID] = job
            return true
        }
    }

    /// Stores a verified result, as `SQLHiveStore.store` does in its transaction.
    package func store(_ result: VerifiedResult) throws(PostgresError) -> StoreOutcome {
        let time = now()
        return state.withLock { state in
            if let previous = state.results.first(where: {
                $0.jobID == result.jobID && $0.nodeID == result.nodeID && $0.nonce == result.nonce
            }) {
                return .duplicate(resultID: previous.id)
            }
            guard var job = state.jobs[result.jobID], job.units.indices.contains(result.unit) else { return .unknownJob }
            guard job.units[result.unit].status == .leased, job.units[result.unit].token == result.token else { return .staleLease }
            let id = Int64(state.results.count + 1)
            state.results.append(StoredResult(id: id, jobID: result.jobID, unit: result.unit, layout: result.layout, score: result.score,
                                              nodeID: result.nodeID, nonce: result.nonce))
            let isNewBest = job.bestScore.map { $0 > result.score } ?? true
            if isNewBest {
                job.bestScore = result.score
                job.bestResult = id
            }
            var status = "running"
            if result.isFinal {
                job.units[result.unit].status = .done
                job.units[result.unit].token = nil
                job.unitsDone += 1
                if job.unitsDone >= job.units.count {
                    if job.status == "running" { job.status = "done" }
                    job.finishedAt = time
                }
                status = job.status
            }
            state.jobs[result.jobID] = job
            return .stored(resultID: id, isNewBest: isNewBest, jobStatus: status)
        }
    }

    /// Records a node.
    package func registerNode(id: String, cpuSignature: String, cores: Int) throws(PostgresError) {
        let time = now()
        state.withLock { state in
            state.sequence += 1
            state.nodes[id] = Node(cpuSignature: cpuSignature, cores: cores, lastRegister: time, sequence: state.sequence)
        }
    }

    /// Writes a hardware profile.
    package func storeHardwareProfile(cpuSignature: String, cores: Int, profile: JSONValue) throws(PostgresError) {
        state.withLock { $0.profiles[cpuSignature] = (cores, profile) }
    }

    /// The profile stored for a CPU signature (tests read it; the SQL store's is a table).
    package func hardwareProfile(cpuSignature: String) -> JSONValue? {
        state.withLock { $0.profiles[cpuSignature]?.profile }
    }

    /// Counts for the cluster stats.
    package func clusterCounts() throws(PostgresError) -> HiveClusterCounts {
        state.withLock { state in
            let jobs = HiveClusterCounts.jobStatuses.map { status in (status, Int64(state.jobs.values.count { $0.status == status })) }
            let leased = state.jobs.values.reduce(0) { $0 + $1.units.count { $0.status == .leased } }
            let nodes = state.nodes.sorted { ($1.value.lastRegister, $1.value.sequence) < ($0.value.lastRegister, $0.value.sequence) }
                .prefix(HiveClusterCounts.nodeLimit).map { (id: $0.key, cores: Int64($0.value.cores)) }
            return HiveClusterCounts(jobsByStatus: jobs, results: Int64(state.results.count), unitsLeased: Int64(leased), nodes: Array(nodes))
        }
    }
}
