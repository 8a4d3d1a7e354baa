import Glibc
import KeyForgeSystem

/// A loopback TCP proxy in front of a real server whose links can be made to die silently: once
/// blackholed, a connection's bytes are read and dropped in both directions and neither side is ever
/// closed (no FIN, no RST), which is what a pulled cable or a stateful firewall that forgot the flow
/// looks like to the endpoints. Used by the dead-link tests of the Valkey subscriber and PostgreSQL.
///
/// One limit of a proxy in user space: the kernel still acknowledges what the proxy's sockets
/// receive, so TCP keepalives and `tcp_user_timeout` never fire across it; only application-level
/// liveness (pings, reply deadlines) and the server's own timeouts notice such a link.
public final class BlackholeProxy: @unchecked Sendable {
    /// How often the proxy's threads look at their stop flag.
    public static let pollInterval: Duration = .milliseconds(50)
    /// The size of one relayed read.
    static let chunkBytes = 64 << 10

    /// The loopback port clients connect to.
    public let port: UInt16
    private let target: SocketEndpoint
    private let listener: ListeningSocket
    private let state = Locked(ProxyState())
    private let threads = Locked<[SystemThread]>([])
    private let acceptor = Locked<SystemThread?>(nil)

    /// Starts listening on a free loopback port and forwarding to `127.0.0.1:targetPort`.
    public init(targetPort: UInt16) throws {
        target = .tcp(host: "127.0.0.1", port: targetPort)
        listener = try ListeningSocket.tcp(host: "127.0.0.1", port: 0)
        guard case .tcp(_, let bound) = listener.endpoint else { throw HarnessError("the proxy has no TCP port") }
        port = bound
        let thread = try SystemThread(name: "kf-proxy-accept") { [self] in acceptLoop() }
        acceptor.withLock { $0 = thread }
    }

    deinit { stop() }

    /// Every open connection goes silent for good, and new ones are accepted but silent too, until `restore()`.
    public func blackhole() {
        state.withLock { state in
            state.isBlackholed = true
            for link in state.links { link.isSilent = true }
        }
    }

    /// New connections are forwarded again; connections that were blackholed stay silent (their peers
    /// must notice and reconnect).
    public func restore() {
        state.withLock { $0.isBlackholed = false }
    }

    /// Arms a one-shot trap: the first connection whose client sends bytes containing `marker` forwards
    /// that chunk to the server and then goes silent for good (so the server runs that statement, and
    /// its answer is lost). Returns at once; `trapSprung` says when it happened.
    public func blackhole(afterClientSends marker: String) {
        state.withLock { $0.trap = Array(marker.utf8) }
    }

    /// When the armed trap closed its connection's link, or nil while it has not.
    public var trapSprung: ContinuousClock.Instant? { state.withLock { $0.trapSprung } }

    /// How many connections the proxy has accepted.
    public var acceptedCount: Int { state.withLock { $0.accepted } }

    /// Stops accepting, closes every connection and joins the threads.
    public func stop() {
        let running = state.withLock { state -> Bool in
            defer { state.isStopping = true }
            return !state.isStopping
        }
        guard running else { return }
        acceptor.withLock { $0 }?.join()  // first: it starts the relay threads
        for thread in threads.withLock({ list in defer { list.removeAll() }; return list }) { thread.join() }
        listener.close()
    }

    private var isStopping: Bool { state.withLock { $0.isStopping } }

    private func acceptLoop() {
        while !isStopping {
            guard (try? listener.waitForConnection(until: .now + Self.pollInterval)) == true,
                  case .connection(let fd)? = try? listener.accept() else { continue }
            let client = StreamSocket(adopting: fd, endpoint: .tcp(host: "127.0.0.1", port: port))
            guard let server = try? StreamSocket.connect(to: target, deadline: .now + .seconds(5)) else {
                client.close()
                continue
            }
            let link = ProxyLink(client: client, server: server)
            state.withLock { state in
                state.accepted += 1
                link.isSilent = state.isBlackholed
                state.links.append(link)
            }
            let toServer = try? SystemThread(name: "kf-proxy-up") { [self] in relay(link, fromClient: true) }
            let toClient = try? SystemThread(name: "kf-proxy-down") { [self] in relay(link, fromClient: false) }
            threads.withLock { $0 += [toServer, toClient].compactMap { $0 } }
        }
        for link in state.withLock({ $0.links }) { link.close() }
    }

    /// Copies one direction of `link` until either side closes (then both close, as a proxy does) or
    /// the proxy stops; a silent link reads and drops, and a side closing then closes nothing.
    private func relay(_ link: ProxyLink, fromClient: Bool) {
        let source = fromClient ? link.client : link.server
        let sink = fromClient ? link.server : link.client
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: Self.chunkBytes, alignment: 16)
        defer { buffer.deallocate() }
        while !isStopping {
            let count: Int
            do {
                count = try source.read(into: buffer, deadline: .now + Self.pollInterval)
            } catch where error.code == ETIMEDOUT {
                continue
            } catch {
                count = 0
            }
            let chunk = UnsafeRawBufferPointer(rebasing: buffer[0..<count])
            let silent = state.withLock { state -> Bool in
                if link.isSilent { return true }
                if fromClient, let trap = state.trap, Self.contains(chunk, trap) {
                    state.trap = nil
                    state.trapSprung = .now
                    link.isSilent = true
                    try? sink.writeAll(chunk, deadline: .now + .seconds(5))  // the trigger itself still arrives
                    return true
                }
                return false
            }
            if count == 0 {
                if silent { return }  // a dead link never tells the other side
                link.close()
                return
            }
            if silent { continue }
            if (try? sink.writeAll(chunk, deadline: .now + .seconds(5))) == nil { link.close(); return }
        }
    }

    private static func contains(_ haystack: UnsafeRawBufferPointer, _ needle: [UInt8]) -> Bool {
        guard !needle.isEmpty, haystack.count >= needle.count else { return false }
        for start in 0...(haystack.count - needle.count) where haystack[start] == needle[0] {
            if (0..<needle.count).allSatisfy({ haystack[start + $0] == needle[$0] }) { return true }
        }
        return false
    }
}

/// The proxy's shared state, guarded by its lock.
private struct ProxyState {
    var isBlackholed = false
    var isStopping = false
    var links: [ProxyLink] = []
    var trap: [UInt8]?
    var trapSprung: ContinuousClock.Instant?
    var accepted = 0
}

/// One proxied connection: the client's socket and the server's. `isSilent` is guarded by the proxy's lock.
private final class ProxyLink: @unchecked Sendable {
    let client: StreamSocket
    let server: StreamSocket
    var isSilent = false

    init(client: StreamSocket, server: StreamSocket) {
        self.client = client
        self.server = server
    }

    /// Shuts both sockets down (not close: the other direction's thread may still be reading them).
    func close() {
        SocketIO.shutdownBoth(client.descriptor)
        SocketIO.shutdownBoth(server.descriptor)
    }
}
