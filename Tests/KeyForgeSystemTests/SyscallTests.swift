import Glibc
import KeyForgeSystem
import Testing

/// The choke point, driven by closures that fail the way the kernel does (errno set, -1 returned).
@Suite("Syscall choke point")
struct SyscallTests {
    /// A fake system call: fails with `failures` in turn (setting errno), then returns `result`.
    final class FakeCall {
        private var failures: [Int32]
        private let result: Int32
        private(set) var callCount = 0

        init(failing failures: [Int32], then result: Int32) {
            self.failures = failures
            self.result = result
        }

        func callAsFunction() -> Int32 {
            callCount += 1
            guard !failures.isEmpty else { return result }
            errno = failures.removeFirst()
            return -1
        }
    }

    @Test("a call interrupted by EINTR N times is retried until it succeeds, and its result comes back", arguments: [0, 1, 7, 100])
    func retriesInterrupts(times: Int) throws {
        let call = FakeCall(failing: Array(repeating: EINTR, count: times), then: 42)
        let result = try retryingInterrupts("fake", "test") { call() }
        #expect(result == 42)
        #expect(call.callCount == times + 1)
    }

    @Test("a failure other than EINTR is thrown with its errno, call and subject, after the interruptions before it")
    func throwsOtherErrors() {
        let call = FakeCall(failing: [EINTR, EINTR, EACCES], then: 0)
        #expect(throws: SystemError(code: EACCES, call: "fake", subject: "a file")) {
            try retryingInterrupts("fake", "a file") { call() }
        }
        #expect(call.callCount == 3)
    }

    @Test("would-block is a value (nil), after interruptions; other errors still throw", arguments: [EAGAIN, EWOULDBLOCK])
    func wouldBlockIsAValue(code: Int32) throws {
        let blocked = FakeCall(failing: [EINTR, code], then: 0)
        #expect(try retryingInterruptsUnlessWouldBlock("fake", "test") { blocked() } == nil)
        #expect(blocked.callCount == 2)
        let ready = FakeCall(failing: [EINTR], then: 5)
        #expect(try retryingInterruptsUnlessWouldBlock("fake", "test") { ready() } == 5)
        let broken = FakeCall(failing: [ECONNRESET], then: 0)
        #expect(throws: SystemError(code: ECONNRESET, call: "fake", subject: "test")) {
            try retryingInterruptsUnlessWouldBlock("fake", "test") { broken() }
        }
    }

    @Test("the subject is only built when a call fails")
    func subjectIsLazy() throws {
        var built = 0
        func subject() -> String {
            built += 1
            return "fd 3"
        }
        let call = FakeCall(failing: [EINTR], then: 1)
        _ = try retryingInterrupts("fake", subject()) { call() }
        #expect(built == 0)
    }

    @Test("any other errno is returned with the -1, for the caller to classify")
    func otherErrnoReturned() {
        let call = FakeCall(failing: [EINTR, ENOSPC], then: 0)
        let (result, code) = uninterruptedCall("fake") { call() }
        #expect(result == -1 && code == ENOSPC)
    }
}
