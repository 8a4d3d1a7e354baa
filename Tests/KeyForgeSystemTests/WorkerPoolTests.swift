import KeyForgeSystem
import Testing

/// The bounded worker pool: jobs beyond its threads wait in a queue of fixed size, and more are refused.
@Suite("Worker pool")
struct WorkerPoolTests {
    @Test("with its one thread busy and its queue of two full, the pool refuses a fourth job; the queued two run once the first ends")
    func fullPoolRefuses() throws {
        let pool = try WorkerPool(name: "kf-test-pool", threadCount: 1, queueLimit: 2)
        defer { pool.shutdown() }
        struct State { var started = 0; var finished = 0; var isReleased = false }
        let state = ConditionLock(State())
        let job: @Sendable () -> Void = {
            state.withLock { $0.started += 1 }
            _ = state.wait { $0.isReleased ? true : nil }
            state.withLock { $0.finished += 1 }
        }
        #expect(pool.submit(job))
        // The first job holds the only thread, so the next two can only queue.
        #expect(state.wait(deadline: .now + generousDeadline) { $0.started == 1 ? true : nil } == true)
        #expect(pool.submit(job))
        #expect(pool.submit(job))
        #expect(!pool.submit(job), "a job beyond the queue limit was accepted")
        #expect(state.read { $0.started } == 1, "a queued job ran while the thread was busy")
        state.withLock { $0.isReleased = true }
        #expect(state.wait(deadline: .now + generousDeadline) { $0.finished == 3 ? true : nil } == true)
        // With the queue drained there is room again.
        #expect(pool.submit {})
    }

    @Test("after shutdown the pool refuses work, and shutdown waits for the jobs already queued")
    func shutdownDrainsThenRefuses() throws {
        let pool = try WorkerPool(name: "kf-test-pool", threadCount: 2, queueLimit: 8)
        let done = ConditionLock(0)
        for _ in 0..<6 { #expect(pool.submit { done.withLock { $0 += 1 } }) }
        pool.shutdown()
        #expect(done.read { $0 } == 6)
        #expect(!pool.submit {})
    }
}
