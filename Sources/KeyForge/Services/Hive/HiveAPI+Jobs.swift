import KeyForgeAdapters
import KeyForgeCore
import KeyForgeSystem
import KeyForgeWire

extension HiveAPI {
    /// `POST /jobs`: validate the config and its assets, register it, answer its id (201 new, 200 known).
    func submit(_ request: HTTPRequest) throws(PostgresError) -> HTTPResponse {
        let config: JobConfig
        do { config = try JobConfig(json: request.body, source: "job config") } catch {
            return Self.failure(error.message.hasPrefix("malformed JSON") ? 400 : 422, "invalid_config", error.description)
        }
        do { _ = try plan(for: config) } catch {
            return Self.failure(422, "invalid_config", error.description)
        }
        let (id, isNew) = try store.createJob(config)
        if isNew { publish(HiveJobEvent(jobID: id, kind: .created)) }
        return .json(HiveJobSubmitted(jobID: id, isNew: isNew).json, status: isNew ? 201 : 200)
    }

    /// `GET /jobs?limit=N`.
    func listJobs(_ request: HTTPRequest) throws(PostgresError) -> HTTPResponse {
        let limit = min(max(Int(request.queryValue("limit") ?? "") ?? 50, 1), 500)
        return .json(HiveJobList(jobs: try store.listJobs(limit: limit)).json)
    }

    /// `GET /jobs/{id}`.
    func jobStatus(_ request: HTTPRequest) throws(PostgresError) -> HTTPResponse {
        guard let id = jobID(request) else { return Self.failure(400, "invalid_job_id", "a job id is 64 hex digits") }
        guard let status = try store.jobStatus(id) else { return Self.failure(404, "no_such_job", "no job \(id)") }
        return .json(status.json)
    }

    /// `GET /jobs/{id}/population?limit=N`: the best distinct layouts.
    func population(_ request: HTTPRequest) throws(PostgresError) -> HTTPResponse {
        guard let id = jobID(request) else { return Self.failure(400, "invalid_job_id", "a job id is 64 hex digits") }
        guard try store.config(of: id) != nil else { return Self.failure(404, "no_such_job", "no job \(id)") }
        let limit = min(max(Int(request.queryValue("limit") ?? "") ?? 20, 1), 200)
        return .json(HivePopulation(jobID: id, population: try store.population(id, limit: limit)).json)
    }

    /// `DELETE /jobs/{id}`.
    func cancel(_ request: HTTPRequest) throws(PostgresError) -> HTTPResponse {
        guard let id = jobID(request) else { return Self.failure(400, "invalid_job_id", "a job id is 64 hex digits") }
        switch try store.cancel(id) {
        case nil: return Self.failure(404, "no_such_job", "no job \(id)")
        case false?: return Self.failure(409, "job_finished", "job \(id) has already finished")
        case true?:
            publish(HiveJobEvent(jobID: id, kind: .cancelled))
            return .json(HiveJobCancelled(jobID: id).json)
        }
    }

    /// `POST /jobs/lease` (`HiveLeaseRequest`): the next unit of work with its lease token
    /// (`HiveLeaseGrant`), or 204.
    func lease(_ request: HTTPRequest) throws(PostgresError) -> HTTPResponse {
        let node: String
        switch decode(HiveLeaseRequest.self, request, code: "invalid_node_id") {
        case .success(let message): node = message.nodeID
        case .failure(let box): return box.response
        }
        guard let lease = try store.lease(node: node) else { return HTTPResponse(status: 204) }
        guard let config = try? JobConfig(json: Array(lease.configJSON.utf8)) else {
            return Self.failure(500, "corrupt_job", "job \(lease.jobID) has an unreadable config")
        }
        publish(HiveJobEvent(jobID: lease.jobID, kind: .lease(unit: lease.unit, nodeID: node)))
        return .json(HiveLeaseGrant(jobID: lease.jobID, unit: lease.unit, seed: Int64(bitPattern: config.unitSeed(lease.unit)),
                                    leaseToken: lease.token, leaseSeconds: store.leaseSeconds, config: config.json).json)
    }

