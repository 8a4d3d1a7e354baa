import CShims
import Glibc

/// A connected, non-blocking stream socket (TCP or Unix) with deadline-bounded reads and writes.
///
/// Thread rule: one owner at a time. The descriptor is closed exactly once, by `close()` or on
/// release. Every call passes the choke point (`uninterruptedCall`), so EINTR never surfaces; EAGAIN turns into a
/// `poll` bounded by the caller's deadline, and a deadline that passes is `ETIMEDOUT`.
public final class StreamSocket: @unchecked Sendable {
    /// The descriptor, or -1 once closed.
    public private(set) var descriptor: Int32
    /// What this socket is connected to, for messages.
    public let endpoint: SocketEndpoint

    /// Adopts a connected descriptor (it must already be non-blocking and close-on-exec).
    public init(adopting descriptor: Int32, endpoint: SocketEndpoint) {
        self.descriptor = descriptor
        self.endpoint = endpoint
    }

    deinit { close() }

    /// Closes the descriptor; later calls do nothing. The corresponding C function is `close`.
    public func close() {
        guard descriptor >= 0 else { return }
        // close(2) must not be retried on EINTR on Linux: the descriptor is released either way.
        _ = Glibc.close(descriptor)
        descriptor = -1
    }

    /// Connects to `endpoint`, waiting until `deadline` at most; every address a name resolves to is tried in turn.
    public static func connect(to endpoint: SocketEndpoint, deadline: ContinuousClock.Instant) throws(SystemError) -> StreamSocket {
        switch endpoint {
        case .unix(let path):
            let fd = try SocketAddress.unix(path).withSockaddr { address, length throws(SystemError) in
                try connectOne(family: AF_UNIX, address: address, length: length, deadline: deadline, subject: endpoint.description)
            }
            return StreamSocket(adopting: fd, endpoint: endpoint)
        case .tcp(let host, let port):
            var lastError = SystemError(code: EHOSTUNREACH, call: "connect", subject: endpoint.description)
            for address in try SocketAddress.resolve(host: host, port: port) {
                do {
                    let fd = try address.withSockaddr { pointer, length throws(SystemError) in
                        try connectOne(family: address.family, address: pointer, length: length, deadline: deadline,
                                       subject: endpoint.description)
                    }
                    let socket = StreamSocket(adopting: fd, endpoint: endpoint)
                    socket.setNoDelay()
                    return socket
                } catch {
                    lastError = error
                    if error.code == ETIMEDOUT { throw error }
                }
            }
            throw lastError
        }
    }

