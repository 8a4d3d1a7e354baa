import CShims

/// One-frame zstd compression for corpus segments and other stored assets.
///
/// Frames carry their content size and a checksum; decompression accepts exactly one such frame and
/// never allocates more than the caller's bound, whatever the frame header claims.
public enum ZstdCodec {
    /// The zstd frame magic number (RFC 8878 section 3.1.1), little-endian on the wire.
    static let frameMagic: UInt32 = 0xFD2F_B528
    /// Skippable frames use the 16 magic numbers `0x184D2A50 ... 0x184D2A5F`.
    static let skippableMagicMask: UInt32 = 0xFFFF_FFF0
    /// The first skippable-frame magic number.
    static let skippableMagicStart: UInt32 = 0x184D_2A50
    /// The largest amount of content one zstd block can produce (RFC 8878: Block_Maximum_Size).
    static let maxBlockContentBytes: UInt64 = 128 << 10
    /// The smallest output buffer a streamed decompression starts with and grows by, 64 KiB: small
    /// frames then decode in one call, and growth by doubling never takes steps smaller than this.
    static let minimumOutputBytes = 1 << 16
    /// The smallest block on the wire: its 3-byte header.
    static let minBlockBytes: UInt64 = 3
    /// `ZSTD_CONTENTSIZE_UNKNOWN`, which Swift cannot import (`0ULL - 1`).
    static let contentSizeUnknown = UInt64.max
    /// `ZSTD_CONTENTSIZE_ERROR` (`0ULL - 2`).
    static let contentSizeError = UInt64.max - 1

    /// Compresses `bytes` into one zstd frame with the content size in its header and the checksum
    /// flag on, single-threaded so that the same input and level always give the same bytes.
    ///
    /// The corresponding C function is `ZSTD_compress2`.
    public static func compress(_ bytes: [UInt8], level: Int32 = 19) throws(CorpusSegmentError) -> [UInt8] {
        try compress(bytes, level: level, writesContentSize: true)
    }

    /// Compresses like `compress(_:level:)`, optionally leaving the content size out of the header
    /// (only tests want that: it exercises the bounded streaming path of `decompress`).
    package static func compress(
        _ bytes: [UInt8], level: Int32, writesContentSize: Bool
    ) throws(CorpusSegmentError) -> [UInt8] {
        guard level >= ZSTD_minCLevel(), level <= ZSTD_maxCLevel() else {
            throw CorpusSegmentError(
                "zstd level \(level) is outside \(ZSTD_minCLevel())...\(ZSTD_maxCLevel())")
        }
        let bound = ZSTD_compressBound(bytes.count)
        guard ZSTD_isError(bound) == 0 else {
            throw CorpusSegmentError("\(bytes.count) bytes are too many for one zstd frame")
        }
        guard let context = ZSTD_createCCtx() else {
            throw CorpusSegmentError("zstd: cannot allocate a compression context")
        }
        defer { ZSTD_freeCCtx(context) }
        let parameters: [(ZSTD_cParameter, Int32)] = [
            (ZSTD_c_compressionLevel, level),
            (ZSTD_c_checksumFlag, 1),
            (ZSTD_c_contentSizeFlag, writesContentSize ? 1 : 0),
            (ZSTD_c_nbWorkers, 0),
        ]
        for (parameter, value) in parameters {
            let code = ZSTD_CCtx_setParameter(context, parameter, value)
            guard ZSTD_isError(code) == 0 else {
                throw CorpusSegmentError("zstd: cannot set a compression parameter: \(errorName(code))")
            }
        }
        // Compress into scratch space of the worst-case size, then copy out exactly the frame, so
        // the returned array does not keep the bound's capacity alive.
        let scratch = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: bound)
        defer { scratch.deallocate() }
        var code = 0
        var isComplete = true
        bytes.withUnsafeBytes { input in
            if writesContentSize {
                code = ZSTD_compress2(context, scratch.baseAddress, scratch.count, input.baseAddress, input.count)
            } else {
                // The streaming API does not pledge the size when ZSTD_c_contentSizeFlag is 0, so
                // the header says "unknown"; one ZSTD_e_end call with compressBound room finishes.
                var inBuffer = ZSTD_inBuffer(src: input.baseAddress, size: input.count, pos: 0)
                var outBuffer = ZSTD_outBuffer(dst: scratch.baseAddress, size: scratch.count, pos: 0)
                let left = ZSTD_compressStream2(context, &outBuffer, &inBuffer, ZSTD_e_end)
                code = ZSTD_isError(left) == 0 ? outBuffer.pos : left
                isComplete = left == 0
            }
        }
        guard ZSTD_isError(code) == 0 else {
            throw CorpusSegmentError("zstd compression failed: \(errorName(code))")
        }
        guard isComplete else {
            throw CorpusSegmentError("zstd compression failed: the frame did not fit its bound")
        }
        return Array(scratch[..<code])
    }

    /// The name zstd gives a result code, such as "Restored data doesn't match checksum".
    static func errorName(_ code: Int) -> String {
        String(cString: ZSTD_getErrorName(code))
    }
}
