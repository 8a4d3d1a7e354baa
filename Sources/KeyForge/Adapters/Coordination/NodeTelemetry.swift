import KeyForgeWire

/// What a node reports with each heartbeat (docs/ARCHITECTURE.md section 8: speed, temperature, memory), as JSON.
public struct NodeTelemetry: Equatable, Sendable {
    /// The node's id.
    public var nodeID: String
    /// Annealing steps per second over the last interval (the cluster's "IPS").
    public var stepsPerSecond: Double
    /// CPU temperature in degrees Celsius, when the node can read it.
    public var temperatureCelsius: Double?
    /// Resident memory of the worker in bytes.
    public var memoryBytes: Int64?
    /// The job it is working on, if any.
    public var jobID: String?
    /// When it was measured, in Unix seconds.
    public var timestamp: Double

    /// Creates telemetry.
    public init(nodeID: String, stepsPerSecond: Double, temperatureCelsius: Double? = nil, memoryBytes: Int64? = nil,
                jobID: String? = nil, timestamp: Double) {
        self.nodeID = nodeID
        self.stepsPerSecond = stepsPerSecond
        self.temperatureCelsius = temperatureCelsius
        self.memoryBytes = memoryBytes
        self.jobID = jobID
        self.timestamp = timestamp
    }

    /// The JSON object stored under `v4:node:<id>:telemetry` (absent optionals are omitted).
    public var json: [UInt8] {
        var object = JSONObject()
        object.append("node_id", .string(nodeID))
        object.append("steps_per_second", .double(stepsPerSecond.isFinite ? stepsPerSecond : 0))
        if let temperatureCelsius, temperatureCelsius.isFinite { object.append("temperature_c", .double(temperatureCelsius)) }
        if let memoryBytes { object.append("memory_bytes", .int(memoryBytes)) }
        if let jobID { object.append("job_id", .string(jobID)) }
        object.append("timestamp", .double(timestamp))
        return Array(JSONWriter.write(.object(object)).utf8)
    }

    /// Reads telemetry JSON; nil names no field, so the caller says which key held it.
    public init(json bytes: [UInt8]) throws(CoordinatorError) {
        let value: JSONValue
        do { value = try JSONParser.parse(bytes) } catch { throw .corrupt("telemetry JSON: \(error)") }
        guard let object = value.objectValue,
              let nodeID = object["node_id"]?.stringValue,
              let speed = object["steps_per_second"]?.doubleValue,
              let timestamp = object["timestamp"]?.doubleValue
        else { throw .corrupt("telemetry JSON lacks node_id, steps_per_second or timestamp") }
        self.init(nodeID: nodeID, stepsPerSecond: speed, temperatureCelsius: object["temperature_c"]?.doubleValue,
                  memoryBytes: object["memory_bytes"]?.int64Value, jobID: object["job_id"]?.stringValue, timestamp: timestamp)
    }
}

/// One asset's manifest entry: the SHA-256 hex of its stored (compressed) bytes, their size, and when.
public struct ManifestEntry: Equatable, Sendable {
    /// The asset path, e.g. `keyboards/corne.json`.
    public var path: String
    /// SHA-256 of the stored bytes, lower-case hex.
    public var hash: String
    /// The stored size in bytes.
    public var size: Int64
    /// When the entry was written, in Unix seconds.
    public var updated: Int64

    /// Creates an entry.
    public init(path: String, hash: String, size: Int64, updated: Int64) {
        self.path = path
        self.hash = hash
        self.size = size
        self.updated = updated
    }
}
