import KeyForgeSystem
import KeyForgeWire

/// One client connection: reads and frames requests, runs them in order, writes responses.
///
/// Requests on a connection are handled one at a time, in arrival order: the next pipelined head is
/// parsed only after the current response is queued, so responses can never overtake each other.
/// Output is queued and written by the server's before-sleep flush (one `send` for a burst of
/// pipelined responses); `.writable` interest is set only while output is pending. When output
/// passes the high-water mark, reading and parsing pause until it drains (a slow reader cannot make
/// us buffer without bound).
///
/// Thread rule: loop thread only; blocking handlers hand their response back through `loop.execute`.
final class HTTPConnection: EventHandler, @unchecked Sendable {
    enum Phase {
        /// Waiting for (the rest of) a request head.
        case head
        /// Reading the body of `head`, admitted to `route`.
        case body(HTTPRequestHead, HTTPAdmission.Route)
        /// A handler is running or a streamed body is being sent.
        case responding
        /// A refused request's body is read and dropped (never buffered) so the connection can be reused.
        case discarding(remaining: Int)
        /// Answered and closed for writing: input is dropped until the peer closes or the linger ends.
        case lingering
    }

    /// Reads per readiness event before yielding to other connections.
    static let maxReadsPerEvent = 4
    /// A refused body of up to 64 KiB is read and dropped to keep the connection; reading a larger one
    /// costs more than the client's new connection, so the answer says `Connection: close` instead.
    static let maxDiscardedBodyBytes = 64 << 10
    /// After answering a request whose body is left unread, the connection is closed for writing and its
    /// input dropped for up to 2 s before the close: closing with unread input would send a reset, which
    /// can destroy the answer before the client reads it (RFC 9112 §9.6).
    static let lingerDuration: Duration = .seconds(2)
    /// Input storage kept between requests, 16 KiB (a typical head): a larger buffer (a burst of body or of
    /// pipelined requests) is freed once consumed, so a waiting connection holds little beyond its body,
    /// which the server's body budget bounds.
    static let keptInputCapacity = 16 << 10
    /// Unparsed input held while a request is being answered, 64 KiB (one receive buffer): past it reading
    /// pauses until the response is queued, so pipelined bytes cannot pile up behind a slow handler.
    static let maxHeldInputBytes = 64 << 10

    unowned let server: HTTPServer
    let descriptor: Int32
    var isQueuedForFlush = false
    private(set) var isClosed = false

    private var registration: EventRegistration?
    private var timer: LoopTimer?
    private var phase = Phase.head
    private var parser: HTTPRequestParser
    private var input: [UInt8] = []
    private var inputStart = 0
    private var body: [UInt8] = []
    /// The largest body the current request may have (the route's limit within the server's).
    private var bodyLimit = 0
    /// Bytes of `server.bodyBudget` this connection holds for the current body.
    private var reservedBodyBytes = 0
    /// After the final flush, linger (close for writing, drop input) instead of closing at once.
    private var lingerOnClose = false
    private var chunked: HTTPChunkedDecoder?
    private var output = OutputQueue()
    /// Scratch for writers that produce into an array (heads, chunk frames); reused, never shared.
    private var scratch: [UInt8] = []
    /// Bytes queued for the response being written (for the access log and metrics).
    private var responseBytes = 0
    private var stream: (any HTTPBodyStream)?
    private var streamIsChunked = false
    private var streamIsWaiting = false
    private var closeAfterFlush = false
    /// True when the last write stopped on a full socket buffer (then `.writable` is wanted).
    private var isWriteBlocked = false
    private var keepAliveAfterResponse = true
    private var peerClosedInput = false
    private var phaseStarted = ContinuousClock.now
    private var lastWriteProgress = ContinuousClock.now
    private var requestStarted = ContinuousClock.now
    private var currentMethod = ""
    private var currentPath = ""

    /// The peer's address, read once at accept.
    private let remoteAddress: String

