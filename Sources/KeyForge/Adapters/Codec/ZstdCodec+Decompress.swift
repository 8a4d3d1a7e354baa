import CShims

extension ZstdCodec {
    /// Decompresses exactly one zstd frame with a checksum, refusing more than `maxOutputBytes` of
    /// output: a declared content size above it is refused from the header before anything is
    /// allocated, and a frame of unknown size streams into a buffer that never grows past it.
    ///
    /// Trailing bytes after the frame, skippable frames, frames without a checksum, truncation and
    /// corruption (including a checksum mismatch) are all errors.
    ///
    /// The corresponding C functions are `ZSTD_decompressDCtx` and `ZSTD_decompressStream`.
    public static func decompress(_ bytes: [UInt8], maxOutputBytes: Int) throws(CorpusSegmentError) -> [UInt8] {
        let frame = try FrameInfo(bytes)
        let limit = UInt64(max(maxOutputBytes, 0))
        guard let declared = frame.contentSize else {
            return try decompressStreaming(bytes, limit: Int(limit))
        }
        guard declared <= limit else {
            throw CorpusSegmentError("zstd frame declares \(declared) bytes, above the limit of \(limit)")
        }
        // Each block costs at least 3 bytes on the wire and yields at most 128 KiB, so a small frame
        // cannot honestly declare a large size: refuse it before allocating what it claims.
        let producible = UInt64(bytes.count) / minBlockBytes * maxBlockContentBytes
        guard declared <= producible else {
            throw CorpusSegmentError(
                "zstd frame declares \(declared) bytes, more than its \(bytes.count) bytes can hold")
        }
        return try decompressKnownSize(bytes, contentSize: Int(declared))
    }

    /// Decompresses a frame whose header gives its size, straight into a buffer of that size.
    private static func decompressKnownSize(_ bytes: [UInt8], contentSize: Int) throws(CorpusSegmentError) -> [UInt8] {
        guard let context = ZSTD_createDCtx() else {
            throw CorpusSegmentError("zstd: cannot allocate a decompression context")
        }
        defer { ZSTD_freeDCtx(context) }
        var code = 0
        let output = [UInt8](unsafeUninitializedCapacity: contentSize) { buffer, count in
            code = bytes.withUnsafeBytes { input in
                ZSTD_decompressDCtx(context, buffer.baseAddress, contentSize, input.baseAddress, input.count)
            }
            count = ZSTD_isError(code) == 0 && code == contentSize ? code : 0
        }
        guard ZSTD_isError(code) == 0 else {
            throw CorpusSegmentError("corrupt zstd data: \(errorName(code))")
        }
        guard code == contentSize else {
            throw CorpusSegmentError("corrupt zstd data: \(code) bytes decoded, the header declares \(contentSize)")
        }
        return output
    }

    /// Decompresses a frame of unknown size, doubling the output buffer up to `limit` bytes.
    private static func decompressStreaming(_ bytes: [UInt8], limit: Int) throws(CorpusSegmentError) -> [UInt8] {
        guard let context = ZSTD_createDCtx() else {
            throw CorpusSegmentError("zstd: cannot allocate a decompression context")
        }
        defer { ZSTD_freeDCtx(context) }
        // The decoder keeps a window of the declared size; never let it exceed the output bound.
        let windowLog = ZSTD_DCtx_setParameter(context, ZSTD_d_windowLogMax, windowLogMax(for: limit))
        guard ZSTD_isError(windowLog) == 0 else {
            throw CorpusSegmentError("zstd: cannot bound the window: \(errorName(windowLog))")
        }
        var output = [UInt8](repeating: 0, count: min(limit, max(bytes.count * 4, ZstdCodec.minimumOutputBytes)))
        var produced = 0
        var consumed = 0
        while true {
            var code = 0
            var progressed = false
            bytes.withUnsafeBytes { input in
                output.withUnsafeMutableBytes { out in
                    var inBuffer = ZSTD_inBuffer(src: input.baseAddress, size: input.count, pos: consumed)
                    var scratch: UInt8 = 0
                    withUnsafeMutablePointer(to: &scratch) { scratchPointer in
                        let destination = out.baseAddress.map { $0 + produced } ?? UnsafeMutableRawPointer(scratchPointer)
                        var outBuffer = ZSTD_outBuffer(dst: destination, size: out.count - produced, pos: 0)
                        code = ZSTD_decompressStream(context, &outBuffer, &inBuffer)
                        progressed = outBuffer.pos > 0 || inBuffer.pos > consumed
                        produced += outBuffer.pos
                    }
                    consumed = inBuffer.pos
                }
            }
            guard ZSTD_isError(code) == 0 else {
                throw CorpusSegmentError("corrupt zstd data: \(errorName(code))")
            }
            if code == 0 { break }
            if produced == output.count, output.count < limit {
                let grown = min(limit, max(output.count * 2, ZstdCodec.minimumOutputBytes))
                output.append(contentsOf: repeatElement(0, count: grown - output.count))
            } else if produced == output.count {
                // Full at the limit: keep calling with no room, which lets the decoder read what
                // yields no output (block headers, the checksum); stalling means more output.
                guard progressed else {
                    throw CorpusSegmentError("zstd frame decompresses to more than the limit of \(limit) bytes")
                }
            } else if !progressed || consumed == bytes.count {
                // Output space was left over, so the decoder is waiting for input that is not there.
                throw CorpusSegmentError("truncated zstd frame")
            }
        }
        output.removeLast(output.count - produced)
        return output
    }

    /// The largest window (as a power of two) worth accepting for an output bound: zstd's own
    /// default cap of 2^27, lowered to the bound, never below the format minimum of 2^10.
    private static func windowLogMax(for limit: Int) -> Int32 {
        var log: Int32 = 10
        while log < 27, (1 << log) < limit { log += 1 }
        return log
    }
}
