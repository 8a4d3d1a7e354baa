// libFuzzer entry for the JSON parser (configs, hive bodies, the archive worker's lines, word lists):
// built and run by `make fuzz` like FuzzRESP (see its header for the flags that matter).
// Every input must either be refused with a JSONParseError or parse to a value that the writer
// turns back into text parsing to the same value, compact and pretty alike.
import KeyForgeWire

/// Small limits so that the fuzzer reaches every limit with short inputs.
let fuzzLimits = JSONLimits(maxDepth: 8, maxInputBytes: 4096, maxStringBytes: 256)
/// Limits for parsing the writer's output again: the same depth, and room for pretty printing and escapes to grow a
/// 4 KiB input several times over (a control character becomes six bytes), so only a writer bug can hit them.
let reparseLimits = JSONLimits(maxDepth: 8, maxInputBytes: 1 << 20, maxStringBytes: 1 << 16)

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ d: UnsafePointer<UInt8>, _ n: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: d, count: n))
    let value: JSONValue
    do { value = try JSONParser.parse(bytes, limits: fuzzLimits) } catch { return 0 }
    for pretty in [false, true] {
        let text = JSONWriter.write(value, pretty: pretty)
        let again: JSONValue
        do { again = try JSONParser.parse(text, limits: reparseLimits) } catch {
            fatalError("the writer's output does not parse: \(error) for \(text)")
        }
        precondition(again == value, "round trip changed the value: \(value) -> \(text) -> \(again)")
    }
    return 0
}
