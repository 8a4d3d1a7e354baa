import KeyForgeSystem
import KeyForgeWire

/// Where the bytes of one transfer go, fed by libcurl's header and write callbacks.
///
/// Headers are collected per response: a new status line (a redirect followed, a 100 Continue)
/// starts them afresh, so what remains belongs to the final response. The body goes to memory
/// (bounded) or to a file with its SHA-256 computed on the way. A callback cannot throw, so a
/// failure is kept in `failure` and the callback returns a short count, which makes libcurl abort
/// with CURLE_WRITE_ERROR; the caller then reads `failure` for the real reason.
///
/// Thread rule: used only by the thread running the transfer.
final class CurlTransferSink {
    /// Why the sink stopped the transfer.
    enum Failure: Equatable {
        /// The body grew past the in-memory limit.
        case tooLarge(limitBytes: Int)
        /// A download's status was not 2xx: its body is not wanted.
        case unwantedStatus(Int)
        /// Writing to the file failed.
        case io(SystemError)
    }

    /// Where body bytes go.
    enum Destination {
        /// Collected in `body`, at most `limitBytes`.
        case memory(limitBytes: Int)
        /// Appended to the writer's temporary file and hashed; only a 2xx body is accepted.
        case file(AtomicFileWriter)
    }

    /// Where the body goes.
    let destination: Destination
    /// The status of the latest response head, 0 until one arrives.
    private(set) var status = 0
    /// The header fields of the latest response head.
    private(set) var headers = HTTPHeaders()
    /// The body, for `.memory`.
    private(set) var body: [UInt8] = []
    /// The SHA-256 of the body so far, for `.file`.
    private(set) var hash = SHA256()
    /// Set when a callback refused bytes.
    private(set) var failure: Failure?

    /// Creates an empty sink for one transfer.
    init(_ destination: Destination) {
        self.destination = destination
    }

    /// One header line as libcurl delivers it, CRLF included (obsolete folded lines are ignored).
    func receiveHeaderLine(_ line: UnsafeRawBufferPointer) {
        var text = Substring(String(decoding: line, as: UTF8.self))
        while let last = text.last, last == "\r\n" || last == "\n" || last == "\r" { text.removeLast() }
        if text.hasPrefix("HTTP/") {
            // "HTTP/1.1 200 OK" or "HTTP/2 200": a new response head begins.
            let parts = text.split(separator: " ", maxSplits: 2)
            status = parts.count > 1 ? Int(parts[1]) ?? 0 : 0
            headers = HTTPHeaders()
        } else if let first = text.first, first != " " && first != "\t", let colon = text.firstIndex(of: ":") {
            let name = String(text[..<colon])
            var value = text[text.index(after: colon)...]
            while let first = value.first, first == " " || first == "\t" { value.removeFirst() }
            while let last = value.last, last == " " || last == "\t" { value.removeLast() }
            headers.append(name: name, value: String(value))
        }
    }

    /// Body bytes; returns false to make libcurl abort (the reason is in `failure`).
    func receiveBody(_ bytes: UnsafeRawBufferPointer) -> Bool {
        guard failure == nil else { return false }
        switch destination {
        case .memory(let limit):
            guard body.count + bytes.count <= limit else {
                failure = .tooLarge(limitBytes: limit)
                return false
            }
            body.append(contentsOf: bytes)
        case .file(let writer):
            guard (200..<300).contains(status) else {
                failure = .unwantedStatus(status)
                return false
            }
            do {
                try writer.write(bytes)
            } catch {
                failure = .io(error)
                return false
            }
            hash.update(bytes)
        }
        return true
    }

    /// The SHA-256 of the body received, as 64 lower-case hex digits (call once, at the end).
    func finalizeHash() -> String { hash.finalizeHex() }
}
