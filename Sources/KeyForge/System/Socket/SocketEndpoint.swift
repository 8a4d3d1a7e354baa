/// Where a stream socket connects or listens: a TCP host and port, or a Unix socket path.
public enum SocketEndpoint: Equatable, Hashable, Sendable, CustomStringConvertible {
    /// A TCP endpoint; `host` is a name or a numeric IPv4/IPv6 address (without brackets).
    case tcp(host: String, port: UInt16)
    /// A Unix-domain stream socket at a filesystem path.
    case unix(path: String)

    /// `host:port` (IPv6 in brackets) or `unix:<path>`, for messages and logs.
    public var description: String {
        switch self {
        case .tcp(let host, let port): return host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)"
        case .unix(let path): return "unix:\(path)"
        }
    }
}
