/// `POST /nodes/register`: a node's id, CPU and cores, and (optionally) its hardware profile.
package struct HiveNodeRegistration: HiveMessage {
    /// The most cores a node may claim.
    package static let maxCores: Int64 = 4096
    /// The longest CPU signature, in bytes.
    package static let maxSignatureBytes = 256

    /// The node (`HiveIdentifier.isIdentifier`).
    package var nodeID: String
    /// The CPU model, 1-256 bytes.
    package var cpuSignature: String
    /// Its cores, 1-4096.
    package var cores: Int
    /// The hardware profile (any JSON; the hive stores `{}` when absent).
    package var profile: JSONValue?

    /// Creates a registration.
    package init(nodeID: String, cpuSignature: String, cores: Int, profile: JSONValue? = nil) {
        self.nodeID = nodeID
        self.cpuSignature = cpuSignature
        self.cores = cores
        self.profile = profile
    }

    /// Reads a registration.
    package init(json: JSONValue) throws(HiveMessageError) {
        let fields = try HiveFields(json, context: "node registration")
        self.init(nodeID: try fields.identifier("node_id"),
                  cpuSignature: try fields.string("cpu_signature", bytes: 1...Self.maxSignatureBytes),
                  cores: Int(try fields.integer("cores", in: 1...Self.maxCores)), profile: fields.value("profile"))
    }

    /// The request body.
    package var json: JSONValue {
        var builder = HiveObjectBuilder()
        builder.add("node_id", .string(nodeID))
        builder.add("cpu_signature", .string(cpuSignature))
        builder.add("cores", .int(Int64(cores)))
        builder.addIfPresent("profile", profile)
        return builder.json
    }
}

/// The answer to a registration: whether this registration's profile was stored (once per CPU
/// signature per 24 h).
package struct HiveNodeRegistered: HiveMessage {
    /// The node.
    package var nodeID: String
    /// True when the profile was written.
    package var isProfileStored: Bool

    /// Creates the answer.
    package init(nodeID: String, isProfileStored: Bool) {
        self.nodeID = nodeID
        self.isProfileStored = isProfileStored
    }

    /// Reads the answer.
    package init(json: JSONValue) throws(HiveMessageError) {
        let fields = try HiveFields(json, context: "node registered")
        self.init(nodeID: try fields.identifier("node_id"), isProfileStored: try fields.bool("profile_stored"))
    }

    /// The answer body.
    package var json: JSONValue {
        .object(JSONObject([("node_id", .string(nodeID)), ("profile_stored", .bool(isProfileStored))]))
    }
}

/// `POST /nodes/heartbeat`: a node's telemetry. Only `node_id` is checked: the hive has always read
/// a mistyped telemetry field as absent (speed 0), since a beat is advisory.
package struct HiveNodeHeartbeat: HiveMessage {
    /// The node.
    package var nodeID: String
    /// Annealing steps per second lately.
    package var stepsPerSecond: Double
    /// CPU temperature in degrees Celsius, when known.
    package var temperatureCelsius: Double?
    /// Resident memory in bytes, when known.
    package var memoryBytes: Int64?
    /// The job it works on, if any.
    package var jobID: String?

    /// Creates a beat.
    package init(nodeID: String, stepsPerSecond: Double, temperatureCelsius: Double? = nil, memoryBytes: Int64? = nil,
                 jobID: String? = nil) {
        self.nodeID = nodeID
        self.stepsPerSecond = stepsPerSecond
        self.temperatureCelsius = temperatureCelsius
        self.memoryBytes = memoryBytes
        self.jobID = jobID
    }

    /// Reads a beat.
    package init(json: JSONValue) throws(HiveMessageError) {
        let fields = try HiveFields(json, context: "node heartbeat")
        self.init(nodeID: try fields.identifier("node_id"), stepsPerSecond: fields.lenientNumber("steps_per_second") ?? 0,
                  temperatureCelsius: fields.lenientNumber("temperature_c"), memoryBytes: fields.lenientInteger("memory_bytes"),
                  jobID: fields.lenientString("job_id"))
    }

    /// The request body (absent values are omitted).
    package var json: JSONValue {
        var builder = HiveObjectBuilder()
        builder.add("node_id", .string(nodeID))
        builder.add("steps_per_second", .finite(stepsPerSecond))
        builder.addIfPresent("temperature_c", temperatureCelsius.map { .finite($0) })
        builder.addIfPresent("memory_bytes", memoryBytes.map { .int($0) })
        builder.addIfPresent("job_id", jobID.map { .string($0) })
        return builder.json
    }
}

/// The answer to a heartbeat: how long the beat is kept.
package struct HiveNodeHeartbeatAnswer: HiveMessage {
    /// Seconds until the beat expires.
    package var ttlSeconds: Int64

    /// Creates the answer.
    package init(ttlSeconds: Int64) { self.ttlSeconds = ttlSeconds }

    /// Reads the answer.
    package init(json: JSONValue) throws(HiveMessageError) {
        self.init(ttlSeconds: try HiveFields(json, context: "heartbeat answer").integer("ttl_seconds", in: 0...Int64.max))
    }

    /// The answer body.
    package var json: JSONValue { .object(JSONObject([("ttl_seconds", .int(ttlSeconds))])) }
}