    init(server: HTTPServer, descriptor: Int32) {
        self.server = server
        self.descriptor = descriptor
        remoteAddress = SocketIO.peerAddress(descriptor)
        parser = HTTPRequestParser(limits: server.configuration.limits)
    }

    func start() throws(SystemError) {
        registration = try server.loop.register(descriptor, interest: [.readable, .readHangup], handler: self)
        timer = LoopTimer { [unowned self] in timedOut() }
        updateTimer()
    }

    // MARK: - Events

    func handle(_ events: IOEvents) {
        if events.contains(.writable) { flush() }
        if !isClosed, !events.isDisjoint(with: [.readable, .readHangup, .hangup, .error]) { readAvailable() }
    }

    private func readAvailable() {
        for _ in 0..<Self.maxReadsPerEvent {
            let result: SocketIO.ReadResult
            do {
                result = try SocketIO.read(descriptor, into: server.scratch)
            } catch {
                close()
                return
            }
            switch result {
            case .bytes(let count):
                // A lingering connection drops what arrives: nothing more will be answered.
                if case .lingering = phase {
                    if count < server.scratch.count { break }
                    continue
                }
                if inputStart == input.count {
                    input.removeAll(keepingCapacity: true)
                    inputStart = 0
                    // The first byte of a new request starts its header deadline; later bytes never extend it.
                    if case .head = phase { phaseStarted = .now }
                }
                input.append(contentsOf: UnsafeRawBufferPointer(rebasing: server.scratch[0..<count]))
                if count < server.scratch.count { break }
                continue
            case .wouldBlock:
                break
            case .endOfStream:
                // A half-close: the client sent everything it will send, but still reads our answers.
                peerClosedInput = true
            }
            break
        }
        processInput()
        if inputStart == input.count && input.capacity > Self.keptInputCapacity {
            input = []
            inputStart = 0
        }
        updateInterest()
        updateTimer()
        if peerClosedInput { closeIfFinished() }
    }

    // MARK: - Requests

    private var pendingOutput: Int { output.count }

    private func processInput() {
        while !isClosed, !closeAfterFlush, pendingOutput < server.configuration.outputHighWaterBytes {
            switch phase {
            case .responding, .lingering:
                return
            case .discarding(let remaining):
                let taken = min(remaining, input.count - inputStart)
                inputStart += taken
                guard taken == remaining else {
                    phase = .discarding(remaining: remaining - taken)
                    return
                }
                phase = .head
                phaseStarted = .now
                updateTimer()
            case .head:
                guard inputStart < input.count else { return }
                let result = input.withUnsafeBytes { raw in parser.parseHead(UnsafeRawBufferPointer(rebasing: raw[inputStart...])) }
                switch result {
                case .partial:
                    return
                case .failure(let error):
                    server.metrics.framingError()
                    respondToFramingError(status: error.status, message: error.message)
                    return
                case .complete(let head, let consumed):
                    inputStart += consumed
                    parser.reset()
                    admit(head)
                }
            case .body(let head, let route):
                guard readBody(head, route) else { return }
            }
        }
    }

    /// Decides on the head alone (docs/ARCHITECTURE.md section 4): route, method and head check, the
    /// route's body limit, then room in the server's body budget; only then is a body read.
    private func admit(_ head: HTTPRequestHead) {
        requestStarted = .now
        currentMethod = head.method
        currentPath = head.target
        var request = HTTPRequest(method: head.method, target: head.target, headers: head.headers)
        request.remoteAddress = remoteAddress
        switch server.responder.admit(request) {
        case .refused(let response):
            refuse(head, response)
        case .admitted(let route):
            bodyLimit = min(route.maxBodyBytes ?? .max, server.configuration.limits.maxBodyBytes)
            if case .contentLength(let length) = head.bodyFraming, length > 0 {
                guard length <= bodyLimit else { return refuse(head, HTTPAdmission.bodyTooLarge(limit: bodyLimit)) }
                guard server.bodyBudget.reserve(length) else {
                    server.metrics.bodyRefused()
                    return refuse(head, HTTPBodyBudget.refusal(), close: true)
                }
                reservedBodyBytes = length
            } else if head.bodyFraming == .chunked && bodyLimit == 0 {
                return refuse(head, HTTPAdmission.bodyTooLarge(limit: 0))
            }
            beginBody(head, route)
        }
    }

