/// The answer to `GET /cluster/stats` (the dashboard and `scripts/reliability.py` read it).
package struct HiveClusterStats: HiveMessage {
    /// Jobs of one status.
    package struct JobCount: Equatable, Sendable {
        /// The status.
        package var status: String
        /// How many jobs have it.
        package var count: Int64

        /// Creates a count.
        package init(status: String, count: Int64) {
            self.status = status
            self.count = count
        }
    }

    /// A registered node, with its latest heartbeat when it is alive.
    package struct Node: Equatable, Sendable {
        /// The node.
        package var nodeID: String
        /// Its cores.
        package var cores: Int64
        /// Its strikes: results refused as no rearrangement of their job's start layout (0 when absent).
        package var strikes: Int64
        /// True while its heartbeat lives.
        package var isAlive: Bool
        /// Its speed, when alive.
        package var stepsPerSecond: Double?
        /// The job it works on (an alive node always carries the field, `null` when idle).
        package var jobID: String?
        /// Its CPU temperature, when it reports one.
        package var temperatureCelsius: Double?
        /// Its resident memory, when it reports it.
        package var memoryBytes: Int64?

        /// Creates a node line.
        package init(nodeID: String, cores: Int64, strikes: Int64 = 0, isAlive: Bool, stepsPerSecond: Double? = nil, jobID: String? = nil,
                     temperatureCelsius: Double? = nil, memoryBytes: Int64? = nil) {
            self.nodeID = nodeID
            self.cores = cores
            self.strikes = strikes
            self.isAlive = isAlive
            self.stepsPerSecond = stepsPerSecond
            self.jobID = jobID
            self.temperatureCelsius = temperatureCelsius
            self.memoryBytes = memoryBytes
        }
    }

    /// Nodes whose heartbeat lives.
    package var activeNodes: Int64
    /// Their summed speed.
    package var totalStepsPerSecond: Double
    /// Jobs by status, in the order a job passes through them.
    package var jobs: [JobCount]
    /// Verified results kept.
    package var results: Int64
    /// Units leased now.
    package var unitsLeased: Int64
    /// Registered nodes, newest registration first.
    package var nodes: [Node]

    /// Creates the answer.
    package init(activeNodes: Int64, totalStepsPerSecond: Double, jobs: [JobCount], results: Int64, unitsLeased: Int64, nodes: [Node]) {
        self.activeNodes = activeNodes
        self.totalStepsPerSecond = totalStepsPerSecond
        self.jobs = jobs
        self.results = results
        self.unitsLeased = unitsLeased
        self.nodes = nodes
    }

    /// Reads the answer.
    package init(json: JSONValue) throws(HiveMessageError) {
        let fields = try HiveFields(json, context: "cluster stats")
        var jobs: [JobCount] = []
        for member in try fields.object("jobs").objectValue?.members ?? [] {
            guard let count = member.value.int64Value else { throw fields.error("jobs", "must map each status to a whole number") }
            jobs.append(JobCount(status: member.key, count: count))
        }
        var nodes: [Node] = []
        for item in try fields.array("nodes") {
            let node = try HiveFields(item, context: "cluster stats node")
            nodes.append(Node(nodeID: try node.string("node_id"), cores: try node.integer("cores"),
                              strikes: try node.optionalInteger("strikes") ?? 0, isAlive: try node.bool("alive"),
                              stepsPerSecond: try node.optionalNumber("steps_per_second"), jobID: try node.optionalString("job_id"),
                              temperatureCelsius: try node.optionalNumber("temperature_c"),
                              memoryBytes: try node.optionalInteger("memory_bytes")))
        }
        self.init(activeNodes: try fields.integer("active_nodes"), totalStepsPerSecond: try fields.number("total_steps_per_second"),
                  jobs: jobs, results: try fields.integer("results"), unitsLeased: try fields.integer("units_leased"), nodes: nodes)
    }

    /// The answer body.
    package var json: JSONValue {
        var builder = HiveObjectBuilder()
        builder.add("active_nodes", .int(activeNodes))
        builder.add("total_steps_per_second", .finite(totalStepsPerSecond))
        builder.add("jobs", .object(JSONObject(jobs.map { (key: $0.status, value: JSONValue.int($0.count)) })))
        builder.add("results", .int(results))
        builder.add("units_leased", .int(unitsLeased))
        builder.add("nodes", .array(nodes.map { node in
            var entry = HiveObjectBuilder()
            entry.add("node_id", .string(node.nodeID))
            entry.add("cores", .int(node.cores))
            entry.add("strikes", .int(node.strikes))
            entry.add("alive", .bool(node.isAlive))
            entry.addIfPresent("steps_per_second", node.stepsPerSecond.map { .finite($0) })
            entry.addIfPresent("job_id", node.jobID.map { .string($0) } ?? (node.isAlive ? .null : nil))
            entry.addIfPresent("temperature_c", node.temperatureCelsius.map { .finite($0) })
            entry.addIfPresent("memory_bytes", node.memoryBytes.map { .int($0) })
            return entry.json
        }))
        return builder.json
    }
}

/// The answer to `GET /jobs/{id}/keyboard`: the job's board, one key per layout position, to draw it.
package struct HiveJobKeyboard: HiveMessage {
    /// One key: position and size in key units, hand, finger, and whether it is a home key.
    package struct Key: Equatable, Sendable {
        /// Left edge.
        package var x: Double
        /// Top edge.
        package var y: Double
        /// Width.
        package var width: Double
        /// Height.
        package var height: Double
        /// The hand (0 left, 1 right).
        package var hand: Int64
        /// The finger.
        package var finger: Int64
        /// True for a home-row key.
        package var isHome: Bool

        /// Creates a key.
        package init(x: Double, y: Double, width: Double, height: Double, hand: Int64, finger: Int64, isHome: Bool) {
            self.x = x
            self.y = y
            self.width = width
            self.height = height
            self.hand = hand
            self.finger = finger
            self.isHome = isHome
        }
    }

    /// The job id.
    package var jobID: String
    /// The board's name.
    package var name: String
    /// Its keys in layout order.
    package var keys: [Key]

    /// Creates the answer.
    package init(jobID: String, name: String, keys: [Key]) {
        self.jobID = jobID
        self.name = name
        self.keys = keys
    }

    /// Reads the answer.
    package init(json: JSONValue) throws(HiveMessageError) {
        let fields = try HiveFields(json, context: "keyboard")
        var keys: [Key] = []
        for item in try fields.array("keys") {
            let key = try HiveFields(item, context: "keyboard key")
            keys.append(Key(x: try key.number("x"), y: try key.number("y"), width: try key.number("w"), height: try key.number("h"),
                            hand: try key.integer("hand"), finger: try key.integer("finger"), isHome: try key.bool("home")))
        }
        self.init(jobID: try fields.jobID("job_id"), name: try fields.string("name"), keys: keys)
    }

    /// The answer body.
    package var json: JSONValue {
        .object(JSONObject([("job_id", .string(jobID)), ("name", .string(name)), ("keys", .array(keys.map { key in
            .object(JSONObject([("x", .finite(key.x)), ("y", .finite(key.y)), ("w", .finite(key.width)), ("h", .finite(key.height)),
                                ("hand", .int(key.hand)), ("finger", .int(key.finger)), ("home", .bool(key.isHome))]))
        }))]))
    }
}
