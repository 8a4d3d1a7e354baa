/// `POST /results`: a layout a node found in its leased unit, with the score it claims.
package struct HiveResultSubmission: HiveMessage {
    /// The job (64 bytes; an id that names no job is the hive's 404, not a bad body).
    package var jobID: String
    /// The unit, 0 ..< `HiveMessages.maxUnits`.
    package var unit: Int
    /// The lease token of the unit.
    package var leaseToken: String
    /// The node (`HiveIdentifier.isIdentifier`).
    package var nodeID: String
    /// Unique per result of the node in the job, so a resubmission is recognized.
    package var nonce: String
    /// The layout string.
    package var layout: String
    /// The claimed score (finite); the hive re-scores the layout and refuses a mismatch.
    package var score: Double
    /// True when the node finished the unit with this result. A mistyped `final` reads as false, as
    /// the hive has always read it.
    package var isFinal: Bool

    /// Creates a submission.
    package init(jobID: String, unit: Int, leaseToken: String, nodeID: String, nonce: String, layout: String, score: Double,
                 isFinal: Bool) {
        self.jobID = jobID
        self.unit = unit
        self.leaseToken = leaseToken
        self.nodeID = nodeID
        self.nonce = nonce
        self.layout = layout
        self.score = score
        self.isFinal = isFinal
    }

    /// Reads a submission.
    package init(json: JSONValue) throws(HiveMessageError) {
        let fields = try HiveFields(json, context: "result")
        self.init(jobID: try fields.string("job_id", bytes: 64...64),
                  unit: Int(try fields.integer("unit", in: 0...HiveMessages.maxUnits - 1)),
                  leaseToken: try fields.string("lease_token"), nodeID: try fields.identifier("node_id"),
                  nonce: try fields.identifier("nonce"), layout: try fields.string("layout"), score: try fields.number("score"),
                  isFinal: fields.lenientBool("final") ?? false)
    }

    /// The request body.
    package var json: JSONValue {
        var builder = HiveObjectBuilder()
        builder.add("job_id", .string(jobID))
        builder.add("unit", .int(Int64(unit)))
        builder.add("lease_token", .string(leaseToken))
        builder.add("node_id", .string(nodeID))
        builder.add("nonce", .string(nonce))
        builder.add("layout", .string(layout))
        builder.add("score", .finite(score))
        builder.add("final", .bool(isFinal))
        return builder.json
    }
}

/// The answer to an accepted result (201).
package struct HiveResultAccepted: HiveMessage {
    /// The stored result's id.
    package var resultID: Int64
    /// The exact score the hive computed.
    package var score: Double
    /// True when it is the job's new best.
    package var isNewBest: Bool
    /// The job's status after it (`running`, or `done` when it finished the last unit).
    package var jobStatus: String

    /// Creates the answer.
    package init(resultID: Int64, score: Double, isNewBest: Bool, jobStatus: String) {
        self.resultID = resultID
        self.score = score
        self.isNewBest = isNewBest
        self.jobStatus = jobStatus
    }

    /// Reads the answer.
    package init(json: JSONValue) throws(HiveMessageError) {
        let fields = try HiveFields(json, context: "result accepted")
        self.init(resultID: try fields.integer("result_id"), score: try fields.number("score"), isNewBest: try fields.bool("new_best"),
                  jobStatus: try fields.string("job_status"))
    }

    /// The answer body.
    package var json: JSONValue {
        .object(JSONObject([("result_id", .int(resultID)), ("score", .finite(score)), ("new_best", .bool(isNewBest)),
                            ("job_status", .string(jobStatus))]))
    }
}

/// An error answer: `{"error": {"code", "message"}}`; `code` is machine-readable (`stale_lease`).
package struct HiveErrorBody: HiveMessage, Error {
    /// The machine-readable code.
    package var code: String
    /// What went wrong, for people.
    package var message: String

    /// Creates the body.
    package init(code: String, message: String) {
        self.code = code
        self.message = message
    }

    /// Reads the body.
    package init(json: JSONValue) throws(HiveMessageError) {
        let outer = try HiveFields(json, context: "error")
        let fields = try HiveFields(try outer.object("error"), context: "error")
        self.init(code: try fields.string("code"), message: try fields.string("message"))
    }

    /// The answer body.
    package var json: JSONValue {
        .object(JSONObject([("error", .object(JSONObject([("code", .string(code)), ("message", .string(message))])))]))
    }
}