    /// Answers `head` with `response` without reading its body: a small body is then dropped to keep the
    /// connection; a large, chunked or awaited (100-continue) one, or `close`, ends it with a linger.
    private func refuse(_ head: HTTPRequestHead, _ response: HTTPResponse, close: Bool = false) {
        let unread: Int?
        switch head.bodyFraming {
        case .none: unread = 0
        case .contentLength(let length): unread = length
        case .chunked: unread = nil
        }
        let canDiscard = unread.map { $0 == 0 || ($0 <= Self.maxDiscardedBodyBytes && !head.expectsContinue) } ?? false
        phase = .responding
        keepAliveAfterResponse = head.keepAlive && canDiscard && !close
        if unread != 0 { lingerOnClose = true }
        respond(response, isHead: head.method == "HEAD")
        if !closeAfterFlush, let unread, unread > 0 {
            lingerOnClose = false
            phase = .discarding(remaining: unread)
            phaseStarted = .now
            updateTimer()
        }
    }

    private func beginBody(_ head: HTTPRequestHead, _ route: HTTPAdmission.Route) {
        body.removeAll(keepingCapacity: false)
        phase = .body(head, route)
        phaseStarted = .now
        switch head.bodyFraming {
        case .chunked:
            chunked = HTTPChunkedDecoder(limits: server.configuration.limits)
        case .none, .contentLength:
            chunked = nil
        }
        let hasBody = head.bodyFraming != .none && head.bodyFraming != .contentLength(0)
        // 100-continue only when the body has not started arriving anyway (RFC 9110 §10.1.1).
        if head.expectsContinue && hasBody && inputStart == input.count {
            scratch.removeAll(keepingCapacity: true)
            HTTPResponseWriter.appendContinue(to: &scratch)
            output.append(contentsOf: scratch)
            server.markDirty(self)
        }
        updateTimer()
    }

    /// Moves body bytes out of the input; true when the request was dispatched.
    private func readBody(_ head: HTTPRequestHead, _ route: HTTPAdmission.Route) -> Bool {
        switch head.bodyFraming {
        case .none:
            break
        case .contentLength(let length):
            let wanted = length - body.count
            let available = input.count - inputStart
            let taken = min(wanted, available)
            if taken > 0 {
                if body.isEmpty { body.reserveCapacity(length) }
                body.append(contentsOf: input[inputStart..<inputStart + taken])
                inputStart += taken
            }
            guard body.count == length else { return false }
        case .chunked:
            guard var decoder = chunked else { return false }
            defer { chunked = decoder }
            decoding: while inputStart < input.count {
                let event = input.withUnsafeBytes { raw in decoder.decode(UnsafeRawBufferPointer(rebasing: raw[inputStart...])) }
                switch event {
                case .data(let range):
                    // A chunked body declares no length: the route's limit and the budget are checked per chunk.
                    guard body.count + range.count <= bodyLimit else {
                        respondAndLinger(HTTPAdmission.bodyTooLarge(limit: bodyLimit))
                        return false
                    }
                    guard server.bodyBudget.reserve(range.count) else {
                        server.metrics.bodyRefused()
                        respondAndLinger(HTTPBodyBudget.refusal())
                        return false
                    }
                    reservedBodyBytes += range.count
                    body.append(contentsOf: input[(inputStart + range.lowerBound)..<(inputStart + range.upperBound)])
                    inputStart += range.upperBound
                case .needsMore:
                    inputStart = input.count
                    return false
                case .end(let consumed):
                    inputStart += consumed
                    break decoding
                case .failure(let error):
                    server.metrics.framingError()
                    respondToFramingError(status: error.status, message: error.message)
                    return false
                }
            }
            guard decoder.isComplete else { return false }
        }
        var request = HTTPRequest(method: head.method, target: head.target, headers: head.headers, body: body)
        request.remoteAddress = remoteAddress
        body = []
        dispatch(route.match(request), isHead: request.method == "HEAD", keepAlive: head.keepAlive)
        return true
    }

