import KeyForgeSystem
import KeyForgeWire

/// One connection to a Valkey server: handshake, pipelined commands, and push frames for pub/sub.
///
/// Thread rule: one owner at a time (the pool hands it out). After any connection failure or
/// timeout the connection is marked broken and closed: its reply stream can no longer be trusted
/// to line up with its commands, so it is never reused.
public final class ValkeyConnection: @unchecked Sendable {
    /// The size of one socket read.
    public static let readChunkBytes = 64 << 10

    /// The configuration it was opened with.
    public let configuration: ValkeyConfiguration
    /// 3 when the server accepted `HELLO 3`, 2 otherwise.
    public private(set) var protocolVersion = 2
    /// True once a failure made this connection unusable.
    public private(set) var isBroken = false

    private let socket: StreamSocket
    private var reader = RESPReader()
    private var output: [UInt8] = []
    private let readBuffer = UnsafeMutableRawBufferPointer.allocate(byteCount: readChunkBytes, alignment: 16)

    private init(socket: StreamSocket, configuration: ValkeyConfiguration) {
        self.socket = socket
        self.configuration = configuration
    }

    deinit { readBuffer.deallocate() }

    /// Connects and runs the handshake (HELLO 3 or RESP2 AUTH, CLIENT SETNAME, SELECT).
    public static func connect(_ configuration: ValkeyConfiguration) throws(ValkeyError) -> ValkeyConnection {
        let socket: StreamSocket
        do {
            socket = try StreamSocket.connect(to: configuration.endpoint, deadline: .now + configuration.connectTimeout)
        } catch {
            throw .connection(error)
        }
        let connection = ValkeyConnection(socket: socket, configuration: configuration)
        try connection.handshake()
        return connection
    }

    private func handshake() throws(ValkeyError) {
        if configuration.prefersRESP3 {
            // HELLO 3 authenticates and names the client in one round trip on servers that speak RESP3.
            var hello = ["HELLO", "3"]
            if let password = configuration.password { hello += ["AUTH", configuration.username ?? "default", password] }
            if let name = configuration.clientName { hello += ["SETNAME", name] }
            switch try pipeline([hello])[0] {
            case .map, .array:
                protocolVersion = 3
            case .error(let message) where message.hasPrefix("NOPROTO") || message.lowercased().contains("unknown command"):
                try handshakeRESP2()
            case .error(let message):
                markBroken()
                throw .server(message)
            case let other:
                markBroken()
                throw .unexpectedReply("HELLO answered \(other)")
            }
        } else {
            try handshakeRESP2()
        }
        if configuration.database != 0 { try execute(["SELECT", String(configuration.database)]) }
    }

    /// The RESP2 handshake: the same steps as HELLO's options, one command each.
    private func handshakeRESP2() throws(ValkeyError) {
        do {
            if let password = configuration.password {
                try execute(["AUTH"] + (configuration.username.map { [$0] } ?? []) + [password])
            }
            if let name = configuration.clientName { try execute(["CLIENT", "SETNAME", name]) }
        } catch {
            markBroken()
            throw error
        }
    }

    /// Sends one command and returns its reply; an error reply throws `.server`.
    @discardableResult
    public func execute(_ arguments: [String]) throws(ValkeyError) -> RESPValue {
        let reply = try pipeline([arguments])[0]
        if case .error(let message) = reply { throw .server(message) }
        return reply
    }

    /// Sends one binary-safe command and returns its reply; an error reply throws `.server`.
    @discardableResult
    public func execute(bytes arguments: [[UInt8]]) throws(ValkeyError) -> RESPValue {
        let reply = try pipeline(bytes: [arguments])[0]
        if case .error(let message) = reply { throw .server(message) }
        return reply
    }

    /// Sends every command in one write and reads their replies in order; error replies come back as
    /// `.error` values in their place (one failing command does not hide the others' results).
    public func pipeline(_ commands: [[String]]) throws(ValkeyError) -> [RESPValue] {
        try pipelineEncoded(count: commands.count) { buffer in
            for command in commands { RESPEncoder.append(command: command, to: &buffer) }
        }
    }

    /// `pipeline(_:)` for binary-safe arguments.
    public func pipeline(bytes commands: [[[UInt8]]]) throws(ValkeyError) -> [RESPValue] {
        try pipelineEncoded(count: commands.count) { buffer in
            for command in commands { RESPEncoder.append(command: command, to: &buffer) }
        }
    }

    private func pipelineEncoded(count: Int, _ encode: (inout [UInt8]) -> Void) throws(ValkeyError) -> [RESPValue] {
        let deadline = ContinuousClock.now + configuration.commandTimeout
        try send(deadline: deadline, encode)
        var replies: [RESPValue] = []
        replies.reserveCapacity(count)
        while replies.count < count {
            let reply = try readValue(deadline: deadline)
            // Out-of-band RESP3 pushes (e.g. tracking invalidations) are not replies to our commands.
            if case .push = reply, protocolVersion == 3 { continue }
            replies.append(reply)
        }
        return replies
    }

    /// Writes commands without waiting for replies (subscribe and friends, whose answers arrive as pushes).
    public func send(_ commands: [[String]]) throws(ValkeyError) {
        try send(deadline: .now + configuration.commandTimeout) { buffer in
            for command in commands { RESPEncoder.append(command: command, to: &buffer) }
        }
    }

    private func send(deadline: ContinuousClock.Instant, _ encode: (inout [UInt8]) -> Void) throws(ValkeyError) {
        guard !isBroken else { throw .closed(configuration.endpoint.description) }
        output.removeAll(keepingCapacity: true)
        encode(&output)
        do {
            try socket.writeAll(output, deadline: deadline)
        } catch {
            markBroken()
            throw .connection(error)
        }
    }

    /// The next value the server sends, waiting until `deadline`; nil when the deadline passes first.
    /// Meant for pub/sub, where silence is normal: a quiet wait does not break the connection.
    public func nextValue(until deadline: ContinuousClock.Instant) throws(ValkeyError) -> RESPValue? {
        while true {
            if let value = try bufferedValue() { return value }
            let readable: Bool
            do { readable = try socket.waitReadable(until: deadline) } catch { markBroken(); throw .connection(error) }
            if !readable { return nil }
            try fill(deadline: deadline)
        }
    }

    private func readValue(deadline: ContinuousClock.Instant) throws(ValkeyError) -> RESPValue {
        while true {
            if let value = try bufferedValue() { return value }
            try fill(deadline: deadline)
        }
    }

    private func bufferedValue() throws(ValkeyError) -> RESPValue? {
        do {
            return try reader.next()
        } catch {
            markBroken()
            throw .protocolViolation(error.message)
        }
    }

    private func fill(deadline: ContinuousClock.Instant) throws(ValkeyError) {
        let count: Int
        do {
            count = try socket.read(into: readBuffer, deadline: deadline)
        } catch {
            markBroken()
            throw .connection(error)
        }
        if count == 0 {
            markBroken()
            throw .closed(configuration.endpoint.description)
        }
        reader.feed(UnsafeRawBufferPointer(rebasing: readBuffer[0..<count]))
    }

    /// A cheap check before reuse: an idle connection that became readable was closed by the server
    /// (or holds stray bytes); either way it must not carry a new command.
    public var isIdleAndOpen: Bool {
        guard !isBroken, reader.bufferedByteCount == 0 else { return false }
        let readable = (try? socket.waitReadable(until: .now)) ?? true
        return !readable
    }

    /// Marks the connection unusable and closes its socket.
    public func markBroken() {
        isBroken = true
        socket.close()
    }
}
