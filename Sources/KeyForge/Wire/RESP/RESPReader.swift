/// Incremental reply reader: feed bytes as they arrive, take whole replies out.
///
/// The reader owns no socket: `feed` appends bytes, `next` returns the next complete reply or `nil`
/// when more bytes are needed, as hiredis's `redisReaderFeed` / `redisReaderGetReply` do. Parsing
/// resumes where it stopped instead of starting the reply again: open aggregates live on an explicit
/// stack of frames (`RESPFrame`) that survives between calls, and only the item under the cursor (one
/// line, or one bulk header and body) is read again once more bytes arrive. Even that is not redone
/// for every feed: a bulk whose body is short of bytes records where it will end, and a line without
/// its CRLF records how far it was searched, so drip-feeding any reply costs time linear in its size.
///
/// RESP3 attributes (`|`) are parsed under the same limits as any aggregate and then discarded; the
/// reply that follows them is returned, so a caller never sees them. Consumed bytes are dropped from
/// the front of the buffer, which therefore holds at most about one reply plus what was fed past it.
/// A protocol error is sticky: the reader releases its memory, and every later `next` throws the
/// same error while `feed` ignores its bytes.
public struct RESPReader: Sendable {
    /// The limits in force.
    let limits: RESPLimits
    /// Bytes fed and not yet dropped; everything before `position` has been read.
    var buffer: [UInt8] = []
    /// The index in `buffer` of the next byte to read: the type byte of the item under the cursor.
    var position = 0
    /// How many bytes compaction has dropped from the front of `buffer`, so offsets can be given
    /// from the start of the stream.
    var droppedByteCount = 0
    /// The stream offset of the first byte of the reply being read.
    var replyStart = 0
    /// The aggregates opened and not yet complete, innermost last.
    var frames: [RESPFrame] = []
    /// `next` does nothing until `buffer` holds this many bytes: set when the item under the cursor
    /// was incomplete, so an unfinished 10 MB bulk costs one comparison per feed, not a re-parse.
    var resumeCount = 0
    /// Where the search for the CRLF of the line at `position` resumes; 0 when no search is pending.
    var lineSearchResume = 0
    /// The error that stopped the reader, thrown again by every later `next`.
    var failure: RESPProtocolError?

    /// Below this many consumed bytes the buffer is not compacted while it still holds unread bytes:
    /// moving a few unread bytes on every feed would cost more than the space it frees.
    private static let compactionThreshold = 4 << 10
    /// An empty buffer keeps its storage up to this capacity; beyond it the storage is released so
    /// one huge reply does not pin its memory for the life of the connection.
    private static let retainedCapacity = 1 << 20

    /// Creates a reader that has seen no bytes.
    public init(limits: RESPLimits = .standard) {
        self.limits = limits
    }

    /// Appends bytes that arrived from the server; after a protocol error they are ignored.
    public mutating func feed(_ bytes: some Collection<UInt8>) {
        guard failure == nil, !bytes.isEmpty else { return }
        compact()
        buffer.append(contentsOf: bytes)
    }

    /// Appends bytes that arrived from the server, straight from a read buffer.
    public mutating func feed(_ bytes: UnsafeRawBufferPointer) {
        guard failure == nil, !bytes.isEmpty else { return }
        compact()
        buffer.append(contentsOf: bytes)
    }

    /// The next complete reply, or nil when more bytes are needed. After a protocol error the reader is failed
    /// for good (sticky): every later call throws the same error.
    public mutating func next() throws(RESPProtocolError) -> RESPValue? {
        if let failure { throw failure }
        guard buffer.count >= resumeCount else { return nil }
        do {
            guard let reply = try readReply() else { return nil }
            replyStart = droppedByteCount + position
            return reply
        } catch {
            failure = error
            buffer = []
            frames = []
            throw error
        }
    }

    /// The bytes fed that are not part of a reply returned yet: a partly read reply counts in full,
    /// though the part already parsed may have been released from the buffer.
    public var bufferedByteCount: Int {
        failure == nil ? droppedByteCount + buffer.count - replyStart : 0
    }

    /// Whether no reply is partly read: every byte fed so far belonged to a returned reply.
    public var isAtReplyBoundary: Bool {
        bufferedByteCount == 0
    }

    /// Drops the bytes before `position` when that is cheap enough to keep feeding linear.
    ///
    /// An empty remainder is free to drop. Otherwise the bytes moved are fewer than those dropped,
    /// so each byte fed is moved at most a constant number of times overall.
    private mutating func compact() {
        let consumed = position
        if consumed == buffer.count {
            if buffer.capacity > Self.retainedCapacity {
                buffer = []
            } else {
                buffer.removeAll(keepingCapacity: true)
            }
        } else if consumed >= Self.compactionThreshold && consumed >= buffer.count - consumed {
            buffer.removeSubrange(0..<consumed)
        } else {
            return
        }
        droppedByteCount += consumed
        position = 0
        resumeCount = max(0, resumeCount - consumed)
        lineSearchResume = max(0, lineSearchResume - consumed)
    }
}
