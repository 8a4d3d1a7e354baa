import Glibc
import KeyForgeSystem
import KeyForgeWire

/// One end of a newline-delimited JSON connection: any thread may send (one line at a time, under a
/// lock); one thread reads, through `reader()`.
///
/// The socket is shut down (waking its reader) by `shutdown()` and closed only when the last owner
/// lets go, so a thread still sending never writes to a descriptor number reused by someone else.
public final class JSONLineConnection: @unchecked Sendable {
    /// The socket.
    public let socket: StreamSocket
    /// How long one line may take to leave before the peer counts as stuck.
    public let writeTimeout: Duration
    private let writeLock = ConditionLock(false)

    /// Wraps a connected socket.
    public init(socket: StreamSocket, writeTimeout: Duration = .seconds(30)) {
        self.socket = socket
        self.writeTimeout = writeTimeout
    }

    deinit { socket.close() }

    /// Connects to a Unix socket.
    public static func connect(path: String, timeout: Duration = .seconds(5)) throws(SystemError) -> JSONLineConnection {
        JSONLineConnection(socket: try StreamSocket.connect(to: .unix(path: path), deadline: .now + timeout))
    }

    /// A line reader over this connection (for its one reading thread).
    public func reader(maxLineBytes: Int) -> LineReader {
        LineReader(socket: socket, maxLineBytes: maxLineBytes)
    }

    /// Sends `value` as one line.
    public func send(_ value: JSONValue) throws(SystemError) {
        var bytes = Array(JSONWriter.write(value).utf8)
        bytes.append(0x0A)
        try writeLock.withLock { (isShut: inout Bool) throws(SystemError) in
            if isShut { throw SystemError(code: EPIPE, call: "send", subject: socket.endpoint.description) }
            try socket.writeAll(bytes, deadline: .now + writeTimeout)
        }
    }

    /// Sends `value`, reporting failure as false (for messages whose loss the peer will notice anyway).
    @discardableResult
    public func trySend(_ value: JSONValue) -> Bool {
        do throws(SystemError) { try send(value) } catch { return false }
        return true
    }

    /// Shuts both directions down: the reader sees the end, later sends fail.
    public func shutdown() {
        writeLock.withLock { $0 = true }
        SocketIO.shutdownBoth(socket.descriptor)
    }
}
