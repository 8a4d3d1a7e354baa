import CShims
import Glibc

/// A resolved socket address (IPv4, IPv6 or Unix), kept as raw `sockaddr_storage` bytes.
struct SocketAddress {
    /// `AF_INET`, `AF_INET6` or `AF_UNIX`.
    var family: Int32
    private var storage: sockaddr_storage
    private var length: socklen_t

    /// Calls `body` with the address as a `sockaddr` pointer and its length.
    func withSockaddr<T>(_ body: (UnsafePointer<sockaddr>, socklen_t) throws(SystemError) -> T) throws(SystemError) -> T {
        var copy = storage
        return try withUnsafePointer(to: &copy) { pointer throws(SystemError) in
            try pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { address throws(SystemError) in
                try body(address, length)
            }
        }
    }

    /// A Unix-domain address; a path longer than `sun_path` holds is refused with ENAMETOOLONG.
    static func unix(_ path: String) throws(SystemError) -> SocketAddress {
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        let bytes = Array(path.utf8)
        let capacity = MemoryLayout.size(ofValue: address.sun_path)
        guard bytes.count < capacity, !bytes.isEmpty else {
            throw SystemError(code: ENAMETOOLONG, call: "connect", subject: "unix:\(path)")
        }
        withUnsafeMutableBytes(of: &address.sun_path) { raw in
            raw.copyBytes(from: bytes)
            raw[bytes.count] = 0
        }
        var storage = sockaddr_storage()
        withUnsafeMutableBytes(of: &storage) { target in
            withUnsafeBytes(of: address) { source in target.copyMemory(from: source) }
        }
        let length = socklen_t(MemoryLayout<sa_family_t>.size + bytes.count + 1)
        return SocketAddress(family: AF_UNIX, storage: storage, length: length)
    }

    /// Every stream address `host` resolves to (numeric addresses without a DNS look-up).
    /// The corresponding C function is `getaddrinfo`.
    static func resolve(host: String, port: UInt16) throws(SystemError) -> [SocketAddress] {
        var hints = addrinfo()
        hints.ai_family = AF_UNSPEC
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        var list: UnsafeMutablePointer<addrinfo>?
        let status = getaddrinfo(host, String(port), &hints, &list)
        guard status == 0, let first = list else {
            // getaddrinfo reports through its own codes, not errno; EHOSTUNREACH names the outcome.
            let reason = String(cString: gai_strerror(status))
            throw SystemError(code: EHOSTUNREACH, call: "resolve (\(reason))", subject: "\(host):\(port)")
        }
        defer { freeaddrinfo(list) }
        var addresses: [SocketAddress] = []
        var cursor: UnsafeMutablePointer<addrinfo>? = first
        while let entry = cursor {
            if let raw = entry.pointee.ai_addr, entry.pointee.ai_addrlen <= MemoryLayout<sockaddr_storage>.size {
                var storage = sockaddr_storage()
                withUnsafeMutableBytes(of: &storage) { target in
                    target.copyMemory(from: UnsafeRawBufferPointer(start: raw, count: Int(entry.pointee.ai_addrlen)))
                }
                addresses.append(SocketAddress(family: entry.pointee.ai_family, storage: storage, length: entry.pointee.ai_addrlen))
            }
            cursor = entry.pointee.ai_next
        }
        return addresses
    }
}
