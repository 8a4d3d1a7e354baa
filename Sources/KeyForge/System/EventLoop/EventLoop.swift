import CShims
import Glibc
import Synchronization

/// One thread's epoll loop: descriptors, timers, tasks from other threads, and before-sleep hooks.
///
/// One iteration (valkey's ae.c): run before-sleep hooks (handlers flush pending writes there, so
/// a burst of pipelined responses goes out in one write) -> `epoll_wait` with the nearest timer as
/// its timeout -> dispatch ready descriptors -> run expired timers -> run queued tasks.
/// Level-triggered: a handler that leaves data unread is called again on the next iteration, so a
/// handler may read a bounded amount per call without starving the others.
///
/// Thread rule: everything but `execute` and `stop` runs on the loop's thread. Events for a
/// descriptor that was deregistered (and perhaps reused) in the same batch carry an old generation
/// and are dropped.
public final class EventLoop: @unchecked Sendable {
    /// The most events taken from the kernel per iteration: the C shim's buffer size, so the two agree.
    public static let maxEventsPerWait: Int32 = KF_EPOLL_MAX_EVENTS

    private struct Slot {
        var generation: UInt32
        var interest: IOEvents
        var handler: EventHandler
    }

    private let epollDescriptor: Int32
    private let wakeDescriptor: Int32
    private var slots: [Slot?] = []
    private var nextGeneration: UInt32 = 1
    private var timers = TimerHeap()
    private var beforeSleepHooks: [() -> Void] = []
    private let queued = Locked<[@Sendable () -> Void]>([])
    private let isStopping = Atomic<Bool>(false)
    private let wakePending = Atomic<Bool>(false)

    /// Creates the epoll instance and its eventfd for wake-ups. The corresponding C function is `epoll_create1`.
    public init() throws(SystemError) {
        epollDescriptor = try retryingInterrupts("epoll_create1", "event loop") { epoll_create1(Int32(EPOLL_CLOEXEC)) }
        do {
            wakeDescriptor = try retryingInterrupts("eventfd", "event loop") {
                eventfd(0, Int32(EFD_CLOEXEC) | Int32(EFD_NONBLOCK))
            }
        } catch {
            Glibc.close(epollDescriptor)
            throw error
        }
        // The wake descriptor is slot-less: data word 0 is reserved for it.
        let code = Self.control(epollDescriptor, EPOLL_CTL_ADD, wakeDescriptor, EPOLLIN.rawValue, 0)
        if code != 0 {
            Glibc.close(wakeDescriptor)
            Glibc.close(epollDescriptor)
            throw SystemError(code: code, call: "epoll_ctl(ADD)", subject: "event loop")
        }
    }

    deinit {
        Glibc.close(wakeDescriptor)
        Glibc.close(epollDescriptor)
    }

    /// Watches `descriptor` for `interest`, calling `handler` when it is ready.
    public func register(_ descriptor: Int32, interest: IOEvents, handler: EventHandler) throws(SystemError) -> EventRegistration {
        precondition(descriptor >= 0, "registering a negative descriptor is a bug")
        let registration = EventRegistration(descriptor: descriptor, generation: nextGeneration)
        nextGeneration = nextGeneration == UInt32.max ? 1 : nextGeneration + 1
        // Every ADD failure is the caller's to handle: out of memory or watches (ENOMEM, ENOSPC), a
        // descriptor epoll cannot watch (EPERM: a regular file), or one registered twice (EEXIST).
        let code = Self.control(epollDescriptor, EPOLL_CTL_ADD, descriptor, interest.rawValue, registration.packed)
        if code != 0 { throw SystemError(code: code, call: "epoll_ctl(ADD)", subject: "fd \(descriptor)") }
        let index = Int(descriptor)
        if index >= slots.count { slots.append(contentsOf: repeatElement(nil, count: index + 1 - slots.count)) }
        slots[index] = Slot(generation: registration.generation, interest: interest, handler: handler)
        return registration
    }

    /// Changes what a registration listens for (e.g. adds `.writable` only while output is pending).
    /// Throws only when the kernel is out of memory; the interest is then unchanged.
    public func setInterest(_ registration: EventRegistration, _ interest: IOEvents) throws(SystemError) {
        let index = Int(registration.descriptor)
        guard index < slots.count, var slot = slots[index], slot.generation == registration.generation else { return }
        guard slot.interest != interest else { return }
        let code = Self.control(epollDescriptor, EPOLL_CTL_MOD, registration.descriptor, interest.rawValue, registration.packed)
        // A live slot whose descriptor the kernel does not know (ENOENT) was closed before deregister: a bug.
        if code == ENOMEM { throw SystemError(code: code, call: "epoll_ctl(MOD)", subject: "fd \(registration.descriptor)") }
        precondition(code == 0, "epoll_ctl(MOD) of fd \(registration.descriptor) failed with errno \(code): closed before deregister?")
        slot.interest = interest
        slots[index] = slot
    }

