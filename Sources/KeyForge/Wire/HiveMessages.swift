/// A message of the hive's HTTP API (docs/ARCHITECTURE.md section 4), read and written by both sides.
///
/// The hive's routes decode requests and encode answers with these types; the agent and `keyforge job`
/// build requests and decode answers with the same types, so each field name is spelled once, here
/// and in `Wire/Hive/`. `init(json:)` refuses a missing or invalid field by name; `json` writes the
/// message so that `init(json:)` reads back an equal value (the `FuzzHive` fuzzer checks it).
package protocol HiveMessage: Equatable, Sendable {
    /// Reads the message, refusing missing, mistyped or out-of-range fields by name.
    init(json: JSONValue) throws(HiveMessageError)
    /// The message as JSON.
    var json: JSONValue { get }
}

/// Every message type, for the fuzzer and the round-trip tests.
package enum HiveMessages {
    /// Each message type of the hive's API, requests and answers alike.
    package static let all: [any HiveMessage.Type] = [
        HiveNodeRegistration.self, HiveNodeRegistered.self, HiveNodeHeartbeat.self, HiveNodeHeartbeatAnswer.self,
        HiveLeaseRequest.self, HiveLeaseGrant.self, HiveLeaseRenewal.self, HiveLeaseRenewed.self, HiveLeaseReleased.self,
        HiveResultSubmission.self, HiveResultAccepted.self,
        HiveJobSubmitted.self, HiveJobCancelled.self, HiveJobStatus.self, HiveJobList.self, HivePopulation.self,
        HiveJobEvent.self, HiveArchiveRequest.self, HiveClusterStats.self, HiveJobKeyboard.self, HiveErrorBody.self,
    ]

    /// The most units a job may have; `HiveResultSubmission` refuses units at or past it (Services'
    /// `JobConfig.maxUnits` is the same number, a test holds them together).
    package static let maxUnits: Int64 = 100_000
}

/// A field of a hive message that is missing or invalid: the message, the field and what is wrong.
package struct HiveMessageError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The message being read, e.g. `result`.
    package let context: String
    /// The field at fault, e.g. `node_id` (empty when the whole body is wrong).
    package let field: String
    /// What is wrong with it.
    package let problem: String
    /// True when the text itself is unusable rather than a wrong value (a control character in a
    /// string): the hive answers 400, as for a body that is not JSON, instead of 422.
    package let isMalformed: Bool

    /// Creates the error.
    package init(context: String, field: String, problem: String, isMalformed: Bool = false) {
        self.context = context
        self.field = field
        self.problem = problem
        self.isMalformed = isMalformed
    }

    /// `result: node_id must be 1-64 characters of [A-Za-z0-9._-]`.
    package var message: String { field.isEmpty ? "\(context): \(problem)" : "\(context): \(field) \(problem)" }

    /// The same as `message`.
    package var description: String { message }
}

/// The identifiers of the hive's API.
package enum HiveIdentifier {
    /// Node ids and nonces: 1-64 characters of `[A-Za-z0-9._-]`.
    package static func isIdentifier(_ text: String) -> Bool {
        !text.isEmpty && text.utf8.count <= 64 && text.utf8.allSatisfy { byte in
            (48...57).contains(byte) || (65...90).contains(byte) || (97...122).contains(byte) || byte == 46 || byte == 95 || byte == 45
        }
    }

    /// A job id: 64 lower-case hex digits (the SHA-256 of the job's canonical config).
    package static func isJobID(_ text: String) -> Bool {
        text.utf8.count == 64 && text.utf8.allSatisfy { (48...57).contains($0) || (97...102).contains($0) }
    }

    /// The problem stated for a field that is not an identifier.
    package static let identifierRule = "must be 1-64 characters of [A-Za-z0-9._-]"
}