    private func dispatch(_ match: HTTPResponder.Match, isHead: Bool, keepAlive: Bool) {
        phase = .responding
        keepAliveAfterResponse = keepAlive
        updateTimer()
        switch match.mode {
        case .inline: respond(match.run(), isHead: isHead)
        case .blocking: runOnWorkers(match.run, isHead: isHead)
        }
    }

    /// Runs `work` on the worker pool and responds with its result back on the loop (503 when the pool is full).
    private func runOnWorkers(_ work: @escaping @Sendable () -> HTTPResponse, isHead: Bool) {
        let loop = server.loop
        let submitted = server.workers.submit { [weak self] in
            let response = work()
            loop.execute { [weak self] in
                guard let self, !self.isClosed else {
                    if case .stream(let stream) = response.body { stream.cancel() }
                    return
                }
                respond(response, isHead: isHead)
                processInput()
                updateInterest()
            }
        }
        if !submitted { respond(HTTPResponse.error(503, "server busy: try again"), isHead: isHead) }
    }

    // MARK: - Responses

    /// Queues `response` and returns to reading the next request (unless it streams).
    private func respond(_ response: HTTPResponse, isHead: Bool) {
        releaseBody()
        if case .deferred(let work) = response.body {
            runOnWorkers(work, isHead: isHead)
            return
        }
        let keepAlive = keepAliveAfterResponse && !server.isDraining && !closeAfterFlush
        var headers = response.headers
        headers.append(name: "Server", value: server.configuration.serverName)
        if !keepAlive { headers.append(name: "Connection", value: "close") }
        responseBytes = 0
        var status = response.status
        switch response.body {
        case .bytes(let bytes):
            let framing: HTTPResponseBodyFraming = (status == 204 || status == 304 || status < 200) ? .none : .contentLength(bytes.count)
            if !appendHead(HTTPResponseHead(status: status, headers: headers, bodyFraming: framing)) { status = 500 }
            if !isHead, framing != .none, status == response.status {
                output.append(bytes)
                responseBytes += bytes.count
            }
            finishResponse(keepAlive: keepAlive)
        case .deferred:
            preconditionFailure("deferred bodies are resolved above")
        case .stream(let source):
            let length = source.contentLength
            if appendHead(HTTPResponseHead(status: status, headers: headers, bodyFraming: length.map { .contentLength($0) } ?? .chunked)),
               !isHead {
                stream = source
                streamIsChunked = length == nil
                closeAfterFlush = !keepAlive
                source.setWakeHandler { [weak self, loop = server.loop] in
                    loop.execute { [weak self] in self?.streamWoke() }
                }
                pullStream()
            } else {
                source.cancel()
                finishResponse(keepAlive: keepAlive)
            }
        }
        let micros = Int((ContinuousClock.now - requestStarted) / .microseconds(1))
        server.metrics.recordRequest(status: status, bytes: responseBytes, microseconds: micros)
        server.accessLog?("\(currentMethod) \(currentPath) \(status) \(responseBytes) \(micros)us")
        server.markDirty(self)
    }

