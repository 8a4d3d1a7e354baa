import KeyForgeAdapters
import KeyForgeWire

extension HiveAPI {
    /// `GET /archive`: the archive worker link and the recent archive tasks.
    func archiveStatus() -> HTTPResponse {
        guard let archiver else { return Self.archiveDisabled }
        return .json(archiver.statusJSON)
    }

    /// `POST /archive` (`HiveArchiveRequest`): queues one
    /// task per collection and answers 202 with their states (queued, or refused with the reason).
    func archive(_ request: HTTPRequest) -> HTTPResponse {
        guard let archiver else { return Self.archiveDisabled }
        let archive: HiveArchiveRequest
        switch decode(HiveArchiveRequest.self, request, code: "invalid_archive") {
        case .success(let message): archive = message
        case .failure(let box): return box.response
        }
        do throws(HiveArchiverError) {
            let statuses = try archiver.archiveNow(olderThan: archive.olderThanSeconds, collections: archive.collections,
                                                   batchSize: archive.batchSize)
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
