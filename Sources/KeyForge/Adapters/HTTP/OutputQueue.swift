import KeyForgeSystem

/// Bytes waiting to be sent on a connection: small pieces coalesced, large bodies queued as they are.
///
/// A response head and a small body are copied into one buffer; a large body array is queued by
/// reference (no copy: arrays are copy-on-write) and the whole queue goes out in one `sendmsg`
/// with an iovec per piece. This saves a copy and a large allocation per response of a 64 KiB body.
struct OutputQueue {
    /// Bodies at least this large are queued by reference instead of copied.
    static let shareThreshold = 8 << 10
    /// The most pieces handed to one `sendmsg`.
    static let maxPiecesPerWrite = 16

    private var pieces: [[UInt8]] = []
    /// Bytes of `pieces[0]` already sent.
    private var sentOfFirst = 0
    /// True when the last piece is our own coalescing buffer (safe to append to).
    private var lastIsOwned = false
    /// Bytes waiting.
    private(set) var count = 0

    /// True when nothing waits.
    var isEmpty: Bool { count == 0 }

    /// Queues `bytes`, sharing them when large.
    mutating func append(_ bytes: [UInt8]) {
        guard !bytes.isEmpty else { return }
        if bytes.count >= Self.shareThreshold {
            pieces.append(bytes)
            lastIsOwned = false
        } else {
            appendCopy(bytes)
        }
        count += bytes.count
    }

    /// Queues bytes produced into a scratch buffer by a writer (always copied).
    mutating func append(contentsOf bytes: some Collection<UInt8>) {
        guard !bytes.isEmpty else { return }
        appendCopy(bytes)
        count += bytes.count
    }

    private mutating func appendCopy(_ bytes: some Collection<UInt8>) {
        if lastIsOwned {
            pieces[pieces.count - 1].append(contentsOf: bytes)
        } else {
            var piece: [UInt8] = []
            piece.reserveCapacity(max(bytes.count, 1024))
            piece.append(contentsOf: bytes)
            pieces.append(piece)
            lastIsOwned = true
        }
    }

    /// Sends what the socket takes now; returns the bytes sent (0 when it would block).
    mutating func write(to descriptor: Int32) throws(SystemError) -> Int {
        guard count > 0 else { return 0 }
        let used = min(pieces.count, Self.maxPiecesPerWrite)
        let written = try Self.withBuffers(pieces[0..<used], skippingFirst: sentOfFirst) { buffers throws(SystemError) in
            try SocketIO.write(descriptor, buffers)
        }
        consume(written)
        return written
    }

    private mutating func consume(_ written: Int) {
        count -= written
        var remaining = written
        while remaining > 0 {
            let left = pieces[0].count - sentOfFirst
            if remaining < left {
                sentOfFirst += remaining
                return
            }
            remaining -= left
            pieces.removeFirst()
            sentOfFirst = 0
        }
        if pieces.isEmpty { lastIsOwned = false }
    }

    /// Calls `body` with pointers to every piece, all valid at once (nested closures keep them pinned).
    private static func withBuffers<R>(_ pieces: ArraySlice<[UInt8]>, skippingFirst skip: Int,
                                       _ body: ([UnsafeRawBufferPointer]) throws(SystemError) -> R) throws(SystemError) -> R {
        var collected: [UnsafeRawBufferPointer] = []
        collected.reserveCapacity(pieces.count)
        return try pin(pieces, index: pieces.startIndex, skip: skip, collected: &collected, body)
    }

    private static func pin<R>(_ pieces: ArraySlice<[UInt8]>, index: Int, skip: Int, collected: inout [UnsafeRawBufferPointer],
                               _ body: ([UnsafeRawBufferPointer]) throws(SystemError) -> R) throws(SystemError) -> R {
        guard index < pieces.endIndex else { return try body(collected) }
        var result: Result<R, SystemError>!
        pieces[index].withUnsafeBytes { raw in
            collected.append(UnsafeRawBufferPointer(rebasing: raw[(index == pieces.startIndex ? skip : 0)...]))
            do throws(SystemError) {
                result = .success(try pin(pieces, index: index + 1, skip: skip, collected: &collected, body))
            } catch {
                result = .failure(error)
            }
        }
        return try result.get()
    }
}
