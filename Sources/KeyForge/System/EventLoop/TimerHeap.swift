/// A timer owned by an event loop: a deadline and what to run then; re-armable in O(log n).
///
/// Thread rule: touched only on its loop's thread. A connection keeps one timer and moves its
/// deadline as it passes from header to body to idle, rather than piling up cancelled timers.
public final class LoopTimer {
    /// When it fires, or nil while not scheduled.
    public fileprivate(set) var deadline: ContinuousClock.Instant?
    fileprivate var heapIndex = -1
    fileprivate let action: () -> Void

    /// Creates an unscheduled timer running `action` when it fires.
    public init(_ action: @escaping () -> Void) { self.action = action }

    /// True while scheduled.
    public var isScheduled: Bool { heapIndex >= 0 }

    func fire() { action() }
}

/// A binary min-heap of timers by deadline, where each timer knows its index (so moving or removing
/// one is O(log n) instead of leaving dead entries behind).
struct TimerHeap {
    private var timers: [LoopTimer] = []

    /// The earliest deadline, if any timer is scheduled.
    var nextDeadline: ContinuousClock.Instant? { timers.first?.deadline }

    /// How many timers are scheduled.
    var count: Int { timers.count }

    /// Schedules `timer` at `deadline`, or moves it there if it is already scheduled.
    mutating func schedule(_ timer: LoopTimer, at deadline: ContinuousClock.Instant) {
        let previous = timer.deadline
        timer.deadline = deadline
        if timer.heapIndex < 0 {
            timer.heapIndex = timers.count
            timers.append(timer)
            siftUp(timer.heapIndex)
        } else if let previous, deadline < previous {
            siftUp(timer.heapIndex)
        } else {
            siftDown(timer.heapIndex)
        }
    }

    /// Unschedules `timer` (nothing happens if it is not scheduled).
    mutating func cancel(_ timer: LoopTimer) {
        let index = timer.heapIndex
        guard index >= 0 else { return }
        let last = timers.count - 1
        if index != last {
            timers.swapAt(index, last)
            timers[index].heapIndex = index
        }
        timers.removeLast()
        timer.heapIndex = -1
        timer.deadline = nil
        if index < timers.count {
            siftUp(index)
            siftDown(index)
        }
    }

    /// Removes and returns the earliest timer if its deadline is at or before `now`.
    mutating func popExpired(now: ContinuousClock.Instant) -> LoopTimer? {
        guard let first = timers.first, let deadline = first.deadline, deadline <= now else { return nil }
        cancel(first)
        return first
    }

    private mutating func siftUp(_ start: Int) {
        var index = start
        while index > 0 {
            let parent = (index - 1) / 2
            guard timers[index].deadline! < timers[parent].deadline! else { break }
            swapEntries(index, parent)
            index = parent
        }
    }

    private mutating func siftDown(_ start: Int) {
        var index = start
        while true {
            let left = 2 * index + 1
            let right = left + 1
            var smallest = index
            if left < timers.count, timers[left].deadline! < timers[smallest].deadline! { smallest = left }
            if right < timers.count, timers[right].deadline! < timers[smallest].deadline! { smallest = right }
            if smallest == index { return }
            swapEntries(index, smallest)
            index = smallest
        }
    }

    private mutating func swapEntries(_ a: Int, _ b: Int) {
        timers.swapAt(a, b)
        timers[a].heapIndex = a
        timers[b].heapIndex = b
    }
}
