import KeyForgeCore
import KeyForgeSystem
import KeyForgeWire

/// Bad or missing input from outside, naming the file (or asset) and the field: never a crash.
public struct InputError: Error, Equatable, Sendable, CustomStringConvertible {
    /// What went wrong, which decides the exit code.
    public enum Kind: Sendable, Equatable {
        /// The data is malformed or invalid (exit 65, EX_DATAERR).
        case invalid
        /// The file or asset does not exist (exit 66, EX_NOINPUT).
        case missing
        /// Reading or writing failed (exit 74, EX_IOERR).
        case io
        /// A library needed at run time is not installed (exit 69, EX_UNAVAILABLE).
        case unavailable
        /// An output file cannot be created (exit 73, EX_CANTCREAT).
        case cannotCreate
    }

    /// The kind of failure.
    public var kind: Kind
    /// The file path or asset id at fault.
    public var source: String
    /// The field path and the problem.
    public var message: String

    /// Creates an error.
    public init(_ kind: Kind, source: String, _ message: String) {
        self.kind = kind
        self.source = source
        self.message = message
    }

    /// `source: message`.
    public var description: String { "\(source): \(message)" }

    /// A validation error found in `source`.
    public static func invalid(_ source: String, _ error: ValidationError) -> InputError {
        InputError(.invalid, source: source, error.description)
    }

    /// A JSON syntax error found in `source`.
    public static func malformedJSON(_ source: String, _ error: JSONParseError) -> InputError {
        InputError(.invalid, source: source, "malformed JSON: \(error.description)")
    }

    /// A failed system call on `source`.
    public static func system(_ error: SystemError) -> InputError {
        InputError(error.isNotFound ? .missing : .io, source: error.subject, error.description.dropPrefix(error.subject + ": "))
    }
}

extension String {
    func dropPrefix(_ prefix: String) -> String { hasPrefix(prefix) ? String(dropFirst(prefix.count)) : self }
}
