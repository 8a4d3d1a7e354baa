import CShims
import Glibc

/// A signalfd: signals (blocked in every thread) read as data instead of run as handlers.
///
/// Thread rule: one reader. The corresponding C function is `signalfd`.
final class SignalDescriptor: @unchecked Sendable {
    private let descriptor: Int32

    /// Opens a blocking signalfd for `signals` (they must already be blocked, or they are taken
    /// the default way before the descriptor sees them).
    init(signals: [Int32]) throws(SystemError) {
        var mask = SignalMask.set(of: signals)
        descriptor = try retryingInterrupts("signalfd", "signals") { signalfd(-1, &mask, Int32(SFD_CLOEXEC)) }
    }

    deinit { Glibc.close(descriptor) }

    /// Waits for the next signal and returns its number. The corresponding C function is `read`.
    func next() throws(SystemError) -> Int32 {
        var info = signalfd_siginfo()
        let size = MemoryLayout<signalfd_siginfo>.size
        let count = try retryingInterrupts("read", "signals") { Glibc.read(descriptor, &info, size) }
        // The kernel hands out whole records only.
        precondition(count == size, "signalfd returned \(count) bytes")
        return Int32(info.ssi_signo)
    }
}
