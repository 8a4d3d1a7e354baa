/// The answer to `POST /jobs` (the body is the job config itself): the job's id, and whether it is new
/// (201) or the same config was submitted before (200).
package struct HiveJobSubmitted: HiveMessage {
    /// The job id.
    package var jobID: String
    /// False when the config was known.
    package var isNew: Bool

    /// Creates the answer.
    package init(jobID: String, isNew: Bool) {
        self.jobID = jobID
        self.isNew = isNew
    }

    /// Reads the answer.
    package init(json: JSONValue) throws(HiveMessageError) {
        let fields = try HiveFields(json, context: "job submitted")
        self.init(jobID: try fields.jobID("job_id"), isNew: try fields.bool("is_new"))
    }

    /// The answer body.
    package var json: JSONValue { .object(JSONObject([("job_id", .string(jobID)), ("is_new", .bool(isNew))])) }
}

/// The answer to `DELETE /jobs/{id}`.
package struct HiveJobCancelled: HiveMessage {
    /// The job id.
    package var jobID: String
    /// Always `cancelled` in a 200 answer.
    package var status: String

    /// Creates the answer.
    package init(jobID: String, status: String = "cancelled") {
        self.jobID = jobID
        self.status = status
    }

    /// Reads the answer.
    package init(json: JSONValue) throws(HiveMessageError) {
        let fields = try HiveFields(json, context: "job cancelled")
        self.init(jobID: try fields.jobID("job_id"), status: try fields.string("status"))
    }

    /// The answer body.
    package var json: JSONValue { .object(JSONObject([("job_id", .string(jobID)), ("status", .string(status))])) }
}

/// One line of `GET /jobs`.
package struct HiveJobSummary: Equatable, Sendable {
    /// The job id.
    package var jobID: String
    /// `queued`, `running`, `done` or `cancelled`.
    package var status: String
    /// The board's name.
    package var keyboard: String
    /// Units in all.
    package var unitsTotal: Int64
    /// Units finished.
    package var unitsDone: Int64
    /// The best score so far (fixed point divided by 1000), nil before the first result.
    package var bestScore: Double?
    /// When the job was submitted, `YYYY-MM-DDTHH:MM:SSZ`.
    package var createdAt: String

    /// Creates a line.
    package init(jobID: String, status: String, keyboard: String, unitsTotal: Int64, unitsDone: Int64, bestScore: Double?,
                 createdAt: String) {
        self.jobID = jobID
        self.status = status
        self.keyboard = keyboard
        self.unitsTotal = unitsTotal
        self.unitsDone = unitsDone
        self.bestScore = bestScore
        self.createdAt = createdAt
    }

    /// Reads a line.
    package init(json: JSONValue) throws(HiveMessageError) {
        let fields = try HiveFields(json, context: "job")
        self.init(jobID: try fields.string("job_id"), status: try fields.string("status"), keyboard: try fields.string("keyboard"),
                  unitsTotal: try fields.integer("units_total"), unitsDone: try fields.integer("units_done"),
                  bestScore: try fields.optionalNumber("best_score"), createdAt: try fields.string("created_at"))
    }

    /// The line as JSON (`best_score` is `null` before the first result).
    package var json: JSONValue {
        .object(JSONObject([("job_id", .string(jobID)), ("status", .string(status)), ("keyboard", .string(keyboard)),
                            ("units_total", .int(unitsTotal)), ("units_done", .int(unitsDone)),
                            ("best_score", bestScore.map { .finite($0) } ?? .null), ("created_at", .string(createdAt))]))
    }
}

/// The answer to `GET /jobs`: the newest jobs first.
package struct HiveJobList: HiveMessage {
    /// The jobs.
    package var jobs: [HiveJobSummary]

    /// Creates the answer.
    package init(jobs: [HiveJobSummary]) { self.jobs = jobs }

    /// Reads the answer.
    package init(json: JSONValue) throws(HiveMessageError) {
        var jobs: [HiveJobSummary] = []
        for item in try HiveFields(json, context: "job list").array("jobs") { jobs.append(try HiveJobSummary(json: item)) }
        self.init(jobs: jobs)
    }

    /// The answer body.
    package var json: JSONValue { .object(JSONObject([("jobs", .array(jobs.map(\.json)))])) }
}

/// One of a job's best distinct layouts (`GET /jobs/{id}/population`).
package struct HivePopulationEntry: Equatable, Sendable {
    /// The layout string.
    package var layout: String
    /// Its score (fixed point divided by 1000).
    package var score: Double
    /// The node that found it first at that score.
    package var nodeID: String

    /// Creates an entry.
    package init(layout: String, score: Double, nodeID: String) {
        self.layout = layout
        self.score = score
        self.nodeID = nodeID
    }

    /// The entry as JSON.
    package var json: JSONValue {
        .object(JSONObject([("layout", .string(layout)), ("score", .finite(score)), ("node_id", .string(nodeID))]))
    }
}

/// The answer to `GET /jobs/{id}/population`: the best distinct layouts, best first.
package struct HivePopulation: HiveMessage {
    /// The job id.
    package var jobID: String
    /// The layouts.
    package var population: [HivePopulationEntry]

    /// Creates the answer.
    package init(jobID: String, population: [HivePopulationEntry]) {
        self.jobID = jobID
        self.population = population
    }

    /// Reads the answer.
    package init(json: JSONValue) throws(HiveMessageError) {
        let fields = try HiveFields(json, context: "population")
        var entries: [HivePopulationEntry] = []
        for item in try fields.array("population") {
            let entry = try HiveFields(item, context: "population entry")
            entries.append(HivePopulationEntry(layout: try entry.string("layout"), score: try entry.number("score"),
                                               nodeID: try entry.string("node_id")))
        }
        self.init(jobID: try fields.jobID("job_id"), population: entries)
    }

    /// The answer body.
    package var json: JSONValue {
        .object(JSONObject([("job_id", .string(jobID)), ("population", .array(population.map(\.json)))]))
    }
}
