/// `POST /jobs/lease`: a node asks for the next unit of work.
package struct HiveLeaseRequest: HiveMessage {
    /// The node.
    package var nodeID: String

    /// Creates the request.
    package init(nodeID: String) { self.nodeID = nodeID }

    /// Reads the request.
    package init(json: JSONValue) throws(HiveMessageError) {
        self.init(nodeID: try HiveFields(json, context: "lease request").identifier("node_id"))
    }

    /// The request body.
    package var json: JSONValue { .object(JSONObject([("node_id", .string(nodeID))])) }
}

/// The answer to a lease request (200; 204 means no work): the unit, its seed, the lease and the
/// job's config.
package struct HiveLeaseGrant: HiveMessage {
    /// The job.
    package var jobID: String
    /// The unit within the job.
    package var unit: Int
    /// The unit's search seed (the job's seed plus the unit, as a signed 64-bit pattern).
    package var seed: Int64
    /// The token to present with renewals and results.
    package var leaseToken: String
    /// How long the lease lasts without a renewal.
    package var leaseSeconds: Int
    /// The job's config (a JSON object, read by Services' `JobConfig`).
    package var config: JSONValue

    /// Creates the answer.
    package init(jobID: String, unit: Int, seed: Int64, leaseToken: String, leaseSeconds: Int, config: JSONValue) {
        self.jobID = jobID
        self.unit = unit
        self.seed = seed
        self.leaseToken = leaseToken
        self.leaseSeconds = leaseSeconds
        self.config = config
    }

    /// Reads the answer.
    package init(json: JSONValue) throws(HiveMessageError) {
        let fields = try HiveFields(json, context: "lease")
        self.init(jobID: try fields.jobID("job_id"), unit: Int(try fields.integer("unit", in: 0...HiveMessages.maxUnits - 1)),
                  seed: try fields.integer("seed"), leaseToken: try fields.string("lease_token", bytes: 1...256),
                  leaseSeconds: Int(try fields.integer("lease_seconds", in: 1...Int64(Int32.max))), config: try fields.object("config"))
    }

    /// The answer body.
    package var json: JSONValue {
        .object(JSONObject([("job_id", .string(jobID)), ("unit", .int(Int64(unit))), ("seed", .int(seed)),
                            ("lease_token", .string(leaseToken)), ("lease_seconds", .int(Int64(leaseSeconds))), ("config", config)]))
    }
}

/// `POST /jobs/{id}/heartbeat` and `POST /jobs/{id}/release`: the unit and its lease token (the job is
/// in the path). Any whole unit is read: a unit that is not leased is a stale lease (409), not a bad body.
/// A release may say why the node could not prepare the job (`preparation_failure`): the hive then
/// backs the job off and fails it after repeated failures.
package struct HiveLeaseRenewal: HiveMessage {
    /// The longest preparation-failure reason, 1 KiB: one error line, kept with the job and shown to users.
    package static let maxReasonBytes = 1_024

    /// The unit.
    package var unit: Int
    /// The lease token.
    package var leaseToken: String
    /// Why the node could not prepare the job (sync, corpus, scorer), for a release; nil otherwise.
    package var preparationFailure: String?

    /// Creates the request.
    package init(unit: Int, leaseToken: String, preparationFailure: String? = nil) {
        self.unit = unit
        self.leaseToken = leaseToken
        self.preparationFailure = preparationFailure.map { String(decoding: $0.utf8.prefix(Self.maxReasonBytes), as: UTF8.self) }
    }

    /// Reads the request.
    package init(json: JSONValue) throws(HiveMessageError) {
        let fields = try HiveFields(json, context: "lease renewal")
        var reason: String?
        if !fields.isAbsent("preparation_failure") { reason = try fields.string("preparation_failure", bytes: 1...Self.maxReasonBytes) }
        self.init(unit: Int(try fields.integer("unit")), leaseToken: try fields.string("lease_token"), preparationFailure: reason)
    }

    /// The request body.
    package var json: JSONValue {
        var builder = HiveObjectBuilder()
        builder.add("unit", .int(Int64(unit)))
        builder.add("lease_token", .string(leaseToken))
        builder.addIfPresent("preparation_failure", preparationFailure.map { .string($0) })
        return builder.json
    }
}

/// The answer to a renewal: the lease's new length.
package struct HiveLeaseRenewed: HiveMessage {
    /// Seconds the lease now lasts.
    package var leaseSeconds: Int

    /// Creates the answer.
    package init(leaseSeconds: Int) { self.leaseSeconds = leaseSeconds }

    /// Reads the answer.
    package init(json: JSONValue) throws(HiveMessageError) {
        self.init(leaseSeconds: Int(try HiveFields(json, context: "lease renewed").integer("lease_seconds", in: 1...Int64(Int32.max))))
    }

    /// The answer body.
    package var json: JSONValue { .object(JSONObject([("lease_seconds", .int(Int64(leaseSeconds)))])) }
}

/// The answer to a release.
package struct HiveLeaseReleased: HiveMessage {
    /// Always true in a 200 answer.
    package var isReleased: Bool

    /// Creates the answer.
    package init(isReleased: Bool = true) { self.isReleased = isReleased }

    /// Reads the answer.
    package init(json: JSONValue) throws(HiveMessageError) {
        self.init(isReleased: try HiveFields(json, context: "lease released").bool("released"))
    }

    /// The answer body.
    package var json: JSONValue { .object(JSONObject([("released", .bool(isReleased))])) }
}
