import Glibc
import Synchronization

/// Ctrl-C for long work: the first SIGINT (or SIGTERM) sets a flag that the work polls and stops
/// cleanly on, keeping its best so far; a second one ends the process at once.
package enum Interrupt {
    /// True once a stop was asked for.
    package static let requested = Atomic<Bool>(false)

    /// Installs the handlers.
    package static func install() {
        let handler: @convention(c) (Int32) -> Void = { _ in
            // Only an atomic store and _exit here: both are async-signal-safe.
            if Interrupt.requested.exchange(true, ordering: .relaxed) { _exit(130) }
        }
        signal(SIGINT, handler)
        signal(SIGTERM, handler)
        // A parent may have started us with these blocked (the mask is inherited): unblock them, or
        // the handler would never run.
        var signals = sigset_t()
        sigemptyset(&signals)
        sigaddset(&signals, SIGINT)
        sigaddset(&signals, SIGTERM)
        pthread_sigmask(SIG_UNBLOCK, &signals, nil)
    }

    /// True when a stop was asked for.
    package static var isRequested: Bool { requested.load(ordering: .relaxed) }
}
