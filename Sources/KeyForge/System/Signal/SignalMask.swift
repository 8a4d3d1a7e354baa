import Glibc

/// The calling thread's signal mask, and what the process does with a signal nobody reads.
public enum SignalMask {
    /// Blocks `signals` in the calling thread; threads it starts later inherit the mask.
    /// The corresponding C function is `pthread_sigmask`.
    public static func block(_ signals: [Int32]) {
        change(SIG_BLOCK, signals)
    }

    /// Unblocks `signals` in the calling thread. The corresponding C function is `pthread_sigmask`.
    public static func unblock(_ signals: [Int32]) {
        change(SIG_UNBLOCK, signals)
    }

    /// True when `signal` is blocked in the calling thread. The corresponding C function is `pthread_sigmask`.
    public static func isBlocked(_ signal: Int32) -> Bool {
        var current = sigset_t()
        pthread_sigmask(SIG_BLOCK, nil, &current)
        return sigismember(&current, signal) == 1
    }

    /// A `sigset_t` holding `signals`. The corresponding C function is `sigaddset`.
    static func set(of signals: [Int32]) -> sigset_t {
        var mask = sigset_t()
        sigemptyset(&mask)
        for signal in signals { sigaddset(&mask, signal) }
        return mask
    }

    private static func change(_ how: Int32, _ signals: [Int32]) {
        var mask = set(of: signals)
        // pthread_sigmask fails only for a bad `how`, which is a constant here.
        let status = pthread_sigmask(how, &mask, nil)
        precondition(status == 0, "pthread_sigmask failed with \(status)")
    }
}

/// The disposition of a signal: what happens when it arrives unblocked.
public enum SignalDisposition {
    /// Ignores `signal` (SIGPIPE: a closed peer is then an EPIPE error where it happens).
    /// The corresponding C function is `signal`.
    public static func ignore(_ signal: Int32) {
        _ = Glibc.signal(signal, SIG_IGN)
    }

    /// Restores the default action of `signal` (an inherited "ignore" no longer hides it).
    /// The corresponding C function is `signal`.
    public static func restoreDefault(_ signal: Int32) {
        _ = Glibc.signal(signal, SIG_DFL)
    }
}

/// Ending the process.
public enum ProcessExit {
    /// Ends the process at once with `status`: no atexit handlers, no stdio flush.
    /// The corresponding C function is `_exit`.
    public static func immediately(_ status: Int32) -> Never {
        _exit(status)
    }
}
