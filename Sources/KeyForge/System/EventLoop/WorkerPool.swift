import Glibc

/// A fixed set of threads for blocking work (SQL, file reads) that must never run on a loop thread.
///
/// Bounded twice: `threadCount` jobs run at once, and at most `queueLimit` wait; `submit` refuses
/// more (returns false) so a flood turns into quick 503s instead of unbounded memory.
/// Built on a pthread mutex and condition variable, the one place the pool blocks.
public final class WorkerPool: @unchecked Sendable {
    // Heap-allocated: a pthread mutex must not move, and a Swift property's address is not stable.
    private let mutex = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
    private let condition = UnsafeMutablePointer<pthread_cond_t>.allocate(capacity: 1)
    private var jobs: [() -> Void] = []
    private var head = 0
    private var isShuttingDown = false
    private var threads: [SystemThread] = []
    /// The most jobs that may wait for a thread.
    public let queueLimit: Int

    /// Starts `threadCount` threads named `name-N`.
    public init(name: String, threadCount: Int, queueLimit: Int) throws(SystemError) {
        precondition(threadCount > 0 && queueLimit > 0, "a pool needs threads and room")
        self.queueLimit = queueLimit
        pthread_mutex_init(mutex, nil)
        pthread_cond_init(condition, nil)
        for index in 0..<threadCount {
            threads.append(try SystemThread(name: "\(name)-\(index)") { [unowned self] in work() })
        }
    }

    deinit {
        pthread_cond_destroy(condition)
        pthread_mutex_destroy(mutex)
        condition.deallocate()
        mutex.deallocate()
    }

    /// Queues `job`; false when the queue is full or the pool is shutting down.
    @discardableResult
    public func submit(_ job: @escaping () -> Void) -> Bool {
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        guard !isShuttingDown, jobs.count - head < queueLimit else { return false }
        jobs.append(job)
        pthread_cond_signal(condition)
        return true
    }

    /// Lets queued jobs finish, then stops and joins the threads.
    public func shutdown() {
        pthread_mutex_lock(mutex)
        isShuttingDown = true
        pthread_cond_broadcast(condition)
        pthread_mutex_unlock(mutex)
        for thread in threads { thread.join() }
        threads.removeAll()
    }

    private func work() {
        while true {
            pthread_mutex_lock(mutex)
            while head == jobs.count && !isShuttingDown { pthread_cond_wait(condition, mutex) }
            if head == jobs.count {
                pthread_mutex_unlock(mutex)
                return
            }
            let job = jobs[head]
            head += 1
            if head == jobs.count {
                jobs.removeAll(keepingCapacity: true)
                head = 0
            } else if head >= 1024 && head * 2 >= jobs.count {
                // Under constant load the queue never empties: drop the finished prefix now and then.
                jobs.removeFirst(head)
                head = 0
            }
            pthread_mutex_unlock(mutex)
            job()
        }
    }
}
