import CShims
import Glibc

/// A non-blocking listening socket (TCP or Unix) whose `accept` returns would-block as a value.
public final class ListeningSocket: @unchecked Sendable {
    /// The default accept backlog (the kernel caps it at `net.core.somaxconn`).
    public static let defaultBacklog: Int32 = 1024

    /// The listening descriptor, or -1 once closed.
    public private(set) var descriptor: Int32
    /// What it listens on; for TCP port 0 this holds the port the kernel chose.
    public let endpoint: SocketEndpoint

    private init(descriptor: Int32, endpoint: SocketEndpoint) {
        self.descriptor = descriptor
        self.endpoint = endpoint
    }

    deinit { close() }

    /// Listens on `host:port` (port 0 picks a free one); SO_REUSEADDR always, SO_REUSEPORT on request.
    /// The corresponding C functions are `socket`, `bind` and `listen`.
    public static func tcp(host: String, port: UInt16, backlog: Int32 = defaultBacklog, reusePort: Bool = false) throws(SystemError) -> ListeningSocket {
        let subject = SocketEndpoint.tcp(host: host, port: port).description
        guard let address = try SocketAddress.resolve(host: host, port: port).first else {
            throw SystemError(code: EADDRNOTAVAIL, call: "bind", subject: subject)
        }
        let fd = try openSocket(family: address.family, subject: subject)
        var on: Int32 = 1
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &on, socklen_t(MemoryLayout<Int32>.size))
        if reusePort { setsockopt(fd, SOL_SOCKET, SO_REUSEPORT, &on, socklen_t(MemoryLayout<Int32>.size)) }
        try bindAndListen(fd, address, backlog: backlog, subject: subject)
        return ListeningSocket(descriptor: fd, endpoint: .tcp(host: host, port: boundPort(fd) ?? port))
    }

    /// Listens on a Unix socket at `path`, replacing a stale socket file left by a previous run. With
    /// `mode` the socket file gets those permissions before it listens, so no peer can connect through
    /// looser ones in between. The corresponding C function for the mode is `chmod`.
    public static func unix(path: String, backlog: Int32 = defaultBacklog, mode: mode_t? = nil) throws(SystemError) -> ListeningSocket {
        let subject = "unix:\(path)"
        let address = try SocketAddress.unix(path)
        let fd = try openSocket(family: AF_UNIX, subject: subject)
        if (try? FileSystem.entryKind(path)) == .socket { unlink(path) }
        try bindAndListen(fd, address, backlog: backlog, subject: subject) { () throws(SystemError) in
            guard let mode else { return }
            _ = try retryingInterrupts("chmod", path) { chmod(path, mode) }
        }
        return ListeningSocket(descriptor: fd, endpoint: .unix(path: path))
    }

    /// Binds and listens, closing `fd` on failure.
    private static func bindAndListen(_ fd: Int32, _ address: SocketAddress, backlog: Int32, subject: String,
                                      afterBind: () throws(SystemError) -> Void = {}) throws(SystemError) {
        do {
            try address.withSockaddr { pointer, length throws(SystemError) in
                _ = try retryingInterrupts("bind", subject) { bind(fd, pointer, length) }
            }
            try afterBind()
            _ = try retryingInterrupts("listen", subject) { listen(fd, backlog) }
        } catch {
            Glibc.close(fd)
            throw error
        }
    }

    private static func openSocket(family: Int32, subject: String) throws(SystemError) -> Int32 {
        try retryingInterrupts("socket", subject) {
            socket(family, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_NONBLOCK.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        }
    }

    private static func boundPort(_ fd: Int32) -> UInt16? {
        var storage = sockaddr_storage()
        var length = socklen_t(MemoryLayout<sockaddr_storage>.size)
        let ok = withUnsafeMutablePointer(to: &storage) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) == 0 }
        }
        guard ok else { return nil }
        switch Int32(storage.ss_family) {
        case AF_INET:
            return withUnsafeBytes(of: storage) { UInt16(bigEndian: $0.load(as: sockaddr_in.self).sin_port) }
        case AF_INET6:
            return withUnsafeBytes(of: storage) { UInt16(bigEndian: $0.load(as: sockaddr_in6.self).sin6_port) }
        default:
            return nil
        }
    }

    /// What `accept` found.
    public enum Accepted: Equatable, Sendable {
        /// A new connection's descriptor, non-blocking and close-on-exec.
        case connection(Int32)
        /// No connection is waiting.
        case wouldBlock
        /// The process or system is out of descriptors (EMFILE/ENFILE): the caller should pause accepting.
        case outOfDescriptors
    }

    /// Takes one pending connection. Transient per-connection failures (ECONNABORTED, a peer that
    /// reset before we got to it) count as would-block for that attempt. The corresponding C function is `accept4`.
    public func accept() throws(SystemError) -> Accepted {
        // Closed by us: a known state, answered as an error rather than trapping in the choke point.
        if descriptor < 0 { throw SystemError(code: EBADF, call: "accept4", subject: endpoint.description) }
        while true {
            let (fd, code) = uninterruptedCall("accept4") { kf_accept_nonblocking(descriptor) }
            switch code {
            case 0: return .connection(fd)
            case ECONNABORTED, EPROTO: continue
            case EAGAIN, EWOULDBLOCK: return .wouldBlock
            case EMFILE, ENFILE, ENOBUFS, ENOMEM: return .outOfDescriptors
            default: throw SystemError(code: code, call: "accept4", subject: endpoint.description)
            }
        }
    }

    /// Waits until a connection is pending or `deadline` passes; true when one is. The corresponding C function is `poll`.
    public func waitForConnection(until deadline: ContinuousClock.Instant) throws(SystemError) -> Bool {
        do {
            try StreamSocket.waitFor(fd: descriptor, events: Int16(POLLIN), deadline: deadline, call: "poll", subject: endpoint.description)
            return true
        } catch where error.code == ETIMEDOUT {
            return false
        }
    }

    /// Stops listening; a Unix socket's file is removed. The corresponding C function is `close`.
    public func close() {
        guard descriptor >= 0 else { return }
        Glibc.close(descriptor)
        descriptor = -1
        if case .unix(let path) = endpoint { unlink(path) }
    }
}
