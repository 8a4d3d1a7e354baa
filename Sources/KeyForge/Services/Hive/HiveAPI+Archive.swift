import KeyForgeAdapters
import KeyForgeWire

extension HiveAPI {
    /// `GET /archive`: the archive worker link and the recent archive tasks.
    func archiveStatus() -> HTTPResponse {
        guard let archiver else { return Self.archiveDisabled }
        return .json(archiver.statusJSON)
    }

    /// `POST /archive` `{"older_than_seconds": N, "collections": [...]?, "batch_size": N?}`: queues one
    /// task per collection and answers 202 with their states (queued, or refused with the reason).
    func archive(_ request: HTTPRequest) -> HTTPResponse {
        guard let archiver else { return Self.archiveDisabled }
        let body: JSONObject
        switch jsonBody(request) {
        case .success(let object): body = object
        case .failure(let box): return box.response
        }
        guard let age = body["older_than_seconds"]?.int64Value, age >= 0 else {
            return Self.failure(422, "invalid_archive", "older_than_seconds must be a whole number of seconds, at least 0")
        }
        var collections: [String]?
        if let names = body["collections"], names != .null {
            guard let list = names.arrayValue?.compactMap(\.stringValue), list.count == names.arrayValue?.count, !list.isEmpty else {
                return Self.failure(422, "invalid_archive", "collections must be a non-empty array of names")
            }
            collections = list
        }
        let batchSize = body["batch_size"]?.int64Value.map { Int($0) }
        do throws(HiveArchiverError) {
            let statuses = try archiver.archiveNow(olderThan: age, collections: collections, batchSize: batchSize)
            return .json(.object(JSONObject([("tasks", .array(statuses.map(\.json)))])), status: 202)
        } catch {
            let unavailable = !archiver.isConnected
            return Self.failure(unavailable ? 503 : 422, unavailable ? "archive_unavailable" : "invalid_archive", error.description)
        }
    }

    private static var archiveDisabled: HTTPResponse {
        failure(503, "archive_disabled", "this hive runs without an archive worker (start it with --archive-socket PATH)")
    }
}
