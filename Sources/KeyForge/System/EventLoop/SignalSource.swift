import CShims
import Glibc

/// SIGTERM and SIGINT (or any signals) delivered to an event loop as ordinary readable events.
///
/// The signals are blocked in the calling thread (call this before starting other threads, which
/// inherit the mask) and read from a signalfd, so a handler runs on the loop thread with no
/// async-signal-safety limits. The corresponding C function is `signalfd`.
public final class SignalSource: EventHandler {
    private let descriptor: Int32
    private var registration: EventRegistration?
    private let onSignal: (Int32) -> Void

    /// Blocks `signals` in the calling thread; threads it starts later inherit the mask.
    /// The corresponding C function is `pthread_sigmask`.
    public static func block(_ signals: [Int32]) {
        var mask = sigset_t()
        sigemptyset(&mask)
        for signal in signals { sigaddset(&mask, signal) }
        pthread_sigmask(SIG_BLOCK, &mask, nil)
    }

    /// Blocks `signals` and starts delivering them to `onSignal` on `loop`'s thread.
    public init(signals: [Int32], loop: EventLoop, onSignal: @escaping (Int32) -> Void) throws(SystemError) {
        Self.block(signals)
        var mask = sigset_t()
        sigemptyset(&mask)
        for signal in signals { sigaddset(&mask, signal) }
        descriptor = try retryingInterrupts("signalfd", "signals") { signalfd(-1, &mask, Int32(SFD_NONBLOCK) | Int32(SFD_CLOEXEC)) }
        self.onSignal = onSignal
        registration = try loop.register(descriptor, interest: .readable, handler: self)
    }

    deinit { Glibc.close(descriptor) }

    /// Reads every pending signal and reports each.
    public func handle(_ events: IOEvents) {
        var info = signalfd_siginfo()
        while Glibc.read(descriptor, &info, MemoryLayout<signalfd_siginfo>.size) == MemoryLayout<signalfd_siginfo>.size {
            onSignal(Int32(info.ssi_signo))
        }
    }
}
