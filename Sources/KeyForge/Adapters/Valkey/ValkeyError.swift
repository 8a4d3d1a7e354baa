import Glibc
import KeyForgeSystem

/// Why a Valkey operation failed; `isConnectionFailure` tells whether the connection is gone.
public enum ValkeyError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The URL could not be understood (the message says which part).
    case invalidURL(String)
    /// Connecting, sending or receiving failed (including timeouts, errno ETIMEDOUT).
    case connection(SystemError)
    /// The server closed the connection.
    case closed(String)
    /// The server sent bytes that are not RESP; the connection is discarded.
    case protocolViolation(String)
    /// The server answered with an error reply (`-ERR ...`); the connection stays usable.
    case server(String)
    /// A reply of an unexpected shape for the command (e.g. a string where an integer was due).
    case unexpectedReply(String)

    /// True when the connection that saw this error must not be used again.
    public var isConnectionFailure: Bool {
        switch self {
        case .connection, .closed, .protocolViolation: return true
        case .invalidURL, .server, .unexpectedReply: return false
        }
    }

    /// A sentence for people.
    public var description: String {
        switch self {
        case .invalidURL(let message): return "invalid Valkey URL: \(message)"
        case .connection(let error):
            return error.code == ETIMEDOUT ? "Valkey \(error.subject): timed out (\(error.call))" : "Valkey \(error)"
        case .closed(let endpoint): return "Valkey \(endpoint): the server closed the connection"
        case .protocolViolation(let message): return "Valkey protocol error: \(message)"
        case .server(let message): return "Valkey error reply: \(message)"
        case .unexpectedReply(let message): return "Valkey unexpected reply: \(message)"
        }
    }
}

