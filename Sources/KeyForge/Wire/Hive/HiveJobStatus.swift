/// The answer to `GET /jobs/{id}`: a job's progress, its best result and its config.
package struct HiveJobStatus: HiveMessage {
    /// The job's best result so far.
    package struct Best: Equatable, Sendable {
        /// The score (fixed point divided by 1000).
        package var score: Double
        /// The exact fixed-point score.
        package var scoreFixed: Int64
        /// The layout string.
        package var layout: String
        /// The node that found it.
        package var nodeID: String
        /// The result's id.
        package var resultID: Int64

        /// Creates the best result.
        package init(score: Double, scoreFixed: Int64, layout: String, nodeID: String, resultID: Int64) {
            self.score = score
            self.scoreFixed = scoreFixed
            self.layout = layout
            self.nodeID = nodeID
            self.resultID = resultID
        }
    }

    /// The job id.
    package var jobID: String
    /// `queued`, `running`, `done`, `cancelled` or `failed`.
    package var status: String
    /// Why a `failed` job failed (no node could prepare it), nil otherwise.
    package var failureReason: String?
    /// Higher priorities are leased first.
    package var priority: Int64
    /// Units in all, finished, and leased now.
    package var unitsTotal: Int64, unitsDone: Int64, unitsLeased: Int64
    /// Verified results kept.
    package var results: Int64
    /// The best result, nil before the first.
    package var best: Best?
    /// When the job was submitted, first leased and finished (`YYYY-MM-DDTHH:MM:SSZ`), when it was.
    package var createdAt: String?, startedAt: String?, finishedAt: String?
    /// The job's config, when readable.
    package var config: JSONValue?

    /// Creates a status.
    package init(jobID: String, status: String, priority: Int64, unitsTotal: Int64, unitsDone: Int64, unitsLeased: Int64, results: Int64,
                 best: Best?, createdAt: String?, startedAt: String?, finishedAt: String?, config: JSONValue?,
                 failureReason: String? = nil) {
        self.jobID = jobID
        self.failureReason = failureReason
        self.status = status
        self.priority = priority
        self.unitsTotal = unitsTotal
        self.unitsDone = unitsDone
        self.unitsLeased = unitsLeased
        self.results = results
        self.best = best
        self.createdAt = createdAt
        self.startedAt = startedAt
        self.finishedAt = finishedAt
        self.config = config
    }

    /// Reads a status.
    package init(json: JSONValue) throws(HiveMessageError) {
        let fields = try HiveFields(json, context: "job status")
        let units = try HiveFields(try fields.object("units"), context: "job status units")
        var best: Best?
        if !fields.isAbsent("best") {
            let entry = try HiveFields(try fields.object("best"), context: "job status best")
            best = Best(score: try entry.number("score"), scoreFixed: try entry.integer("score_fixed"), layout: try entry.string("layout"),
                        nodeID: try entry.string("node_id"), resultID: try entry.integer("result_id"))
        }
        self.init(jobID: try fields.jobID("job_id"), status: try fields.string("status"), priority: try fields.integer("priority"),
                  unitsTotal: try units.integer("total"), unitsDone: try units.integer("done"), unitsLeased: try units.integer("leased"),
                  results: try fields.integer("results"), best: best, createdAt: try fields.optionalString("created_at"),
                  startedAt: try fields.optionalString("started_at"), finishedAt: try fields.optionalString("finished_at"),
                  config: fields.isAbsent("config") ? nil : try fields.object("config"),
                  failureReason: try fields.optionalString("failure_reason"))
    }

    /// The answer body (`best` and the times are `null` when unknown; `config` is omitted).
    package var json: JSONValue {
        var builder = HiveObjectBuilder()
        builder.add("job_id", .string(jobID))
        builder.add("status", .string(status))
        builder.add("priority", .int(priority))
        builder.add("units", .object(JSONObject([("total", .int(unitsTotal)), ("done", .int(unitsDone)), ("leased", .int(unitsLeased))])))
        builder.add("results", .int(results))
        builder.add("best", best.map { best in
            .object(JSONObject([("score", .finite(best.score)), ("score_fixed", .int(best.scoreFixed)), ("layout", .string(best.layout)),
                                ("node_id", .string(best.nodeID)), ("result_id", .int(best.resultID))]))
        } ?? .null)
        for (name, time) in [("created_at", createdAt), ("started_at", startedAt), ("finished_at", finishedAt)] {
            builder.add(name, time.map { .string($0) } ?? .null)
        }
        builder.addIfPresent("failure_reason", failureReason.map { .string($0) })
        builder.addIfPresent("config", config)
        return builder.json
    }

    /// True once the job can change no more.
    package var isFinished: Bool { status == "done" || status == "cancelled" || status == "failed" }
}
