import KeyForgeSystem
import Synchronization

/// Ctrl-C for long work: the first SIGINT (or SIGTERM) sets a flag that the work polls and stops
/// cleanly on, keeping its best so far; a second one ends the process at once with status 130.
///
/// The signals arrive through `TerminationSignals` (a signalfd read on its own thread), so the
/// handler is ordinary code rather than a signal handler.
package enum Interrupt {
    /// True once a stop was asked for.
    package static let requested = Atomic<Bool>(false)

    /// The status a second signal ends the process with (128 + SIGINT, what a shell reports for Ctrl-C).
    package static let secondSignalStatus: Int32 = 130

    private static let subscription = Locked<TerminationSubscription?>(nil)

    /// Starts handling SIGINT and SIGTERM as above; later calls do nothing.
    package static func install() {
        subscription.withLock { subscription in
            guard subscription == nil else { return }
            // A parent may have started us with these ignored (the disposition is inherited): an
            // ignored signal never reaches the signalfd, and Ctrl-C must stop the work.
            for signal in TerminationSignals.signals { SignalDisposition.restoreDefault(signal) }
            subscription = try? TerminationSignals.subscribe { _ in
                if requested.exchange(true, ordering: .relaxed) { ProcessExit.immediately(secondSignalStatus) }
            }
        }
    }

    /// True when a stop was asked for.
    package static var isRequested: Bool { requested.load(ordering: .relaxed) }
}
