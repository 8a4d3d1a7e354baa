import KeyForgeSystem

/// A Server-Sent Events stream (text/event-stream) fed from any thread.
///
/// Bounded: when more than `maxQueuedBytes` wait for a slow client, the stream ends (the client
/// reconnects with `Last-Event-ID` and resyncs), rather than holding unbounded memory for it.
public final class ServerSentEventStream: HTTPBodyStream {
    /// The default bound on bytes queued for one client.
    public static let defaultMaxQueuedBytes = 1 << 20

    private struct State {
        var queue: [[UInt8]] = []
        var queuedBytes = 0
        var isFinished = false
        var isCancelled = false
        var wake: (@Sendable () -> Void)?
    }

    private let state = Locked(State())
    private let maxQueuedBytes: Int
    private let onCancel: @Sendable () -> Void

    /// Creates a stream; `onCancel` runs once when the client goes away (to unsubscribe it).
    public init(maxQueuedBytes: Int = ServerSentEventStream.defaultMaxQueuedBytes, onCancel: @escaping @Sendable () -> Void = {}) {
        self.maxQueuedBytes = maxQueuedBytes
        self.onCancel = onCancel
    }

    /// Unknown in advance: SSE is sent chunked.
    public var contentLength: Int? { nil }

    /// True once the client went away or the stream was finished.
    public var isClosed: Bool { state.withLock { $0.isCancelled || $0.isFinished } }

    /// Queues one event; false when the stream is closed or the client fell too far behind (then it ends).
    @discardableResult
    public func send(event: String? = nil, id: String? = nil, data: String) -> Bool {
        var text = ""
        if let id { text += "id: \(Self.singleLine(id))\n" }
        if let event { text += "event: \(Self.singleLine(event))\n" }
        for line in data.split(separator: "\n", omittingEmptySubsequences: false) { text += "data: \(line)\n" }
        text += "\n"
        return enqueue(Array(text.utf8))
    }

    /// Queues a comment line (`: text`), used as a keep-alive ping through proxies.
    @discardableResult
    public func sendComment(_ comment: String) -> Bool {
        enqueue(Array(": \(Self.singleLine(comment))\n\n".utf8))
    }

    /// Ends the stream after what is queued.
    public func finish() {
        let wake = state.withLock { state -> (@Sendable () -> Void)? in
            state.isFinished = true
            return state.wake
        }
        wake?()
    }

    private func enqueue(_ bytes: [UInt8]) -> Bool {
        let (accepted, wake) = state.withLock { state -> (Bool, (@Sendable () -> Void)?) in
            guard !state.isFinished, !state.isCancelled else { return (false, nil) }
            if state.queuedBytes + bytes.count > maxQueuedBytes {
                state.isFinished = true
                return (false, state.wake)
            }
            state.queue.append(bytes)
            state.queuedBytes += bytes.count
            return (true, state.wake)
        }
        wake?()
        return accepted
    }

    public func pull(maxBytes: Int) -> HTTPStreamChunk {
        state.withLock { state in
            guard !state.queue.isEmpty else { return state.isFinished ? .end : .wait }
            var out: [UInt8] = []
            while let first = state.queue.first, out.isEmpty || out.count + first.count <= maxBytes {
                out += first
                state.queuedBytes -= first.count
                state.queue.removeFirst()
            }
            return .bytes(out)
        }
    }

    public func setWakeHandler(_ wake: @escaping @Sendable () -> Void) {
        state.withLock { $0.wake = wake }
    }

    public func cancel() {
        let first = state.withLock { state -> Bool in
            defer { state.isCancelled = true; state.queue.removeAll(); state.wake = nil }
            return !state.isCancelled
        }
        if first { onCancel() }
    }

    private static func singleLine(_ text: String) -> String {
        String(text.filter { $0 != "\n" && $0 != "\r" })
    }
}
