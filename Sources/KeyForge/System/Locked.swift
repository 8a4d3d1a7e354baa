import Glibc

/// A value guarded by a pthread mutex: the lock every type here uses for shared state.
///
/// Used instead of the standard library's `Synchronization.Mutex`, whose Linux implementation lives
/// in a library built without ThreadSanitizer's instrumentation: TSan cannot see that lock's
/// ordering and reports every access it guards as a race (a 16 000-increment check under
/// `--sanitize=thread` gives the right count and 5 reports). Locks TSan understands keep
/// `make sanitize` meaningful: a report there is a real race.
public final class Locked<State>: @unchecked Sendable {
    // Heap-allocated: a pthread mutex must not move, and a Swift property's address is not stable.
    private let mutex = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
    private var state: State

    /// Guards `state`.
    public init(_ state: State) {
        self.state = state
        pthread_mutex_init(mutex, nil)
    }

    deinit {
        pthread_mutex_destroy(mutex)
        mutex.deallocate()
    }

    /// Runs `body` on the value under the lock.
    @discardableResult
    public func withLock<T, E: Error>(_ body: (inout State) throws(E) -> T) throws(E) -> T {
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        return try body(&state)
    }
}
