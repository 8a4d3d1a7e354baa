import Glibc

/// SIGINT and SIGTERM for the whole process: blocked in every thread and read from one signalfd by
/// one thread, which hands each signal to whoever subscribed.
///
/// One mechanism for both kinds of process. A server subscribes through `SignalSource`, which moves
/// the signal onto its event loop (a graceful shutdown there); the client subscribes a handler that
/// sets a flag its long work polls, and ends the process with 130 on a second signal. Without any
/// subscriber a signal ends the process by its default action, as if nothing were blocked.
///
/// Why signalfd rather than `signal()` handlers: a handler may run on any thread, in the middle of
/// anything, and may do nothing but async-signal-safe work (an atomic store, `_exit`); a signal read
/// as data arrives on an ordinary thread where any code may run. The price: the signals must be
/// blocked in every thread, or the kernel delivers them the default way to a thread that left them
/// unblocked. So `start()` runs first in `main`, before any thread exists (threads inherit the
/// mask). The mask is also inherited across exec, so a child started by a thread that blocked them
/// must unblock them (posix_spawn's POSIX_SPAWN_SETSIGMASK); the keyforge binary needs nothing:
/// it blocks them itself and reads them here.
public enum TerminationSignals {
    /// The signals handled here.
    public static let signals: [Int32] = [SIGINT, SIGTERM]

    private struct State {
        var reader: SystemThread?
        var handlers: [Int: @Sendable (Int32) -> Void] = [:]
        var nextToken = 0
    }

    private static let state = Locked(State())

    /// Blocks SIGINT and SIGTERM in the calling thread and starts the thread that reads them; later
    /// calls do nothing. Call it before starting any thread. On failure the signals are unblocked
    /// again (they keep their default action) and the error is thrown.
    public static func start() throws(SystemError) {
        try state.withLock { (state: inout State) throws(SystemError) in
            guard state.reader == nil else { return }
            SignalMask.block(signals)
            do throws(SystemError) {
                let descriptor = try SignalDescriptor(signals: signals)
                state.reader = try SystemThread(name: "kf-signals") { readLoop(descriptor) }
            } catch {
                SignalMask.unblock(signals)
                throw error
            }
        }
    }

    /// Runs `handler` on the signal thread for every SIGINT or SIGTERM until the subscription ends
    /// (starting the signal thread if `start()` has not run).
    public static func subscribe(_ handler: @escaping @Sendable (Int32) -> Void) throws(SystemError) -> TerminationSubscription {
        try start()
        let token = state.withLock { state in
            state.nextToken += 1
            state.handlers[state.nextToken] = handler
            return state.nextToken
        }
        return TerminationSubscription { state.withLock { $0.handlers[token] = nil } }
    }

    private static func readLoop(_ descriptor: SignalDescriptor) {
        while true {
            let signal: Int32
            do { signal = try descriptor.next() } catch { return }
            let handlers = state.withLock { Array($0.handlers.values) }
            if handlers.isEmpty { endByDefaultAction(signal) }
            for handler in handlers { handler(signal) }
        }
    }

    /// What an unblocked signal with its default action would have done: end the process, with the
    /// signal as its cause (a parent sees WIFSIGNALED). The corresponding C function is `raise`.
    private static func endByDefaultAction(_ signal: Int32) {
        SignalDisposition.restoreDefault(signal)
        SignalMask.unblock([signal])
        raise(signal)
        ProcessExit.immediately(128 + signal)
    }
}

/// A handler registered with `TerminationSignals`; it stays registered until `cancel()` or release.
public final class TerminationSubscription: Sendable {
    private let onCancel: Locked<(@Sendable () -> Void)?>

    init(_ onCancel: @escaping @Sendable () -> Void) {
        self.onCancel = Locked(onCancel)
    }

    deinit { cancel() }

    /// Stops calling the handler; later calls do nothing.
    public func cancel() {
        let action = onCancel.withLock { action -> (@Sendable () -> Void)? in
            defer { action = nil }
            return action
        }
        action?()
    }
}
