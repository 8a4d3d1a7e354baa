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
        /// Reading the body of `head`.
        case body(HTTPRequestHead)
        /// A handler is running or a streamed body is being sent.
        case responding
    }

    /// Reads per readiness event before yielding to other connections.
    static let maxReadsPerEvent = 4

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
        updateInterest()
        updateTimer()
        if peerClosedInput { closeIfFinished() }
    }

    // MARK: - Requests

    private var pendingOutput: Int { output.count }

    private func processInput() {
        while !isClosed, !closeAfterFlush, pendingOutput < server.configuration.outputHighWaterBytes {
            switch phase {
            case .responding:
                return
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
                    beginBody(head)
                }
            case .body(let head):
                guard readBody(head) else { return }
            }
        }
    }

    private func beginBody(_ head: HTTPRequestHead) {
        requestStarted = .now
        currentMethod = head.method
        currentPath = head.target
        body.removeAll(keepingCapacity: false)
        phase = .body(head)
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
    private func readBody(_ head: HTTPRequestHead) -> Bool {
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
        dispatch(request, keepAlive: head.keepAlive)
        body = []
        return true
    }

    private func dispatch(_ request: HTTPRequest, keepAlive: Bool) {
        phase = .responding
        keepAliveAfterResponse = keepAlive
        updateTimer()
        let match = server.responder.match(request)
        let isHead = request.method == "HEAD"
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
                close()
                return
            }
            // Drained below the mark: resume parsing any pipelined requests held back.
            if case .head = phase, inputStart < input.count { processInput() }
            if pendingOutput > 0 { server.markDirty(self) }
        }
        updateInterest()
        updateTimer()
        if peerClosedInput { closeIfFinished() }
    }

    private func updateInterest() {
        guard !isClosed, let registration else { return }
        var interest: IOEvents = []
        let paused = pendingOutput >= server.configuration.outputHighWaterBytes
        if !peerClosedInput && !paused && !closeAfterFlush { interest.formUnion([.readable, .readHangup]) }
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
        if case .body = phase { close() }
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
            case .body: deadline = phaseStarted + configuration.bodyTimeout
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
        case .responding: isMidRequest = false
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
        } else {
            keepAliveAfterResponse = false
        }
    }

    /// Closes the connection (idempotent).
    func close() {
        guard !isClosed else { return }
        isClosed = true
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
