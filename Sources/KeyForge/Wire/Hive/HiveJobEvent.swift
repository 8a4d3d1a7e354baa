/// An event of one job, published on `job:<id>:updates`, kept in `job_events`, and sent to Server-Sent
/// Events clients (`keyforge job watch`, the dashboard) with `type` as the event name.
package struct HiveJobEvent: HiveMessage {
    /// What happened.
    package enum Kind: Equatable, Sendable {
        /// The job was submitted (first time).
        case created
        /// The job was cancelled.
        case cancelled
        /// A unit was leased to a node.
        case lease(unit: Int, nodeID: String)
        /// A result became the job's best.
        case newBest(score: Double, layout: String, nodeID: String, resultID: Int64)
        /// The last unit finished; `score` is the job's best.
        case done(score: Double)

        /// The `type` field, which is also the SSE event name.
        package var type: String {
            switch self {
            case .created: "created"
            case .cancelled: "cancelled"
            case .lease: "lease"
            case .newBest: "new_best"
            case .done: "done"
            }
        }
    }

    /// The job.
    package var jobID: String
    /// What happened.
    package var kind: Kind

    /// Creates an event.
    package init(jobID: String, kind: Kind) {
        self.jobID = jobID
        self.kind = kind
    }

    /// Reads an event.
    package init(json: JSONValue) throws(HiveMessageError) {
        let fields = try HiveFields(json, context: "job event")
        let type = try fields.string("type")
        let kind: Kind
        switch type {
        case "created": kind = .created
        case "cancelled": kind = .cancelled
        case "lease": kind = .lease(unit: Int(try fields.integer("unit", in: 0...HiveMessages.maxUnits - 1)), nodeID: try fields.string("node_id"))
        case "new_best":
            kind = .newBest(score: try fields.number("score"), layout: try fields.string("layout"), nodeID: try fields.string("node_id"),
                            resultID: try fields.integer("result_id"))
        case "done": kind = .done(score: try fields.number("score"))
        default: throw fields.error("type", "must be created, cancelled, lease, new_best or done (got \(type.debugDescription))")
        }
        self.init(jobID: try fields.jobID("job_id"), kind: kind)
    }

    /// The event: `type`, the kind's fields, then `job_id`.
    package var json: JSONValue {
        var builder = HiveObjectBuilder()
        builder.add("type", .string(kind.type))
        switch kind {
        case .created, .cancelled:
            break
        case .lease(let unit, let nodeID):
            builder.add("unit", .int(Int64(unit)))
            builder.add("node_id", .string(nodeID))
        case .newBest(let score, let layout, let nodeID, let resultID):
            builder.add("score", .finite(score))
            builder.add("layout", .string(layout))
            builder.add("node_id", .string(nodeID))
            builder.add("result_id", .int(resultID))
        case .done(let score):
            builder.add("score", .finite(score))
        }
        builder.add("job_id", .string(jobID))
        return builder.json
    }
}

/// `POST /archive`: archive rows at least `olderThanSeconds` old, of some tables or all.
package struct HiveArchiveRequest: HiveMessage {
    /// The age, in seconds (at least 0).
    package var olderThanSeconds: Int64
    /// The tables (nil: every archivable one); never empty.
    package var collections: [String]?
    /// Rows per round; a mistyped value reads as absent, as the hive has always read it.
    package var batchSize: Int?

    /// Creates a request.
    package init(olderThanSeconds: Int64, collections: [String]? = nil, batchSize: Int? = nil) {
        self.olderThanSeconds = olderThanSeconds
        self.collections = collections
        self.batchSize = batchSize
    }

    /// Reads a request.
    package init(json: JSONValue) throws(HiveMessageError) {
        let fields = try HiveFields(json, context: "archive")
        var collections: [String]?
        if !fields.isAbsent("collections") {
            let items = try fields.array("collections")
            let names = items.compactMap(\.stringValue)
            guard names.count == items.count, !names.isEmpty else { throw fields.error("collections", "must be a non-empty array of names") }
            collections = names
        }
        self.init(olderThanSeconds: try fields.integer("older_than_seconds", in: 0...Int64.max), collections: collections,
                  batchSize: fields.lenientInteger("batch_size").map { Int($0) })
    }

    /// The request body.
    package var json: JSONValue {
        var builder = HiveObjectBuilder()
        builder.add("older_than_seconds", .int(olderThanSeconds))
        builder.addIfPresent("collections", collections.map { .array($0.map { .string($0) }) })
        builder.addIfPresent("batch_size", batchSize.map { .int(Int64($0)) })
        return builder.json
    }
}
