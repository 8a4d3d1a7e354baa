import CShims
import KeyForgeSystem
import KeyForgeWire
import Synchronization

/// An HTTP/1.1 client over libcurl (http:// and https://): keep-alive, timeouts, retries with
/// backoff for idempotent requests, and downloads streamed to a file with their SHA-256.
///
/// Each call borrows a libcurl easy handle from a small pool (or creates one) and returns it
/// afterwards; a handle keeps its connections alive, so sequential calls to one server share one
/// connection. Concurrent callers each get their own handle (and connection).
///
/// Retries: GET, HEAD, PUT, DELETE and OPTIONS are retried under `configuration.retry` after a
/// connection failure, a timeout, or a 502/503/504 answer (waiting at least `Retry-After` seconds
/// when it is given and at most `maxRetryAfter`). POST and PATCH are never retried: a reply lost
/// with the connection may mean the server acted on them.
///
/// Thread rule: safe to share between threads; every call blocks its caller until done.
public final class HTTPClient: Sendable {
    /// Statuses that say "try again later" (a proxy or an overloaded server), retried when idempotent.
    public static let retryableStatuses: Set<Int> = [502, 503, 504]

    /// Timeouts, retries, trust and limits.
    public let configuration: HTTPClientConfiguration
    private let idleHandles = Locked<[CurlEasyHandle]>([])

    /// Creates a client; nothing connects until the first call.
    public init(configuration: HTTPClientConfiguration = HTTPClientConfiguration()) {
        self.configuration = configuration
    }

    /// Sends `request` and returns the final response whatever its status (after redirects and,
    /// for idempotent methods, retries). The body is held in memory, at most `maxResponseBytes`.
    public func send(_ request: HTTPClientRequest) throws(HTTPClientError) -> HTTPClientResponse {
        if let problem = request.problem() { throw problem }
        return try withRetries(request) { handle throws(HTTPClientError) in
            let sink = CurlTransferSink(.memory(limitBytes: configuration.maxResponseBytes))
            let outcome = handle.perform(request, configuration: configuration, timeout: configuration.requestTimeout, sink: sink)
            if let error = Self.error(for: outcome, sink: sink, url: request.url) { return Attempt(error) }
            let response = HTTPClientResponse(status: sink.status, headers: sink.headers, body: sink.body)
            return Attempt(.success(response), retryAfter: retryDelay(status: sink.status, headers: sink.headers))
        }
    }

    /// Streams the body of `url` into a temporary file next to `destination`, computing its SHA-256
    /// on the way; fsyncs it, checks `expectedSHA256` (hex, any case) when given, and renames it into
    /// place. On any failure, including a non-2xx status, the temporary file is removed and
    /// `destination` is untouched. A failed attempt is retried (from the start) like a GET.
    @discardableResult
    public func download(url: String, to destination: String, expectedSHA256: String? = nil,
                         headers: HTTPHeaders = HTTPHeaders()) throws(HTTPClientError) -> HTTPClientDownload {
        let request = HTTPClientRequest.get(url, headers: headers)
        if let problem = request.problem() { throw problem }
        let expected = expectedSHA256?.lowercased()
        if let expected, expected.utf8.count != 64 || !expected.utf8.allSatisfy({ Self.isHexDigit($0) }) {
            throw .invalidRequest(url: url, reason: "expected SHA-256 \"\(expectedSHA256 ?? "")\" is not 64 hex digits")
        }
        return try withRetries(request) { handle throws(HTTPClientError) in
            let writer: AtomicFileWriter
            do throws(SystemError) { writer = try AtomicFileWriter(destination: destination) } catch { throw .io(url: url, error) }
            defer { writer.discard() }
            let sink = CurlTransferSink(.file(writer))
            let outcome = handle.perform(request, configuration: configuration, timeout: configuration.downloadTimeout, sink: sink)
            if let error = Self.error(for: outcome, sink: sink, url: url) { return Attempt(error) }
            guard (200..<300).contains(sink.status) else {
                return Attempt(.failure(.http(url: url, status: sink.status)), retryAfter: retryDelay(status: sink.status, headers: sink.headers))
            }
            let actual = sink.finalizeHash()
            if let expected, actual != expected {
                return Attempt(.failure(.checksumMismatch(url: url, expected: expected, actual: actual)))
            }
            do throws(SystemError) { try writer.commit() } catch { return Attempt(.failure(.io(url: url, error))) }
            return Attempt(.success(HTTPClientDownload(path: destination, byteCount: writer.byteCount, sha256: actual)))
        }
    }

    /// Closes every idle handle and its kept-alive connections.
    public func closeIdleConnections() {
        let handles = idleHandles.withLock { list in
            defer { list.removeAll() }
            return list
        }
        withExtendedLifetime(handles) {}
    }

    // MARK: - Retries

    /// One attempt's result, and whether (and how soon at the earliest) it may be retried.
    struct Attempt<Value> {
        var result: Result<Value, HTTPClientError>
        /// nil: final. Otherwise the minimum wait before a retry (the backoff may wait longer).
        var retryAfter: Duration?

        init(_ result: Result<Value, HTTPClientError>, retryAfter: Duration? = nil) {
            self.result = result
            self.retryAfter = retryAfter
        }

        /// A failure, retryable at once (after backoff) when it is transient.
        init(_ error: HTTPClientError) {
            self.init(.failure(error), retryAfter: error.isTransient ? .zero : nil)
        }
    }

    private func withRetries<Value>(_ request: HTTPClientRequest,
                                    _ body: (CurlEasyHandle) throws(HTTPClientError) -> Attempt<Value>) throws(HTTPClientError) -> Value {
        guard let handle = checkOut() else { throw .transfer(url: request.url, message: "libcurl could not create a handle") }
        defer { checkIn(handle) }
        var generator = SystemRandomNumberGenerator()
        var attempt = 0
        while true {
            let outcome = try body(handle)
            guard let minimum = outcome.retryAfter, request.isIdempotent, configuration.retry.allows(attempt: attempt) else {
                return try outcome.result.get()
            }
            WallClock.sleep(for: max(minimum, configuration.retry.delay(attempt: attempt, using: &generator)))
            attempt += 1
        }
    }

    /// For a 502/503/504: the least wait before a retry (Retry-After in seconds, or zero), or nil
    /// when the status is not retryable or the server asks for a longer wait than `maxRetryAfter`.
    private func retryDelay(status: Int, headers: HTTPHeaders) -> Duration? {
        guard Self.retryableStatuses.contains(status) else { return nil }
        // Retry-After may also be an HTTP date; then the backoff alone decides.
        guard let value = headers["Retry-After"], let seconds = Int(value), seconds >= 0 else { return .zero }
        let wait = Duration.seconds(seconds)
        return wait <= configuration.maxRetryAfter ? wait : nil
    }

    private func checkOut() -> CurlEasyHandle? {
        idleHandles.withLock { $0.popLast() } ?? CurlEasyHandle()
    }

    /// Keeps `handle` for the next call, or drops it (outside the lock: cleanup closes its connections).
    private func checkIn(_ handle: CurlEasyHandle) {
        let surplus = idleHandles.withLock { list -> CurlEasyHandle? in
            guard list.count < configuration.maxIdleHandles else { return handle }
            list.append(handle)
            return nil
        }
        withExtendedLifetime(surplus) {}
    }

    private static func isHexDigit(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) || (UInt8(ascii: "a")...UInt8(ascii: "f")).contains(byte)
    }
}