    /// Writes a response head; a head the writer refuses (CR/LF in a header value) becomes a bare 500.
    private func appendHead(_ head: HTTPResponseHead) -> Bool {
        scratch.removeAll(keepingCapacity: true)
        defer {
            output.append(contentsOf: scratch)
            responseBytes += scratch.count
        }
        do {
            try HTTPResponseWriter.append(head, to: &scratch)
            return true
        } catch {
            scratch.removeAll(keepingCapacity: true)
            try? HTTPResponseWriter.append(HTTPResponseHead(status: 500, headers: HTTPHeaders([("Connection", "close")]),
                                                            bodyFraming: .contentLength(0)), to: &scratch)
            closeAfterFlush = true
            return false
        }
    }

    private func finishResponse(keepAlive: Bool) {
        if !keepAlive { closeAfterFlush = true }
        phase = .head
        phaseStarted = .now
        updateTimer()
    }

    /// Gives back this connection's share of the server's body budget.
    private func releaseBody() {
        server.bodyBudget.release(reservedBodyBytes)
        reservedBodyBytes = 0
    }

    /// Refuses a body part-way through (too large, or no room): answer, then close with a linger.
    private func respondAndLinger(_ response: HTTPResponse) {
        keepAliveAfterResponse = false
        lingerOnClose = true
        respond(response, isHead: false)
        closeAfterFlush = true
        inputStart = input.count
    }

    private func respondToFramingError(status: Int, message: String) {
        keepAliveAfterResponse = false
        requestStarted = .now
        currentMethod = "-"
        currentPath = "-"
        respond(HTTPResponse.error(status, message), isHead: false)
        closeAfterFlush = true
        // Whatever follows a framing error cannot be trusted to be a request boundary.
        inputStart = input.count
    }

    private func streamWoke() {
        guard !isClosed, stream != nil, streamIsWaiting else { return }
        streamIsWaiting = false
        pullStream()
        server.markDirty(self)
    }

    /// Pulls from the stream while output is below the low-water mark.
    private func pullStream() {
        guard let source = stream else { return }
        while pendingOutput < server.configuration.outputLowWaterBytes {
            switch source.pull(maxBytes: server.configuration.outputLowWaterBytes) {
            case .bytes(let bytes):
                if streamIsChunked {
                    var frame: [UInt8] = []
                    frame.reserveCapacity(bytes.count + 16)
                    HTTPResponseWriter.appendChunk(bytes, to: &frame)
                    output.append(frame)
                } else {
                    output.append(bytes)
                }
            case .wait:
                streamIsWaiting = true
                return
            case .end:
                if streamIsChunked {
                    scratch.removeAll(keepingCapacity: true)
                    HTTPResponseWriter.appendLastChunk(to: &scratch)
                    output.append(contentsOf: scratch)
                }
                stream = nil
                // The keep-alive decision was taken when the stream began; a drain since then (a stream
                // ended by the shutdown hook) closes the connection now instead of at the end of the grace.
                finishResponse(keepAlive: !closeAfterFlush && keepAliveAfterResponse && !server.isDraining)
                processInput()
                return
            }
        }
    }

    // MARK: - Output

    /// Writes pending output; called from the before-sleep flush and on `.writable`.
    func flush() {
        guard !isClosed else { return }
        while pendingOutput > 0 {
            let written: Int
            do {
                written = try output.write(to: descriptor)
            } catch {
                close()
                return
            }
            if written == 0 {
                isWriteBlocked = true
                break
            }
            isWriteBlocked = false
            lastWriteProgress = .now
            if pendingOutput == 0, stream != nil { pullStream() }
        }
        if pendingOutput == 0 {
            if closeAfterFlush && stream == nil {
                if lingerOnClose { beginLinger() } else { close() }
                return
            }
            // Drained below the mark: resume parsing (or dropping a refused body) held back.
            switch phase {
            case .head, .discarding: if inputStart < input.count { processInput() }
            case .body, .responding, .lingering: break
            }
            if pendingOutput > 0 { server.markDirty(self) }
        }
        updateInterest()
        updateTimer()
        if peerClosedInput { closeIfFinished() }
    }

