import Glibc

/// Newline-delimited framing over a blocking-with-deadline `StreamSocket`: one line at a time, each
/// at most `maxLineBytes`.
///
/// A line longer than the limit is reported once as `.oversized` and its bytes are dropped up to
/// and including its newline, so the next call starts at the next line: the connection survives a
/// hostile line without buffering it.
public struct LineReader {
    /// What the next read found.
    public enum Next: Equatable, Sendable {
        /// One line without its `\n` (and without a `\r` before it).
        case line([UInt8])
        /// A line over the limit was dropped.
        case oversized
        /// The peer closed (a last line without a newline is dropped: it was never finished).
        case closed
        /// Nothing complete arrived before the deadline; call again.
        case timedOut
    }

    /// The socket read from.
    public let socket: StreamSocket
    /// The longest line accepted, in bytes without the newline.
    public let maxLineBytes: Int
    private var buffer: [UInt8] = []
    private var start = 0
    private var scanned = 0
    private var discarding = false
    private var chunk = [UInt8](repeating: 0, count: 64 << 10)

    /// Reads lines from `socket`.
    public init(socket: StreamSocket, maxLineBytes: Int) {
        self.socket = socket
        self.maxLineBytes = maxLineBytes
    }

    /// The next line, waiting until `deadline` for the rest of it.
    public mutating func next(deadline: ContinuousClock.Instant) throws(SystemError) -> Next {
        while true {
            if let newline = buffer[scanned...].firstIndex(of: UInt8(ascii: "\n")) {
                let wasDiscarding = discarding
                var end = newline
                if end > start, buffer[end - 1] == UInt8(ascii: "\r") { end -= 1 }
                let line = Array(buffer[start..<end])
                start = newline + 1
                scanned = start
                discarding = false
                compact()
                if wasDiscarding { continue }
                if line.count > maxLineBytes { return .oversized }
                return .line(line)
            }
            scanned = buffer.count
            if buffer.count - start > maxLineBytes {
                let report = !discarding
                discarding = true
                buffer.removeAll(keepingCapacity: true)
                start = 0
                scanned = 0
                if report { return .oversized }
            }
            // withUnsafeMutableBytes rethrows untyped errors, so the typed error is carried out by hand.
            let socket = self.socket
            var failure: SystemError?
            let count = chunk.withUnsafeMutableBytes { raw -> Int in
                do throws(SystemError) { return try socket.read(into: raw, deadline: deadline) } catch {
                    failure = error
                    return -1
                }
            }
            if let failure {
                if failure.code == ETIMEDOUT { return .timedOut }
                throw failure
            }
            if count == 0 { return .closed }
            buffer.append(contentsOf: chunk[0..<count])
        }
    }

    /// Drops consumed bytes once they are most of the buffer.
    private mutating func compact() {
        guard start > 0, start >= buffer.count / 2 else { return }
        buffer.removeFirst(start)
        scanned -= start
        start = 0
    }
}
