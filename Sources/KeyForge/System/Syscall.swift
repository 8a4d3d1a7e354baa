import Glibc

/// The one choke point every system call passes: it runs `body` (one call returning -1 on failure)
/// until a signal no longer interrupts it, and reads errno at once, before anything else can change it.
///
/// Three kinds of failure, each handled one way: EINTR is retried here; EBADF and EFAULT trap, since
/// they can only mean a bug (a closed or wrong descriptor, a bad pointer), and a program that goes on
/// after one may act on a descriptor number some other file now owns; every other errno is returned
/// for the caller to turn into a value (would-block) or a `SystemError`.
@inline(__always)
package func uninterruptedCall<T: BinaryInteger>(_ call: String, _ body: () -> T) -> (result: T, errno: Int32) {
    while true {
        let result = body()
        if result != -1 { return (result, 0) }
        let code = errno
        switch code {
        case EINTR: continue
        case EBADF: preconditionFailure("\(call): bad file descriptor (a closed or wrong descriptor is a bug)")
        case EFAULT: preconditionFailure("\(call): bad address (a bad pointer is a bug)")
        default: return (result, code)
        }
    }
}

/// Runs a system call through `uninterruptedCall`; a result of -1 becomes a `SystemError`.
@inline(__always)
package func retryingInterrupts<T: BinaryInteger>(
    _ call: String, _ subject: @autoclosure () -> String, _ body: () -> T
) throws(SystemError) -> T {
    let (result, code) = uninterruptedCall(call, body)
    if code != 0 { throw SystemError(code: code, call: call, subject: subject()) }
    return result
}

/// Runs a call on a non-blocking descriptor through `uninterruptedCall`: nil when it would block
/// (EAGAIN or EWOULDBLOCK, an expected outcome and so a value); other failures become a `SystemError`.
@inline(__always)
package func retryingInterruptsUnlessWouldBlock<T: BinaryInteger>(
    _ call: String, _ subject: @autoclosure () -> String, _ body: () -> T
) throws(SystemError) -> T? {
    let (result, code) = uninterruptedCall(call, body)
    switch code {
    case 0: return result
    case EAGAIN, EWOULDBLOCK: return nil
    default: throw SystemError(code: code, call: call, subject: subject())
    }
}
