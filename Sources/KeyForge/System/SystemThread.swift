import CShims
import Glibc

/// A dedicated OS thread for a long blocking loop (a subscriber, an accept loop), joined on demand.
///
/// Dispatch's pool is for short work: a loop that blocks for its whole life would hold a pool thread
/// hostage, so such loops get a thread of their own. The corresponding C function is `pthread_create`.
public final class SystemThread: @unchecked Sendable {
    private var handle: pthread_t
    private var isJoined = false

    /// Starts `body` on a new thread named `name` (at most 15 bytes are kept by the kernel).
    public init(name: String, _ body: @escaping @Sendable () -> Void) throws(SystemError) {
        let box = Unmanaged.passRetained(ThreadBody(name: name, body: body))
        var thread = pthread_t()
        let status = pthread_create(&thread, nil, { raw in
            let body = Unmanaged<ThreadBody>.fromOpaque(raw!).takeRetainedValue()
            kf_set_thread_name(String(body.name.utf8.prefix(15))!)
            body.body()
            return nil
        }, box.toOpaque())
        guard status == 0 else {
            box.release()
            throw SystemError(code: status, call: "pthread_create", subject: name)
        }
        handle = thread
    }

    /// Waits for the thread to finish; later calls return at once. The corresponding C function is `pthread_join`.
    public func join() {
        guard !isJoined else { return }
        isJoined = true
        pthread_join(handle, nil)
    }

    deinit {
        // A thread never joined is detached so its resources are freed when it ends.
        if !isJoined { pthread_detach(handle) }
    }
}

private final class ThreadBody {
    let name: String
    let body: @Sendable () -> Void
    init(name: String, body: @escaping @Sendable () -> Void) {
        self.name = name
        self.body = body
    }
}
