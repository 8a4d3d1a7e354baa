import KeyForgeAdapters
import KeyForgeCore
import KeyForgeWire

extension HiveAPI {
    /// `GET /events`: Server-Sent Events of every job, so one page needs one connection (browsers allow
    /// six per host). Public, like each job's own stream.
    func allEvents(_ request: HTTPRequest) -> HTTPResponse {
        eventStream(jobID: nil, request)
    }

    /// `GET /jobs/{id}/keyboard`: the geometry of the job's board, one entry per key in layout order
    /// (`x`, `y`, `w`, `h` in key units, `hand`, `finger`, `home`), to draw the job's layouts.
    func jobKeyboard(_ request: HTTPRequest) throws(PostgresError) -> HTTPResponse {
        guard let id = jobID(request) else { return Self.failure(400, "invalid_job_id", "a job id is 64 hex digits") }
        guard let config = try store.config(of: id) else { return Self.failure(404, "no_such_job", "no job \(id)") }
        let keyboard: Keyboard
        do { keyboard = try plan(for: config).keyboard } catch { return Self.failure(500, "assets_unavailable", error.description) }
        let keys = keyboard.keys.map { key in
            HiveJobKeyboard.Key(x: key.x, y: key.y, width: key.width, height: key.height, hand: Int64(key.hand), finger: Int64(key.finger),
                                isHome: key.isHome)
        }
        return .json(HiveJobKeyboard(jobID: id, name: keyboard.name, keys: keys).json)
    }
}