    /// Stops watching; call before closing the descriptor. Later events of this generation are dropped.
    public func deregister(_ registration: EventRegistration) {
        let index = Int(registration.descriptor)
        guard index < slots.count, let slot = slots[index], slot.generation == registration.generation else { return }
        slots[index] = nil
        // DEL of a registered, open descriptor cannot fail; any errno means it was closed first (a bug).
        let code = Self.control(epollDescriptor, EPOLL_CTL_DEL, registration.descriptor, 0, 0)
        precondition(code == 0, "epoll_ctl(DEL) of fd \(registration.descriptor) failed with errno \(code): closed before deregister?")
    }

    /// One `epoll_ctl` through the choke point; 0 or the errno it failed with. The corresponding C function is `epoll_ctl`.
    private static func control(_ epoll: Int32, _ operation: Int32, _ descriptor: Int32, _ events: UInt32, _ data: UInt64) -> Int32 {
        uninterruptedCall("epoll_ctl") { kf_epoll_ctl(epoll, operation, descriptor, events, data) }.errno
    }

    /// Schedules (or moves) `timer` to fire at `deadline`.
    public func schedule(_ timer: LoopTimer, at deadline: ContinuousClock.Instant) {
        timers.schedule(timer, at: deadline)
    }

    /// Unschedules `timer`.
    public func cancel(_ timer: LoopTimer) {
        timers.cancel(timer)
    }

    /// Adds a hook run at the start of every iteration, before the loop may sleep.
    public func addBeforeSleepHook(_ hook: @escaping () -> Void) {
        beforeSleepHooks.append(hook)
    }

    /// Runs `task` on the loop's thread soon; safe from any thread (a worker handing back a response).
    public func execute(_ task: @escaping @Sendable () -> Void) {
        queued.withLock { $0.append(task) }
        wake()
    }

    /// Asks the loop to return from `run()` after the current iteration; safe from any thread.
    public func stop() {
        isStopping.store(true, ordering: .releasing)
        wake()
    }

    private func wake() {
        // One pending wake-up is enough: the loop drains every queued task when it wakes.
        guard !wakePending.exchange(true, ordering: .acquiringAndReleasing) else { return }
        var one: UInt64 = 1
        // Would-block means the counter is already non-zero: the loop wakes anyway.
        _ = try? retryingInterruptsUnlessWouldBlock("write", "event loop wake-up") { Glibc.write(wakeDescriptor, &one, 8) }
    }

    /// Runs iterations until `stop()`.
    public func run() throws(SystemError) {
        var events = [kf_epoll_event](repeating: kf_epoll_event(), count: Int(Self.maxEventsPerWait))
        while !isStopping.load(ordering: .acquiring) {
            for hook in beforeSleepHooks { hook() }
            let hasTasks = queued.withLock { !$0.isEmpty }
            let count = try events.withUnsafeMutableBufferPointer { buffer throws(SystemError) in
                // The timeout is computed per attempt, so a wait resumed after EINTR still ends at the nearest timer.
                try retryingInterrupts("epoll_wait", "event loop") {
                    kf_epoll_wait(epollDescriptor, buffer.baseAddress, Self.maxEventsPerWait, hasTasks ? 0 : timeoutMilliseconds())
                }
            }
            for index in 0..<Int(count) { dispatch(events[index]) }
            runExpiredTimers()
            runQueuedTasks()
        }
        isStopping.store(false, ordering: .releasing)
    }

    private func dispatch(_ event: kf_epoll_event) {
        if event.data == 0 {
            var value: UInt64 = 0
            _ = try? retryingInterruptsUnlessWouldBlock("read", "event loop wake-up") { Glibc.read(wakeDescriptor, &value, 8) }
            wakePending.store(false, ordering: .releasing)
            return
        }
        let registration = EventRegistration(packed: event.data)
        let index = Int(registration.descriptor)
        // A stale generation means the descriptor was closed (and maybe reused) earlier in this batch.
        guard index < slots.count, let slot = slots[index], slot.generation == registration.generation else { return }
        slot.handler.handle(IOEvents(rawValue: event.events))
    }

    private func runExpiredTimers() {
        let now = ContinuousClock.now
        while let timer = timers.popExpired(now: now) { timer.fire() }
    }

    private func runQueuedTasks() {
        let tasks = queued.withLock { list -> [@Sendable () -> Void] in
            defer { list.removeAll(keepingCapacity: true) }
            return list
        }
        for task in tasks { task() }
    }

    private func timeoutMilliseconds() -> Int32 {
        guard let deadline = timers.nextDeadline else { return -1 }
        return StreamSocket.milliseconds(ContinuousClock.now.duration(to: deadline))
    }
}