    /// `POST /jobs/{id}/heartbeat` (`HiveLeaseRenewal`): renews the lease, or 409 when it is gone.
    func renew(_ request: HTTPRequest) throws(PostgresError) -> HTTPResponse {
        let lease: (id: String, renewal: HiveLeaseRenewal)
        switch leaseArguments(request) {
        case .success(let arguments): lease = arguments
        case .failure(let box): return box.response
        }
        guard try store.renew(jobID: lease.id, unit: lease.renewal.unit, token: lease.renewal.leaseToken) else {
            return Self.failure(409, "stale_lease",
                                "the lease of unit \(lease.renewal.unit) is no longer yours (expired, finished or cancelled)")
        }
        return .json(HiveLeaseRenewed(leaseSeconds: store.leaseSeconds).json)
    }

    /// `POST /jobs/{id}/release` (`HiveLeaseRenewal`): hands the unit back to the queue at once; with a
    /// `preparation_failure`, the job backs off and fails after repeated failures (`HivePreparationBackoff`).
    func release(_ request: HTTPRequest) throws(PostgresError) -> HTTPResponse {
        let lease: (id: String, renewal: HiveLeaseRenewal)
        switch leaseArguments(request) {
        case .success(let arguments): lease = arguments
        case .failure(let box): return box.response
        }
        if let reason = lease.renewal.preparationFailure {
            guard let outcome = try store.releaseForPreparationFailure(jobID: lease.id, unit: lease.renewal.unit,
                                                                       token: lease.renewal.leaseToken, reason: reason) else {
                return Self.failure(409, "stale_lease", "the lease of unit \(lease.renewal.unit) is no longer yours")
            }
            if case .failed = outcome { log("job \(lease.id.prefix(12)) failed: no node could prepare it: \(reason)") }
            return .json(HiveLeaseReleased().json)
        }
        guard try store.release(jobID: lease.id, unit: lease.renewal.unit, token: lease.renewal.leaseToken) else {
            return Self.failure(409, "stale_lease", "the lease of unit \(lease.renewal.unit) is no longer yours")
        }
        return .json(HiveLeaseReleased().json)
    }

    /// `GET /jobs/{id}/events`: Server-Sent Events of the job, relayed from Valkey.
    func events(_ request: HTTPRequest) -> HTTPResponse {
        guard let id = jobID(request) else { return Self.failure(400, "invalid_job_id", "a job id is 64 hex digits") }
        return eventStream(jobID: id, request)
    }

    /// Seconds a client refused a stream for holding too many is told to wait: long enough for a page that
    /// reconnects in a loop not to spin, short enough that a closed tab's slot is soon usable again.
    package static let streamRetryAfterSeconds = 10

    /// A Server-Sent Events response following `jobID` (every job when nil), or 503 when the hive holds too many
    /// streams, 429 when the client's address does (`HiveEvents.maxStreamsPerAddress`).
    func eventStream(jobID: String?, _ request: HTTPRequest) -> HTTPResponse {
        guard let relay = events else { return Self.failure(503, "events_unavailable", "this hive relays no events") }
        let stream: ServerSentEventStream
        switch relay.openStream(jobID: jobID, address: request.remoteAddress) {
        case .success(let opened):
            stream = opened
        case .failure(.hiveFull):
            return Self.failure(503, "too_many_streams", "too many open event streams")
        case .failure(.addressFull):
            var response = Self.failure(429, "too_many_streams_from_address",
                                        "this address holds \(HiveEvents.maxStreamsPerAddress) open event streams; close one first")
            response.headers.append(name: "Retry-After", value: String(Self.streamRetryAfterSeconds))
            return response
        }
        stream.sendComment(jobID.map { "events of job \($0)" } ?? "events of every job")
        return HTTPResponse(status: 200, headers: HTTPHeaders([("Content-Type", "text/event-stream"), ("Cache-Control", "no-cache")]),
                            stream: stream)
    }

    /// `GET /health`: 200 when the database answers, 503 otherwise.
    func health() -> HTTPResponse {
        var object = JSONObject()
        var healthy = true
        do {
            try store.ping()
            object.append("database", .string("ok"))
        } catch {
            healthy = false
            object.append("database", .string("unavailable"))
        }
        object.append("status", .string(healthy ? "ok" : "degraded"))
        var response = HTTPResponse.json(.object(object), status: healthy ? 200 : 503)
        if !healthy { response.headers.append(name: "Retry-After", value: String(Self.retryAfterSeconds)) }
        return response
    }

    /// The `:id` parameter when it is a job id (64 lower-case hex digits).
    func jobID(_ request: HTTPRequest) -> String? {
        guard let id = request.parameters["id"], HiveIdentifier.isJobID(id) else { return nil }
        return id
    }
}
