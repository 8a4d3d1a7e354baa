import Glibc
import KeyForgeSystem

/// A fresh temporary folder, removed with its files by `removeFolder`.
func makeTemporaryFolder() -> String {
    var template = Array("/tmp/keyforge-system-test-XXXXXX".utf8CString)
    let made = template.withUnsafeMutableBufferPointer { mkdtemp($0.baseAddress!) }
    precondition(made != nil, "mkdtemp failed")
    return String(cString: template.withUnsafeBufferPointer { $0.baseAddress! })
}

/// Removes a flat temporary folder and the files in it.
func removeFolder(_ path: String) {
    for name in (try? FileSystem.listDirectory(path)) ?? [] { try? FileSystem.removeFile("\(path)/\(name)") }
    rmdir(path)
}

/// A connected pair of non-blocking, close-on-exec Unix stream sockets.
func makeSocketPair() -> (Int32, Int32) {
    var descriptors: [Int32] = [-1, -1]
    let status = socketpair(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_NONBLOCK.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0,
                            &descriptors)
    precondition(status == 0, "socketpair failed")
    return (descriptors[0], descriptors[1])
}

/// Writes one byte to `descriptor` (a socket with room), so its peer becomes readable.
func writeByte(_ descriptor: Int32) {
    var byte: UInt8 = 42
    precondition(write(descriptor, &byte, 1) == 1, "write failed")
}

/// A generous bound for anything a test waits for: far above what a busy 2-core machine needs, so
/// only a real failure reaches it.
let generousDeadline: Duration = .seconds(20)

/// Runs `loop` on the calling thread until a handler stops it, or until `generousDeadline` passes
/// (then it returns false: whatever the test waited for did not happen).
func runUntilStopped(_ loop: EventLoop) throws -> Bool {
    var timedOut = false
    let failsafe = LoopTimer {
        timedOut = true
        loop.stop()
    }
    loop.schedule(failsafe, at: .now + generousDeadline)
    try loop.run()
    loop.cancel(failsafe)
    return !timedOut
}

/// A handler that records what it is called with and runs `onEvent` (on the loop's thread).
final class RecordingHandler: EventHandler {
    private(set) var events: [IOEvents] = []
    private let onEvent: (IOEvents) -> Void

    init(_ onEvent: @escaping (IOEvents) -> Void = { _ in }) { self.onEvent = onEvent }

    func handle(_ events: IOEvents) {
        self.events.append(events)
        onEvent(events)
    }
}
