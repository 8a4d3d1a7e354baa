// libFuzzer entry point for the HTTP/1.1 codec: the request parser and the chunked decoder run
// over the input whole and split in two at d[0] % n, and must agree. Any trap, sanitizer report or
// disagreement is a bug: bad input must only ever produce an HTTPParseError value.
//
//   swift build --product FuzzHTTP --sanitize=fuzzer --sanitize=address -Xswiftc -sanitize=fuzzer,address \
//     --scratch-path .build-fuzz
//   SWIFT_BACKTRACE=enable=no .build-fuzz/debug/FuzzHTTP -max_total_time=20 build/fuzz/http
// (`make fuzz` does both, seeding build/fuzz/http from Tests/FuzzSeeds/http.)
import KeyForgeWire

/// Small limits, so the fuzzer reaches every limit check with short inputs.
let fuzzLimits = HTTPLimits(maxRequestLineBytes: 64, maxHeaderCount: 8, maxHeaderBytes: 256,
                            maxBodyBytes: 512, maxChunkLineBytes: 32, maxTrailerBytes: 64)

/// What parsing one input produced: a summary to compare between feeding strategies.
func run(_ bytes: [UInt8], splitAt split: Int) -> [String] {
    var parser = HTTPRequestParser(limits: fuzzLimits)
    var available = min(split, bytes.count)
    var start = 0
    var outcome: [String] = []
    while true {
        let result = bytes[start..<available].withUnsafeBytes { parser.parseHead($0) }
        switch result {
        case .partial:
            if available < bytes.count { available = bytes.count; continue }
            return outcome + ["partial"]
        case .failure(let error):
            precondition([400, 413, 414, 431, 501, 505].contains(error.status), "unexpected status \(error.status)")
            return outcome + ["error \(error.status)"]
        case .complete(let head, let consumed):
            precondition(consumed > 0 && start + consumed <= available, "consumed out of range")
            start += consumed
            outcome.append("\(head.method) \(head.target) \(head.bodyFraming)")
            if head.bodyFraming == .chunked {
                var decoder = HTTPChunkedDecoder(limits: fuzzLimits)
                var body: [UInt8] = []
                decoding: while true {
                    let event = bytes[start..<available].withUnsafeBytes { decoder.decode($0) }
                    switch event {
                    case .data(let range):
                        precondition(!range.isEmpty && start + range.upperBound <= available, "data out of range")
                        body.append(contentsOf: bytes[(start + range.lowerBound)..<(start + range.upperBound)])
                        start += range.upperBound
                    case .needsMore:
                        start = available
                        if available < bytes.count { available = bytes.count; continue }
                        return outcome + ["partial body \(body.count)"]
                    case .end(let consumed):
                        start += consumed
                        outcome.append("body \(body.count)")
                        break decoding
                    case .failure(let error):
                        return outcome + ["error \(error.status)"]
                    }
                }
            } else if case .contentLength(let length) = head.bodyFraming {
                guard bytes.count - start >= length else { return outcome + ["partial body"] }
                start += length
                available = max(available, start)
            }
            if start == bytes.count { return outcome }
        }
    }
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ d: UnsafePointer<UInt8>, _ n: Int) -> CInt {
    guard n > 0 else { return 0 }
    let bytes = Array(UnsafeBufferPointer(start: d, count: n))
    let whole = run(bytes, splitAt: n)
    let split = run(bytes, splitAt: Int(d[0]) % n)
    precondition(whole == split, "split at \(Int(d[0]) % n) changed the outcome: \(whole) vs \(split)")
    return 0
}
