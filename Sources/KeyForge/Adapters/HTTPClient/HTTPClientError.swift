import KeyForgeSystem
import KeyForgeWire

/// Why an `HTTPClient` call failed; every message names the URL and what went wrong.
public enum HTTPClientError: Error, Equatable, Sendable, CustomStringConvertible {
    /// What kind of TLS failure it was: a certificate that is not trusted needs a different fix
    /// (a CA file, the right host name) than a handshake that fails.
    public enum TLSProblem: Sendable, Equatable {
        /// The server's certificate did not verify: unknown issuer, self-signed, expired, or not
        /// issued for the host name.
        case untrustedCertificate
        /// The CA file given in `caCertificatePath` could not be read or parsed.
        case unreadableCAFile
        /// The handshake itself failed (protocol versions, ciphers, a server that does not speak TLS).
        case handshake
    }

    /// The URL is not an absolute http(s) URL libcurl can parse.
    case invalidURL(url: String, reason: String)
    /// The request cannot be sent as given (a bad method or header, a malformed expected checksum).
    case invalidRequest(url: String, reason: String)
    /// The connect, the whole request, or a stalled transfer (the low-speed limit) ran out of time.
    case timeout(url: String, message: String)
    /// The host could not be resolved or reached, or the connection broke mid-transfer.
    case connection(url: String, message: String)
    /// TLS failed; `problem` says whether the certificate was rejected.
    case tls(url: String, problem: TLSProblem, message: String)
    /// The response body is larger than the limit for in-memory responses.
    case tooLarge(url: String, limitBytes: Int)
    /// The server answered with a status that fails the call (a non-2xx status on a download).
    case http(url: String, status: Int)
    /// The downloaded bytes do not have the expected SHA-256; nothing was placed.
    case checksumMismatch(url: String, expected: String, actual: String)
    /// Writing the downloaded file failed.
    case io(url: String, SystemError)
    /// Any other libcurl failure (a protocol violation, too many redirects), with libcurl's message.
    case transfer(url: String, message: String)

    /// The URL the failed call was for.
    public var url: String {
        switch self {
        case .invalidURL(let url, _), .invalidRequest(let url, _), .timeout(let url, _), .connection(let url, _),
             .tls(let url, _, _), .tooLarge(let url, _), .http(let url, _), .checksumMismatch(let url, _, _),
             .io(let url, _), .transfer(let url, _):
            return url
        }
    }

    /// True for failures that may pass if the same request is sent again (timeouts, broken connections).
    public var isTransient: Bool {
        switch self {
        case .timeout, .connection: return true
        default: return false
        }
    }

    /// A sentence for people: the URL, then what went wrong.
    public var description: String {
        switch self {
        case .invalidURL(let url, let reason): return "\(url): invalid URL: \(reason)"
        case .invalidRequest(let url, let reason): return "\(url): invalid request: \(reason)"
        case .timeout(let url, let message): return "\(url): timed out: \(message)"
        case .connection(let url, let message): return "\(url): connection failed: \(message)"
        case .tls(let url, .untrustedCertificate, let message):
            return "\(url): TLS certificate not trusted (pass the issuing CA with --cacert): \(message)"
        case .tls(let url, .unreadableCAFile, let message): return "\(url): cannot use the CA certificate file: \(message)"
        case .tls(let url, .handshake, let message): return "\(url): TLS handshake failed: \(message)"
        case .tooLarge(let url, let limit): return "\(url): response body larger than the \(limit)-byte limit"
        case .http(let url, let status):
            let reason = HTTPResponseWriter.reasonPhrase(for: status)
            return "\(url): server answered \(status)\(reason.isEmpty ? "" : " " + reason)"
        case .checksumMismatch(let url, let expected, let actual):
            return "\(url): SHA-256 mismatch: expected \(expected), got \(actual); the download was discarded"
        case .io(let url, let error): return "\(url): cannot write the download: \(error)"
        case .transfer(let url, let message): return "\(url): transfer failed: \(message)"
        }
    }
}