    private static func connectOne(
        family: Int32, address: UnsafePointer<sockaddr>, length: socklen_t, deadline: ContinuousClock.Instant, subject: String
    ) throws(SystemError) -> Int32 {
        let fd = try retryingInterrupts("socket", subject) {
            socket(family, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_NONBLOCK.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        }
        // A non-blocking connect answers EINPROGRESS; completion is signalled by writability and the
        // outcome read from SO_ERROR. (EINTR here also means "in progress", so it must not be retried.)
        if Glibc.connect(fd, address, length) != 0 {
            let code = errno
            guard code == EINPROGRESS || code == EINTR || code == EAGAIN else {
                _ = Glibc.close(fd)
                throw SystemError(code: code, call: "connect", subject: subject)
            }
            do {
                try waitFor(fd: fd, events: Int16(POLLOUT), deadline: deadline, call: "connect", subject: subject)
            } catch {
                _ = Glibc.close(fd)
                throw error
            }
            var failure: Int32 = 0
            var size = socklen_t(MemoryLayout<Int32>.size)
            getsockopt(fd, SOL_SOCKET, SO_ERROR, &failure, &size)
            if failure != 0 {
                _ = Glibc.close(fd)
                throw SystemError(code: failure, call: "connect", subject: subject)
            }
        }
        return fd
    }

    /// Turns off Nagle's algorithm, so small pipelined commands are not held back waiting for an ACK.
    public func setNoDelay() {
        var on: Int32 = 1
        setsockopt(descriptor, Int32(IPPROTO_TCP), TCP_NODELAY, &on, socklen_t(MemoryLayout<Int32>.size))
    }

    /// Writes every byte of `bytes`, waiting for room until `deadline`. The corresponding C function is `send`.
    public func writeAll(_ bytes: UnsafeRawBufferPointer, deadline: ContinuousClock.Instant) throws(SystemError) {
        try checkOpen("send")
        var offset = 0
        while offset < bytes.count {
            if let sent = try retryingInterruptsUnlessWouldBlock("send", endpoint.description, {
                send(descriptor, bytes.baseAddress! + offset, bytes.count - offset, Int32(MSG_NOSIGNAL))
            }) {
                offset += sent
            } else {
                try Self.waitFor(fd: descriptor, events: Int16(POLLOUT), deadline: deadline, call: "send", subject: endpoint.description)
            }
        }
    }

    /// Writes every byte of `bytes` (see `writeAll(_:deadline:)`).
    public func writeAll(_ bytes: [UInt8], deadline: ContinuousClock.Instant) throws(SystemError) {
        // Array.withUnsafeBytes rethrows untyped errors, so the typed error is carried out by hand.
        var failure: SystemError?
        bytes.withUnsafeBytes { raw in
            do throws(SystemError) { try writeAll(raw, deadline: deadline) } catch { failure = error }
        }
        if let failure { throw failure }
    }

    /// Reads what is available into `buffer`, waiting for data until `deadline`; 0 means the peer closed.
    /// The corresponding C function is `recv`.
    public func read(into buffer: UnsafeMutableRawBufferPointer, deadline: ContinuousClock.Instant) throws(SystemError) -> Int {
        try checkOpen("recv")
        while true {
            if let count = try retryingInterruptsUnlessWouldBlock("recv", endpoint.description, {
                recv(descriptor, buffer.baseAddress, buffer.count, 0)
            }) {
                return count
            }
            try Self.waitFor(fd: descriptor, events: Int16(POLLIN), deadline: deadline, call: "recv", subject: endpoint.description)
        }
    }

    /// A socket this object already closed answers EBADF as an error, as it always has: that is a
    /// known state of ours (a connection marked broken), not a stray descriptor, so it must not reach
    /// the choke point, which traps on EBADF.
    private func checkOpen(_ call: String) throws(SystemError) {
        if descriptor < 0 { throw SystemError(code: EBADF, call: call, subject: endpoint.description) }
    }

    /// Waits until the socket is readable (data or end of stream) or `deadline` passes; true when readable.
    public func waitReadable(until deadline: ContinuousClock.Instant) throws(SystemError) -> Bool {
        do {
            try Self.waitFor(fd: descriptor, events: Int16(POLLIN), deadline: deadline, call: "poll", subject: endpoint.description)
            return true
        } catch where error.code == ETIMEDOUT {
            return false
        }
    }

    /// Polls one descriptor for `events` until `deadline`; ETIMEDOUT when it passes first.
    static func waitFor(fd: Int32, events: Int16, deadline: ContinuousClock.Instant, call: String, subject: String) throws(SystemError) {
        while true {
            // Poll at least once, even with the deadline already past, so `.now` means "ready right now?".
            let remaining = ContinuousClock.now.duration(to: deadline)
            var entry = pollfd(fd: fd, events: events, revents: 0)
            let ready = try retryingInterrupts("poll", subject) { poll(&entry, 1, Self.milliseconds(remaining)) }
            // POLLERR and POLLHUP also wake us: the next send or recv reports what happened.
            if ready > 0 { return }
            if ContinuousClock.now >= deadline { throw SystemError(code: ETIMEDOUT, call: call, subject: subject) }
        }
    }

    /// A poll timeout in milliseconds, rounded up so a short remaining time never becomes a busy loop.
    static func milliseconds(_ duration: Duration) -> Int32 {
        let (seconds, attoseconds) = duration.components
        let total = seconds * 1000 + (attoseconds + 999_999_999_999_999) / 1_000_000_000_000_000
        return Int32(clamping: max(total, 0))
    }
}
