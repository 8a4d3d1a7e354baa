import Glibc

/// A failed system call: which call, on what, and the errno it left (the one choke point that reads errno).
public struct SystemError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The errno value.
    public var code: Int32
    /// The call that failed (`open`, `read`, ...).
    public var call: String
    /// The path or object it was called on.
    public var subject: String

    /// Creates an error from an errno value.
    public init(code: Int32, call: String, subject: String) {
        self.code = code
        self.call = call
        self.subject = subject
    }

    /// `subject: strerror` (the call is in the message only for unusual errors).
    public var description: String {
        switch code {
        case ENOENT, EACCES, EISDIR, ENOTDIR, EEXIST: return "\(subject): \(reason)"
        default: return "\(subject): \(call): \(reason)"
        }
    }

    /// The errno's text (`No such file or directory`). The corresponding C function is `strerror`.
    public var reason: String { String(cString: strerror(code)) }

    /// True when the file or folder does not exist.
    public var isNotFound: Bool { code == ENOENT || code == ENOTDIR }
}
