import CShims
import KeyForgeSystem

extension PostgresConnection {
    /// What waiting for a statement's answer found.
    enum Reply {
        /// The answer: the last result of the statement(s), as `PQexec` would return it; nil when libpq
        /// gave none (the connection broke: its error message says why).
        case answered(OpaquePointer?)
        /// Nothing came before the deadline: the link is presumed dead, and the connection's protocol
        /// state is unknown (a reset is due).
        case silent
    }

    /// How long one wait on the socket lasts when there is no reply deadline, before it simply waits again.
    static let unboundedWaitSlice: Duration = .seconds(3600)

    /// Flushes what `PQsend*` queued and collects the results, waiting on libpq's socket until
    /// `deadline` (nil: for ever). The socket waits pass the System layer's choke point; libpq only
    /// reads what is already there (`PQconsumeInput`), so nothing here blocks past the deadline.
    /// The corresponding C functions are `PQflush`, `PQconsumeInput`, `PQisBusy` and `PQgetResult`.
    static func awaitReply(_ handle: OpaquePointer, until deadline: ContinuousClock.Instant?) -> Reply {
        var flushed = PQflush(handle)
        while flushed == 1 {
            guard wait(handle, forWriting: true, until: deadline) else { return .silent }
            flushed = PQflush(handle)
        }
        var last: OpaquePointer?
        while true {
            while PQisBusy(handle) != 0 {
                guard wait(handle, forWriting: false, until: deadline) else {
                    PQclear(last)
                    return .silent
                }
                if PQconsumeInput(handle) == 0 { break }  // broken: PQgetResult reports it
            }
            guard let result = PQgetResult(handle) else { return .answered(last) }
            PQclear(last)
            last = result
            switch PQresultStatus(result) {
            case PGRES_COPY_IN, PGRES_COPY_OUT, PGRES_COPY_BOTH: return .answered(last)
            default: if PQstatus(handle) == CONNECTION_BAD { return .answered(last) }
            }
        }
    }

    /// Waits until libpq's socket is ready or `deadline` passes; true when ready. A failing wait (the
    /// socket is gone) counts as ready, so that libpq's next call reports the broken connection.
    private static func wait(_ handle: OpaquePointer, forWriting: Bool, until deadline: ContinuousClock.Instant?) -> Bool {
        let socket = PQsocket(handle)
        guard socket >= 0 else { return true }
        while true {
            let limit = deadline ?? .now + unboundedWaitSlice
            guard let ready = try? SocketIO.wait(socket, forWriting: forWriting, until: limit) else { return true }
            if ready { return true }
            if deadline != nil { return false }
        }
    }
}
