// libFuzzer entry for the archive worker's protocol (docs/ARCHITECTURE.md section 7): built and run by `make fuzz` like
// FuzzRESP (see its header for the flags that matter). The input is split into lines as the worker
// splits its socket; each line is parsed with the worker's limits, and an `archive` message is read
// as a task. A task that reads must encode to a message that reads back to the same task, and the
// batch checksum of any array of items must not depend on their order.
import KeyForgeWire

let limits = JSONLimits(maxDepth: 32, maxInputBytes: 4096, maxStringBytes: 512)

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ d: UnsafePointer<UInt8>, _ n: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: d, count: n))
    for line in bytes.split(separator: 0x0A, omittingEmptySubsequences: true) {
        guard let value = try? JSONParser.parse(Array(line), limits: limits) else { continue }
        if let object = value.objectValue, object["command"] == .string("archive") {
            let task: ArchiveTask
            do { task = try ArchiveTask(message: object) } catch {
                precondition(!error.message.isEmpty, "a refusal without a reason")
                continue
            }
            guard let again = task.message.objectValue, let back = try? ArchiveTask(message: again) else {
                fatalError("a task's own message does not read back: \(task)")
            }
            precondition(back == task, "a task changed through its own message: \(task) -> \(back)")
        }
        if let items = value.arrayValue {
            precondition(ArchiveChecksum.of(items) == ArchiveChecksum.of(items.reversed()), "the checksum depends on item order")
        }
    }
    return 0
}
