import CShims
import KeyForgeSystem
import KeyForgeWire

/// One libcurl easy handle: sets a transfer up, performs it, and maps libcurl's result to values.
///
/// The handle is reset (not recreated) between transfers: `curl_easy_reset` clears the options but
/// keeps the live connections, the TLS session cache and the DNS cache, so consecutive requests to
/// one server reuse its connection (keep-alive). Policy (retries, what a status means) is the
/// client's; this type only drives libcurl.
///
/// Thread rule: one owner at a time; the client's pool hands it from thread to thread, never shares it.
final class CurlEasyHandle: @unchecked Sendable {
    /// The result of one transfer: libcurl's code and message, and what the sink collected.
    struct Outcome {
        /// CURLE_OK or the failure.
        var code: CURLcode
        /// libcurl's detailed message (the error buffer, else `curl_easy_strerror`); empty on success.
        var message: String
    }

    /// libcurl requires one global initialization before any thread uses it; a static `let` is
    /// initialized exactly once (swift_once), whichever thread gets there first.
    private static let globalInitialization: CURLcode = kf_curl_global_init()

    private let handle: UnsafeMutableRawPointer
    /// Where libcurl writes a detailed message on failure (CURLOPT_ERRORBUFFER, CURL_ERROR_SIZE bytes).
    private let errorBuffer = UnsafeMutablePointer<CChar>.allocate(capacity: Int(CURL_ERROR_SIZE))

    /// Creates a handle; nil when libcurl cannot (out of memory, or a failed global init).
    init?() {
        guard Self.globalInitialization == CURLE_OK, let handle = curl_easy_init() else {
            errorBuffer.deallocate()
            return nil
        }
        self.handle = handle
    }

    deinit {
        curl_easy_cleanup(handle)
        errorBuffer.deallocate()
    }

    /// Performs `request` with the options of `configuration`, feeding `sink`; blocks until done.
    func perform(_ request: HTTPClientRequest, configuration: HTTPClientConfiguration, timeout: Duration?,
                 sink: CurlTransferSink) -> Outcome {
        curl_easy_reset(handle)
        errorBuffer[0] = 0
        var headerList: UnsafeMutablePointer<curl_slist>?
        defer { curl_slist_free_all(headerList) }
        var code = configure(request, configuration: configuration, timeout: timeout, sink: sink, headerList: &headerList)
        if code == CURLE_OK {
            code = withExtendedLifetime(sink) { curl_easy_perform(handle) }
        }
        guard code != CURLE_OK else { return Outcome(code: code, message: "") }
        let detail = String(cString: errorBuffer)
        return Outcome(code: code, message: detail.isEmpty ? String(cString: curl_easy_strerror(code)) : detail)
    }

