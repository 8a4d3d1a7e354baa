import CShims

extension ZstdCodec {
    /// What the header of a single, complete zstd frame says, checked without decompressing.
    struct FrameInfo {
        /// The content size from the header, or nil when the frame leaves it out.
        var contentSize: UInt64?

        /// Checks that `bytes` hold exactly one complete zstd frame with a checksum.
        init(_ bytes: [UInt8]) throws(CorpusSegmentError) {
            guard bytes.count >= 4 else {
                throw CorpusSegmentError("truncated zstd frame: \(bytes.count) bytes, not even a magic number")
            }
            let magic = UInt32(bytes[0]) | UInt32(bytes[1]) << 8 | UInt32(bytes[2]) << 16 | UInt32(bytes[3]) << 24
            guard magic == ZstdCodec.frameMagic else {
                if magic & ZstdCodec.skippableMagicMask == ZstdCodec.skippableMagicStart {
                    throw CorpusSegmentError("expected a zstd frame, found a skippable frame")
                }
                throw CorpusSegmentError("not a zstd frame: magic number 0x\(String(magic, radix: 16))")
            }
            let frameBytes = bytes.withUnsafeBytes { ZSTD_findFrameCompressedSize($0.baseAddress, $0.count) }
            if kf_zstd_error_is_truncation(frameBytes) != 0 {
                throw CorpusSegmentError("truncated zstd frame")
            }
            guard ZSTD_isError(frameBytes) == 0 else {
                throw CorpusSegmentError("corrupt zstd data: \(ZstdCodec.errorName(frameBytes))")
            }
            guard frameBytes == bytes.count else {
                let extra = bytes.count - frameBytes
                throw CorpusSegmentError(
                    "\(extra) trailing byte\(extra == 1 ? "" : "s") after the zstd frame of \(frameBytes) bytes")
            }
            // RFC 8878 section 3.1.1.1.1: bit 2 of the Frame_Header_Descriptor is the checksum flag.
            guard bytes[4] & 0x04 != 0 else {
                throw CorpusSegmentError("zstd frame has no checksum")
            }
            let size = bytes.withUnsafeBytes { ZSTD_getFrameContentSize($0.baseAddress, $0.count) }
            switch size {
            case ZstdCodec.contentSizeUnknown: contentSize = nil
            case ZstdCodec.contentSizeError: throw CorpusSegmentError("corrupt zstd frame header")
            default: contentSize = size
            }
        }
    }
}
