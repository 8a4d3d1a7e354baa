import Glibc

/// A value guarded by a pthread mutex, with a condition variable to wait for it to change.
///
/// `withLock` wakes every waiter after the body runs (it may have changed the value); `read` only
/// looks, so it wakes nobody; `wait(until:deadline:)` blocks until a predicate
/// on the value holds or the deadline passes. Waits are timed on CLOCK_MONOTONIC, so a wall-clock
/// jump neither cuts a wait short nor stretches it.
public final class ConditionLock<State>: @unchecked Sendable {
    // Heap-allocated: a pthread mutex must not move, and a Swift property's address is not stable.
    private let mutex = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
    private let condition = UnsafeMutablePointer<pthread_cond_t>.allocate(capacity: 1)
    private var state: State

    /// Guards `state`.
    public init(_ state: State) {
        self.state = state
        pthread_mutex_init(mutex, nil)
        var attributes = pthread_condattr_t()
        pthread_condattr_init(&attributes)
        pthread_condattr_setclock(&attributes, CLOCK_MONOTONIC)
        pthread_cond_init(condition, &attributes)
        pthread_condattr_destroy(&attributes)
    }

    deinit {
        pthread_cond_destroy(condition)
        pthread_mutex_destroy(mutex)
        condition.deallocate()
        mutex.deallocate()
    }

    /// Runs `body` on the value under the lock, then wakes every waiter.
    @discardableResult
    public func withLock<T, E: Error>(_ body: (inout State) throws(E) -> T) throws(E) -> T {
        pthread_mutex_lock(mutex)
        defer {
            pthread_cond_broadcast(condition)
            pthread_mutex_unlock(mutex)
        }
        return try body(&state)
    }

    /// Runs `body` on the value under the lock without changing it, waking no waiter.
    public func read<T>(_ body: (State) -> T) -> T {
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        return body(state)
    }

    /// Waits until `ready` returns a value (then runs it under the lock and returns that), or until
    /// `deadline` passes (nil). Without a deadline it waits for as long as it takes.
    public func wait<T>(deadline: ContinuousClock.Instant? = nil, until ready: (inout State) -> T?) -> T? {
        pthread_mutex_lock(mutex)
        defer {
            pthread_cond_broadcast(condition)
            pthread_mutex_unlock(mutex)
        }
        while true {
            if let value = ready(&state) { return value }
            guard let deadline else {
                pthread_cond_wait(condition, mutex)
                continue
            }
            let remaining = ContinuousClock.now.duration(to: deadline)
            if remaining <= .zero { return nil }
            var until = timespec()
            clock_gettime(CLOCK_MONOTONIC, &until)
            let (seconds, attoseconds) = remaining.components
            let nanoseconds = Int(until.tv_nsec) + Int(attoseconds / 1_000_000_000)
            until.tv_sec += Int(seconds) + nanoseconds / 1_000_000_000
            until.tv_nsec = nanoseconds % 1_000_000_000
            pthread_cond_timedwait(condition, mutex, &until)
        }
    }
}