    private func configure(_ request: HTTPClientRequest, configuration: HTTPClientConfiguration, timeout: Duration?,
                           sink: CurlTransferSink, headerList: inout UnsafeMutablePointer<curl_slist>?) -> CURLcode {
        var options = OptionSetter(handle: handle)
        options.pointer(CURLOPT_ERRORBUFFER, UnsafeMutableRawPointer(errorBuffer))
        // Timeouts must not use SIGALRM in a threaded process (libcurl's default for DNS).
        options.long(CURLOPT_NOSIGNAL, 1)
        options.string(CURLOPT_URL, request.url)
        options.string(CURLOPT_PROTOCOLS_STR, "http,https")
        options.string(CURLOPT_REDIR_PROTOCOLS_STR, "http,https")
        options.long(CURLOPT_HTTP_VERSION, Int(CURL_HTTP_VERSION_1_1))
        if configuration.maxRedirects > 0 {
            options.long(CURLOPT_FOLLOWLOCATION, 1)
            options.long(CURLOPT_MAXREDIRS, configuration.maxRedirects)
        }
        options.long(CURLOPT_CONNECTTIMEOUT_MS, Self.milliseconds(configuration.connectTimeout))
        if let timeout { options.long(CURLOPT_TIMEOUT_MS, Self.milliseconds(timeout)) }
        if let lowSpeed = configuration.lowSpeed {
            options.long(CURLOPT_LOW_SPEED_LIMIT, lowSpeed.bytesPerSecond)
            options.long(CURLOPT_LOW_SPEED_TIME, max(1, Int(lowSpeed.duration.components.seconds)))
        }
        if let caPath = configuration.caCertificatePath { options.string(CURLOPT_CAINFO, caPath) }
        options.string(CURLOPT_USERAGENT, configuration.userAgent)
        if case .memory(let limit) = sink.destination {
            // Refuses a response whose Content-Length is over the limit before reading its body.
            options.offset(CURLOPT_MAXFILESIZE_LARGE, curl_off_t(limit))
        }

        let context = Unmanaged.passUnretained(sink).toOpaque()
        options.writeCallback(CURLOPT_WRITEFUNCTION) { bytes, size, count, context in
            let sink = Unmanaged<CurlTransferSink>.fromOpaque(context!).takeUnretainedValue()
            return sink.receiveBody(UnsafeRawBufferPointer(start: bytes, count: size * count)) ? size * count : 0
        }
        options.pointer(CURLOPT_WRITEDATA, context)
        options.writeCallback(CURLOPT_HEADERFUNCTION) { bytes, size, count, context in
            let sink = Unmanaged<CurlTransferSink>.fromOpaque(context!).takeUnretainedValue()
            sink.receiveHeaderLine(UnsafeRawBufferPointer(start: bytes, count: size * count))
            return size * count
        }
        options.pointer(CURLOPT_HEADERDATA, context)

        var fields = request.headers.fields.map { "\($0.name): \($0.value)" }
        switch request.method {
        case "GET":
            options.long(CURLOPT_HTTPGET, 1)
        case "HEAD":
            options.long(CURLOPT_NOBODY, 1)
        default:
            if request.method != "POST" { options.string(CURLOPT_CUSTOMREQUEST, request.method) }
            if !request.body.isEmpty || ["POST", "PUT", "PATCH"].contains(request.method) {
                // COPYPOSTFIELDS copies the body, so nothing has to outlive this call; the size goes first.
                options.offset(CURLOPT_POSTFIELDSIZE_LARGE, curl_off_t(request.body.count))
                if request.body.isEmpty {
                    options.string(CURLOPT_COPYPOSTFIELDS, "")
                } else {
                    request.body.withUnsafeBytes { options.pointer(CURLOPT_COPYPOSTFIELDS, UnsafeMutableRawPointer(mutating: $0.baseAddress!)) }
                }
                // libcurl would otherwise label the body a form and wait up to a second for 100 Continue.
                if !request.headers.contains("Content-Type") { fields.append("Content-Type:") }
                if !request.headers.contains("Expect") { fields.append("Expect:") }
            }
        }
        for field in fields {
            guard let extended = curl_slist_append(headerList, field) else { return CURLE_OUT_OF_MEMORY }
            headerList = extended
        }
        if let headerList { options.list(CURLOPT_HTTPHEADER, headerList) }
        return options.firstFailure ?? CURLE_OK
    }

    private static func milliseconds(_ duration: Duration) -> Int {
        let (seconds, attoseconds) = duration.components
        return max(1, Int(seconds) * 1000 + Int(attoseconds / 1_000_000_000_000_000))
    }
}

/// Calls the typed `kf_curl_setopt_*` wrappers and keeps the first failure (an option this libcurl
/// does not know, or out of memory), so a transfer is never performed half configured.
private struct OptionSetter {
    let handle: UnsafeMutableRawPointer
    private(set) var firstFailure: CURLcode?

    init(handle: UnsafeMutableRawPointer) { self.handle = handle }

    mutating func long(_ option: CURLoption, _ value: Int) { record(kf_curl_setopt_long(handle, option, value)) }
    mutating func offset(_ option: CURLoption, _ value: curl_off_t) { record(kf_curl_setopt_off_t(handle, option, value)) }
    mutating func string(_ option: CURLoption, _ value: String) { record(kf_curl_setopt_string(handle, option, value)) }
    mutating func pointer(_ option: CURLoption, _ value: UnsafeMutableRawPointer) { record(kf_curl_setopt_pointer(handle, option, value)) }
    mutating func list(_ option: CURLoption, _ value: UnsafeMutablePointer<curl_slist>) { record(kf_curl_setopt_slist(handle, option, value)) }
    mutating func writeCallback(_ option: CURLoption, _ callback: curl_write_callback) {
        record(kf_curl_setopt_write_callback(handle, option, callback))
    }

    private mutating func record(_ code: CURLcode) {
        if code != CURLE_OK && firstFailure == nil { firstFailure = code }
    }
}
