/// SIGTERM and SIGINT delivered to an event loop: the handler runs on the loop's thread, between
/// iterations, with no async-signal-safety limits (a graceful shutdown starts there).
///
/// Built on `TerminationSignals` (one signalfd for the process, read by its own thread), which
/// hands each signal over with `EventLoop.execute`.
public final class SignalSource {
    private var subscription: TerminationSubscription?

    /// Starts delivering SIGTERM and SIGINT to `onSignal` on `loop`'s thread, until this is released.
    /// Call before starting other threads when `TerminationSignals.start()` has not run yet.
    public init(loop: EventLoop, onSignal: @escaping (Int32) -> Void) throws(SystemError) {
        let handler = LoopBound(onSignal)
        subscription = try TerminationSignals.subscribe { [weak loop] signal in
            loop?.execute { handler.call(signal) }
        }
    }

    deinit { subscription?.cancel() }
}

/// A handler that may travel to another thread because it is only ever called on its loop's thread.
private final class LoopBound: @unchecked Sendable {
    private let body: (Int32) -> Void
    init(_ body: @escaping (Int32) -> Void) { self.body = body }
    func call(_ signal: Int32) { body(signal) }
}