    private func updateInterest() {
        guard !isClosed, let registration else { return }
        var interest: IOEvents = []
        var paused = pendingOutput >= server.configuration.outputHighWaterBytes
        if case .responding = phase, input.count - inputStart >= Self.maxHeldInputBytes { paused = true }
        if !peerClosedInput && !paused && !closeAfterFlush { interest.formUnion([.readable, .readHangup]) }
        if case .lingering = phase, !peerClosedInput { interest = [.readable, .readHangup] }
        // EPOLLOUT only once a write found the socket full: output queued since the last flush goes out
        // in the before-sleep flush anyway, so asking for writability earlier costs two epoll_ctl per request.
        if pendingOutput > 0 && isWriteBlocked { interest.insert(.writable) }
        // Only an out-of-memory kernel refuses; a connection that cannot be watched is closed.
        do { try server.loop.setInterest(registration, interest) } catch { close() }
    }

    private func closeIfFinished() {
        guard !isClosed, pendingOutput == 0, stream == nil else { return }
        if case .head = phase, inputStart >= input.count { close() }
        // A body that can never complete (the client closed mid-body) is abandoned too.
        switch phase {
        case .body, .discarding, .lingering: close()
        case .head, .responding: break
        }
    }

    /// Closes for writing (the client sees the end of the answer) and drops input until the peer closes or
    /// `lingerDuration` passes, so unread body bytes do not turn the close into a reset.
    private func beginLinger() {
        guard !isClosed else { return }
        if case .lingering = phase { return }
        phase = .lingering
        phaseStarted = .now
        input = []
        inputStart = 0
        SocketIO.shutdownWrite(descriptor)
        if peerClosedInput { return close() }
        updateInterest()
        updateTimer()
    }

    // MARK: - Timeouts and shutdown

    private func updateTimer() {
        guard !isClosed, let timer else { return }
        let configuration = server.configuration
        let deadline: ContinuousClock.Instant?
        if pendingOutput > 0 {
            deadline = lastWriteProgress + configuration.sendTimeout
        } else {
            switch phase {
            case .head: deadline = phaseStarted + (inputStart < input.count ? configuration.headerTimeout : configuration.idleTimeout)
            case .body, .discarding: deadline = phaseStarted + configuration.bodyTimeout
            case .lingering: deadline = phaseStarted + Self.lingerDuration
            case .responding: deadline = nil
            }
        }
        if let deadline { server.loop.schedule(timer, at: deadline) } else { server.loop.cancel(timer) }
    }

    private func timedOut() {
        guard !isClosed else { return }
        server.metrics.timeout()
        let isMidRequest: Bool
        switch phase {
        case .head: isMidRequest = inputStart < input.count
        case .body: isMidRequest = true
        case .responding, .discarding, .lingering: isMidRequest = false
        }
        if isMidRequest && pendingOutput == 0 {
            // A request that stalled gets a 408 on its way out; an idle or stuck-writing one just closes.
            respondToFramingError(status: 408, message: "request not received in time")
            flush()
            if !isClosed { close() }
        } else {
            close()
        }
    }

    /// Shutdown has begun: close now if idle, otherwise after the current response.
    func drain() {
        if case .head = phase, inputStart >= input.count, pendingOutput == 0 {
            close()
        } else if case .lingering = phase {
            close()
        } else if case .discarding = phase {
            // The answer is out or queued; the rest of the refused body is not worth waiting for.
            closeAfterFlush = true
            lingerOnClose = true
            if pendingOutput == 0 { beginLinger() } else { server.markDirty(self) }
        } else {
            keepAliveAfterResponse = false
        }
    }

    /// Closes the connection (idempotent).
    func close() {
        guard !isClosed else { return }
        isClosed = true
        releaseBody()
        if let timer { server.loop.cancel(timer) }
        timer = nil
        if let registration { server.loop.deregister(registration) }
        registration = nil
        stream?.cancel()
        stream = nil
        SocketIO.close(descriptor)
        server.closed(self)
    }
}
