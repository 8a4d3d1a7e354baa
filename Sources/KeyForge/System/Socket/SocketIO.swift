import CShims
import Glibc

/// Non-blocking reads and writes on a raw connected descriptor, for event-loop handlers.
///
/// Would-block and end-of-stream are values, not errors (habit 3); a reset or broken pipe is a
/// `SystemError` the handler answers by closing.
public enum SocketIO {
    /// What a read found.
    public enum ReadResult: Equatable, Sendable {
        /// This many bytes were read (at least one).
        case bytes(Int)
        /// Nothing to read now.
        case wouldBlock
        /// The peer closed its writing half.
        case endOfStream
    }

    /// Reads into `buffer` once. The corresponding C function is `recv`.
    public static func read(_ descriptor: Int32, into buffer: UnsafeMutableRawBufferPointer) throws(SystemError) -> ReadResult {
        guard let count = try retryingInterruptsUnlessWouldBlock("recv", "fd \(descriptor)", {
            recv(descriptor, buffer.baseAddress, buffer.count, 0)
        }) else { return .wouldBlock }
        if count > 0 { return .bytes(count) }
        return buffer.isEmpty ? .wouldBlock : .endOfStream
    }

    /// Writes what the socket takes now from `bytes`; returns how many (0 when it would block).
    /// MSG_NOSIGNAL: a closed peer is EPIPE here, not a process-killing SIGPIPE. The corresponding C function is `send`.
    public static func write(_ descriptor: Int32, _ bytes: UnsafeRawBufferPointer) throws(SystemError) -> Int {
        guard !bytes.isEmpty else { return 0 }
        return try retryingInterruptsUnlessWouldBlock("send", "fd \(descriptor)") {
            send(descriptor, bytes.baseAddress, bytes.count, Int32(MSG_NOSIGNAL))
        } ?? 0
    }

    /// Writes what the socket takes now from several buffers in one call; returns how many bytes (0 when
    /// it would block). The corresponding C function is `writev` (sendmsg, for MSG_NOSIGNAL).
    public static func write(_ descriptor: Int32, _ buffers: [UnsafeRawBufferPointer]) throws(SystemError) -> Int {
        guard !buffers.isEmpty else { return 0 }
        var vectors = buffers.map { iovec(iov_base: UnsafeMutableRawPointer(mutating: $0.baseAddress), iov_len: $0.count) }
        return try vectors.withUnsafeMutableBufferPointer { vectors throws(SystemError) in
            var message = msghdr()
            message.msg_iov = vectors.baseAddress
            message.msg_iovlen = vectors.count
            return try retryingInterruptsUnlessWouldBlock("sendmsg", "fd \(descriptor)") {
                sendmsg(descriptor, &message, Int32(MSG_NOSIGNAL))
            } ?? 0
        }
    }

    /// The peer's address as text (`127.0.0.1`, `::1`, or `unix` for a Unix socket); empty when unknown.
    /// The corresponding C functions are `getpeername` and `inet_ntop`.
    public static func peerAddress(_ descriptor: Int32) -> String {
        var storage = sockaddr_storage()
        var length = socklen_t(MemoryLayout<sockaddr_storage>.size)
        let ok = withUnsafeMutablePointer(to: &storage) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { getpeername(descriptor, $0, &length) == 0 }
        }
        guard ok else { return "" }
        var text = [CChar](repeating: 0, count: Int(INET6_ADDRSTRLEN) + 1)
        switch Int32(storage.ss_family) {
        case AF_INET:
            var address = withUnsafeBytes(of: storage) { $0.load(as: sockaddr_in.self) }.sin_addr
            inet_ntop(AF_INET, &address, &text, socklen_t(text.count))
        case AF_INET6:
            var address = withUnsafeBytes(of: storage) { $0.load(as: sockaddr_in6.self) }.sin6_addr
            inet_ntop(AF_INET6, &address, &text, socklen_t(text.count))
        case AF_UNIX:
            return "unix"
        default:
            return ""
        }
        return String(decoding: text.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// The user id of the process at the other end of a Unix socket (SO_PEERCRED), or nil when the
    /// kernel cannot tell (not a Unix socket). The corresponding C function is `getsockopt`.
    public static func peerUID(_ descriptor: Int32) -> uid_t? {
        var uid: UInt32 = 0
        return kf_peer_uid(descriptor, &uid) == 0 ? uid_t(uid) : nil
    }

    /// Waits until `descriptor` is readable (writable with `forWriting`), or `deadline` passes; true when
    /// it is ready. For sockets a C library owns (libpq's). The corresponding C function is `poll`.
    public static func wait(_ descriptor: Int32, forWriting: Bool = false, until deadline: ContinuousClock.Instant) throws(SystemError) -> Bool {
        do {
            try StreamSocket.waitFor(fd: descriptor, events: Int16(forWriting ? POLLOUT : POLLIN), deadline: deadline, call: "poll",
                                     subject: "descriptor \(descriptor)")
            return true
        } catch where error.code == ETIMEDOUT {
            return false
        }
    }

    /// Shuts down both halves, waking a thread blocked reading or writing it. The corresponding C function is `shutdown`.
    public static func shutdownBoth(_ descriptor: Int32) {
        _ = shutdown(descriptor, Int32(SHUT_RDWR))
    }

    /// Shuts down the writing half (the peer reads end of stream). The corresponding C function is `shutdown`.
    public static func shutdownWrite(_ descriptor: Int32) {
        _ = shutdown(descriptor, Int32(SHUT_WR))
    }

    /// Closes a descriptor once. The corresponding C function is `close`.
    public static func close(_ descriptor: Int32) {
        _ = Glibc.close(descriptor)
    }
}
