import Glibc
import KeyForgeAdapters
import KeyForgeCore
import KeyForgeSystem
import KeyForgeServices

/// The one place an error becomes an exit code (sysexits.h numbers).
enum ExitStatus {
    /// Success.
    static let ok: Int32 = 0
    /// A usage error: bad flags or arguments.
    static let usage: Int32 = 64
    /// Bad input data: malformed JSON, an invalid keyboard, a corrupt corpus.
    static let dataError: Int32 = 65
    /// An input file that does not exist.
    static let noInput: Int32 = 66
    /// A role or verb that is not built yet, or a service (Valkey, PostgreSQL, an HTTP server) that cannot be reached.
    static let unavailable: Int32 = 69
    /// A configuration that makes a role refuse to start (a hive without its secret).
    static let configuration: Int32 = 78
    /// An output file that cannot be created (`--out` in a missing or read-only folder).
    static let cannotCreate: Int32 = 73
    /// A read or write that failed.
    static let ioError: Int32 = 74
    /// Interrupted by Ctrl-C.
    static let interrupted: Int32 = 130
    /// A program name that names no role.
    static let unknownRole: Int32 = 127

    /// The exit code for `error`, and its message (printed by the caller).
    static func classify(_ error: Error) -> (code: Int32, message: String) {
        switch error {
        case let error as InputError:
            switch error.kind {
            case .invalid: return (dataError, error.description)
            case .missing: return (noInput, error.description)
            case .io: return (ioError, error.description)
            case .unavailable: return (unavailable, error.description)
            case .cannotCreate: return (cannotCreate, error.description)
            }
        case let error as ValidationError: return (dataError, error.description)
        case let error as SystemError: return (error.isNotFound ? noInput : ioError, error.description)
        case let error as ValkeyError: return (unavailable, error.description)
        case let error as HTTPClientError:
            switch error {
            case .invalidURL, .invalidRequest: return (usage, error.description)
            case .checksumMismatch: return (dataError, error.description)
            case .io: return (ioError, error.description)
            default: return (unavailable, error.description)
            }
        default: return (dataError, "\(error)")
        }
    }
}
