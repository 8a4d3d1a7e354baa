import Glibc
import KeyForgeSystem
import Testing

/// The epoll loop over real descriptors: events, timers, and the generation check.
@Suite("Event loop")
struct EventLoopTests {
    @Test("a socket whose peer wrote is reported readable, and one with room is reported writable")
    func readableAndWritable() throws {
        let loop = try EventLoop()
        let (reader, writer) = makeSocketPair()
        defer { close(reader); close(writer) }
        var seen: IOEvents = []
        let check = { (events: IOEvents) in
            seen.formUnion(events)
            if seen.contains(.readable) && seen.contains(.writable) { loop.stop() }
        }
        let readHandler = RecordingHandler { check($0.intersection(.readable)) }
        let writeHandler = RecordingHandler { check($0.intersection(.writable)) }
        let readRegistration = try loop.register(reader, interest: .readable, handler: readHandler)
        let writeRegistration = try loop.register(writer, interest: .writable, handler: writeHandler)
        writeByte(writer)
        #expect(try runUntilStopped(loop), "readable and writable were not both delivered")
        #expect(readHandler.events.allSatisfy { $0.contains(.readable) })
        #expect(writeHandler.events.allSatisfy { $0.contains(.writable) })
        loop.deregister(readRegistration)
        loop.deregister(writeRegistration)
    }

    @Test("timers fire in deadline order, not in the order they were scheduled, and a moved timer fires at its new place")
    func timerOrder() throws {
        let loop = try EventLoop()
        var fired: [String] = []
        let start = ContinuousClock.now
        let names = ["c", "a", "d", "b"]
        let offsets: [Duration] = [.milliseconds(30), .milliseconds(10), .milliseconds(40), .milliseconds(20)]
        var timers: [LoopTimer] = []
        for (name, offset) in zip(names, offsets) {
            let timer = LoopTimer {
                fired.append(name)
                if fired.count == names.count { loop.stop() }
            }
            loop.schedule(timer, at: start + offset)
            timers.append(timer)
        }
        // "d" moves ahead of everything.
        loop.schedule(timers[2], at: start + .milliseconds(5))
        #expect(try runUntilStopped(loop))
        #expect(fired == ["d", "a", "b", "c"])
    }

    @Test("an event for a descriptor closed and reused earlier in the same batch is dropped, not given to the new owner")
    func staleGenerationIsDropped() throws {
        let loop = try EventLoop()
        let (first, firstPeer) = makeSocketPair()
        let (second, secondPeer) = makeSocketPair()
        defer { close(firstPeer); close(secondPeer) }
        // Both are readable before the loop runs, so one epoll_wait returns both events.
        writeByte(firstPeer)
        writeByte(secondPeer)
        var registrations: [Int32: EventRegistration] = [:]
        var calls: [Int32] = []
        var reused: (descriptor: Int32, handler: RecordingHandler)?
        var replacementRegistration: EventRegistration?
        func handler(for descriptor: Int32, other: Int32) -> RecordingHandler {
            RecordingHandler { _ in
                calls.append(descriptor)
                guard reused == nil else { return }
                // The first one called closes the other and reuses its number at once (dup2 does both in
                // one step, so no descriptor of a test running alongside can slip in between).
                loop.deregister(registrations[other]!)
                let replacement = dup2(descriptor, other)
                precondition(replacement == other, "dup2 failed")
                let newcomer = RecordingHandler()
                reused = (replacement, newcomer)
                replacementRegistration = try? loop.register(replacement, interest: .readable, handler: newcomer)
                loop.stop()
            }
        }
        let firstHandler = handler(for: first, other: second)
        let secondHandler = handler(for: second, other: first)
        registrations[first] = try loop.register(first, interest: .readable, handler: firstHandler)
        registrations[second] = try loop.register(second, interest: .readable, handler: secondHandler)
        #expect(try runUntilStopped(loop))
        // The replacement is a dup of a readable socket, so only the stale event could reach it in that batch.
        #expect(calls.count == 1, "both old handlers ran: \(calls)")
        #expect(reused?.handler.events.isEmpty == true, "the new owner got the closed descriptor's event")
        #expect(replacementRegistration != nil)
        let survivor = calls.first!
        if let registration = registrations[survivor] { loop.deregister(registration) }
        if let replacementRegistration { loop.deregister(replacementRegistration) }
        close(survivor)
        if let reused { close(reused.descriptor) }
    }
}
