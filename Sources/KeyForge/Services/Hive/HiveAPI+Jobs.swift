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
        if isNew { publish(id, [("type", .string("created"))]) }
        var object = JSONObject()
        object.append("job_id", .string(id))
        object.append("is_new", .bool(isNew))
        return .json(.object(object), status: isNew ? 201 : 200)
    }

    /// `GET /jobs?limit=N`.
    func listJobs(_ request: HTTPRequest) throws(PostgresError) -> HTTPResponse {
        let limit = min(max(Int(request.queryValue("limit") ?? "") ?? 50, 1), 500)
        var object = JSONObject()
        object.append("jobs", .array(try store.listJobs(limit: limit)))
        return .json(.object(object))
    }

    /// `GET /jobs/{id}`.
    func jobStatus(_ request: HTTPRequest) throws(PostgresError) -> HTTPResponse {
        guard let id = jobID(request) else { return Self.failure(400, "invalid_job_id", "a job id is 64 hex digits") }
        guard let status = try store.jobStatus(id) else { return Self.failure(404, "no_such_job", "no job \(id)") }
        return .json(status)
    }

    /// `GET /jobs/{id}/population?limit=N`: the best distinct layouts.
    func population(_ request: HTTPRequest) throws(PostgresError) -> HTTPResponse {
        guard let id = jobID(request) else { return Self.failure(400, "invalid_job_id", "a job id is 64 hex digits") }
        guard try store.config(of: id) != nil else { return Self.failure(404, "no_such_job", "no job \(id)") }
        let limit = min(max(Int(request.queryValue("limit") ?? "") ?? 20, 1), 200)
        var object = JSONObject()
        object.append("job_id", .string(id))
        object.append("population", .array(try store.population(id, limit: limit)))
        return .json(.object(object))
    }

    /// `DELETE /jobs/{id}`.
    func cancel(_ request: HTTPRequest) throws(PostgresError) -> HTTPResponse {
        guard let id = jobID(request) else { return Self.failure(400, "invalid_job_id", "a job id is 64 hex digits") }
        switch try store.cancel(id) {
        case nil: return Self.failure(404, "no_such_job", "no job \(id)")
        case false?: return Self.failure(409, "job_finished", "job \(id) has already finished")
        case true?:
            publish(id, [("type", .string("cancelled"))])
            var object = JSONObject()
            object.append("job_id", .string(id))
            object.append("status", .string("cancelled"))
            return .json(.object(object))
        }
    }

    /// `POST /jobs/lease` `{"node_id"}`: the next unit of work with its lease token, or 204.
    func lease(_ request: HTTPRequest) throws(PostgresError) -> HTTPResponse {
        guard case .success(let body) = jsonBody(request) else { return refusedBody(request) }
        guard let node = body["node_id"]?.stringValue, Self.isIdentifier(node) else {
            return Self.failure(422, "invalid_node_id", "node_id must be 1-64 characters of [A-Za-z0-9._-]")
        }
        guard let lease = try store.lease(node: node) else { return HTTPResponse(status: 204) }
        guard let config = try? JobConfig(json: Array(lease.configJSON.utf8)) else {
            return Self.failure(500, "corrupt_job", "job \(lease.jobID) has an unreadable config")
        }
        publish(lease.jobID, [("type", .string("lease")), ("unit", .int(Int64(lease.unit))), ("node_id", .string(node))])
        var object = JSONObject()
        object.append("job_id", .string(lease.jobID))
        object.append("unit", .int(Int64(lease.unit)))
        object.append("seed", .int(Int64(bitPattern: config.unitSeed(lease.unit))))
        object.append("lease_token", .string(lease.token))
        object.append("lease_seconds", .int(Int64(store.leaseSeconds)))
        object.append("config", config.json)
        return .json(.object(object))
    }

    /// `POST /jobs/{id}/heartbeat` `{"unit", "lease_token"}`: renews the lease, or 409 when it is gone.
    func renew(_ request: HTTPRequest) throws(PostgresError) -> HTTPResponse {
        let lease: (id: String, unit: Int, token: String)
        switch leaseArguments(request) {
        case .success(let arguments): lease = arguments
        case .failure(let box): return box.response
        }
        guard try store.renew(jobID: lease.id, unit: lease.unit, token: lease.token) else {
            return Self.failure(409, "stale_lease", "the lease of unit \(lease.unit) is no longer yours (expired, finished or cancelled)")
        }
        var object = JSONObject()
        object.append("lease_seconds", .int(Int64(store.leaseSeconds)))
        return .json(.object(object))
    }

    /// `POST /jobs/{id}/release` `{"unit", "lease_token"}`: hands the unit back to the queue at once.
    func release(_ request: HTTPRequest) throws(PostgresError) -> HTTPResponse {
        let lease: (id: String, unit: Int, token: String)
        switch leaseArguments(request) {
        case .success(let arguments): lease = arguments
        case .failure(let box): return box.response
        }
        guard try store.release(jobID: lease.id, unit: lease.unit, token: lease.token) else {
            return Self.failure(409, "stale_lease", "the lease of unit \(lease.unit) is no longer yours")
        }
        return .json(.object(JSONObject([("released", .bool(true))])))
    }

    /// `GET /jobs/{id}/events`: Server-Sent Events of the job, relayed from Valkey.
    func events(_ request: HTTPRequest) -> HTTPResponse {
        guard let id = jobID(request) else { return Self.failure(400, "invalid_job_id", "a job id is 64 hex digits") }
        guard let relay = events else { return Self.failure(503, "events_unavailable", "this hive relays no events") }
        guard let stream = relay.openStream(jobID: id) else { return Self.failure(503, "too_many_streams", "too many open event streams") }
        stream.sendComment("events of job \(id)")
        return HTTPResponse(status: 200, headers: HTTPHeaders([("Content-Type", "text/event-stream"), ("Cache-Control", "no-cache")]),
                            stream: stream)
    }

    /// `GET /health`: 200 when the database answers, 503 otherwise.
    func health() -> HTTPResponse {
        var object = JSONObject()
        var healthy = true
        do {
            _ = try store.pool.execute("SELECT 1")
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
        guard let id = request.parameters["id"], id.utf8.count == 64,
              id.utf8.allSatisfy({ (48...57).contains($0) || (97...102).contains($0) }) else { return nil }
        return id
    }

    /// Node ids and nonces: 1-64 characters of `[A-Za-z0-9._-]`.
    static func isIdentifier(_ text: String) -> Bool {
        !text.isEmpty && text.utf8.count <= 64 && text.utf8.allSatisfy { byte in
            (48...57).contains(byte) || (65...90).contains(byte) || (97...122).contains(byte) || byte == 46 || byte == 95 || byte == 45
        }
    }
}
