// libFuzzer entry for RESPReader: build with
//   swift build --product FuzzRESP --sanitize=fuzzer --sanitize=address -Xswiftc -sanitize=fuzzer,address \
//     --scratch-path .build-fuzz
// and run with
//   SWIFT_BACKTRACE=enable=no .build-fuzz/debug/FuzzRESP -max_total_time=20
// The -Xswiftc flag matters: the swift driver keeps only the last -sanitize= it is given, so the two
// --sanitize options alone compile without coverage ("no interesting inputs") and fuzz blind.
// Each input is read whole and then again split in two at `data[0] % size`; both readings must give
// the same replies and the same error (offset included), since where a feed ends must never matter.
import KeyForgeWire

/// Small limits so that the fuzzer reaches every limit with short inputs.
let fuzzLimits = RESPLimits(maxDepth: 4, maxElements: 16, maxBulkLength: 64, maxLineLength: 32)

/// Everything a reader makes of a sequence of feeds: its replies, then the error that stopped it, if any.
struct Reading {
    var replies: [RESPValue] = []
    var error: RESPProtocolError?
}

/// Feeds `parts` one after another, taking every reply that completes after each feed.
func read(_ parts: [UnsafeRawBufferPointer]) -> Reading {
    var reader = RESPReader(limits: fuzzLimits)
    var reading = Reading()
    for part in parts {
        reader.feed(part)
        do {
            while let reply = try reader.next() { reading.replies.append(reply) }
        } catch {
            reading.error = error
            // The error must be sticky.
            do {
                _ = try reader.next()
                fatalError("reader recovered after \(error)")
            } catch let again {
                precondition(again == error, "sticky error changed from \(error) to \(again)")
            }
            return reading
        }
    }
    return reading
}

/// Whether two values are equal, counting NaN as equal to NaN (the only value `==` sets apart from itself).
func same(_ left: RESPValue, _ right: RESPValue) -> Bool {
    switch (left, right) {
    case (.double(let a), .double(let b)): return a == b || (a.isNaN && b.isNaN)
    case (.array(let a), .array(let b)), (.set(let a), .set(let b)), (.push(let a), .push(let b)):
        return a.count == b.count && zip(a, b).allSatisfy { same($0, $1) }
    case (.map(let a), .map(let b)):
        return a.count == b.count && zip(a, b).allSatisfy { same($0.key, $1.key) && same($0.value, $1.value) }
    default: return left == right
    }
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ d: UnsafePointer<UInt8>, _ n: Int) -> CInt {
    let input = UnsafeRawBufferPointer(start: d, count: n)
    let whole = read([input])
    guard n > 0 else { return 0 }
    let cut = Int(d[0]) % n
    let split = read([UnsafeRawBufferPointer(rebasing: input[..<cut]), UnsafeRawBufferPointer(rebasing: input[cut...])])
    precondition(whole.error == split.error, "whole: \(String(describing: whole.error)), split at \(cut): \(String(describing: split.error))")
    precondition(whole.replies.count == split.replies.count, "reply counts differ when split at \(cut)")
    for (a, b) in zip(whole.replies, split.replies) {
        precondition(same(a, b), "replies differ when split at \(cut): \(a) vs \(b)")
    }
    // A command encoded from any bytes must read back as the array of bulks it was made of.
    let arguments = [Array(input.prefix(cut)), Array(input.dropFirst(cut))]
    var reader = RESPReader()
    reader.feed(RESPEncoder.encode(command: arguments))
    let echoed = try? reader.next()
    precondition(echoed == .array(arguments.map { .bulkString($0) }), "encoder round trip failed")
    return 0
}
