// libFuzzer entry for the hive's API messages (Wire/HiveMessages.swift): built and run by `make fuzz`
// like FuzzArchive (see FuzzRESP's header for the flags that matter). The input is parsed as one JSON
// body with the hive's request limits, then read as every message type. A refusal must say what is
// wrong; a message that reads must write JSON that reads back to the same message, through the
// value and through its text.
import KeyForgeWire

let limits = JSONLimits(maxDepth: 16, maxInputBytes: 1 << 20, maxStringBytes: 64 << 10)

/// Checks one message type against `value`.
func checkMessage<Message: HiveMessage>(_ type: Message.Type, _ value: JSONValue) {
    let message: Message
    do { message = try Message(json: value) } catch {
        precondition(!error.problem.isEmpty && !error.context.isEmpty, "a refusal without a reason")
        return
    }
    let encoded = message.json
    guard let back = try? Message(json: encoded) else { fatalError("\(Message.self) does not read its own JSON: \(message)") }
    precondition(back == message, "\(Message.self) changed through its own JSON: \(message) -> \(back)")
    let text = JSONWriter.write(encoded)
    guard let parsed = try? JSONParser.parse(Array(text.utf8), limits: JSONLimits(maxDepth: 64, maxInputBytes: 4 << 20, maxStringBytes: 1 << 20)),
          let again = try? Message(json: parsed) else {
        fatalError("\(Message.self) does not read its own JSON text: \(text)")
    }
    precondition(again == message, "\(Message.self) changed through its own JSON text: \(message) -> \(again)")
}

/// Opens the existential so each type is checked with its own `==`.
func check(_ type: any HiveMessage.Type, _ value: JSONValue) {
    func open<Message: HiveMessage>(_ type: Message.Type) { checkMessage(type, value) }
    open(type)
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ d: UnsafePointer<UInt8>, _ n: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: d, count: n))
    guard let value = try? JSONParser.parse(bytes, limits: limits) else { return 0 }
    for type in HiveMessages.all { check(type, value) }
    // The error body nests the others' fields one level down; every array element is a body too.
    if let inner = value.objectValue?["error"] { for type in HiveMessages.all { check(type, inner) } }
    for item in value.arrayValue ?? [] { for type in HiveMessages.all { check(type, item) } }
    return 0
}
