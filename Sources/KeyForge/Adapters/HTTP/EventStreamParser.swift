/// One Server-Sent Event as a client reads it.
public struct ServerSentEvent: Equatable, Sendable {
    /// The `event:` name (`message` when none was given).
    public var event: String
    /// The `data:` lines joined with newlines.
    public var data: String
    /// The `id:`, if any.
    public var id: String?

    /// Creates an event.
    public init(event: String, data: String, id: String?) {
        self.event = event
        self.data = data
        self.id = id
    }
}

/// Reads a `text/event-stream` body incrementally (the WHATWG format): lines of `field: value`,
/// events ended by a blank line, comments starting with `:` ignored. Bytes in, events out.
public struct EventStreamParser: Sendable {
    /// The longest line kept; a longer one is cut (a hostile server cannot grow memory without bound).
    public static let maxLineBytes = 1 << 20

    private var line: [UInt8] = []
    private var event = ""
    private var data: [String] = []
    private var id: String?

    /// Creates a parser.
    public init() {}

    /// Feeds body bytes; returns the events they completed.
    public mutating func feed(_ bytes: some Sequence<UInt8>) -> [ServerSentEvent] {
        var events: [ServerSentEvent] = []
        for byte in bytes {
            if byte == UInt8(ascii: "\n") {
                if let finished = endLine() { events.append(finished) }
            } else if byte != UInt8(ascii: "\r"), line.count < Self.maxLineBytes {
                line.append(byte)
            }
        }
        return events
    }

    private mutating func endLine() -> ServerSentEvent? {
        defer { line.removeAll(keepingCapacity: true) }
        if line.isEmpty {
            guard !data.isEmpty || !event.isEmpty else { return nil }
            defer { event = ""; data = [] }
            return ServerSentEvent(event: event.isEmpty ? "message" : event, data: data.joined(separator: "\n"), id: id)
        }
        if line.first == UInt8(ascii: ":") { return nil }
        let text = String(decoding: line, as: UTF8.self)
        let name: Substring, value: Substring
        if let colon = text.firstIndex(of: ":") {
            name = text[..<colon]
            let rest = text[text.index(after: colon)...]
            value = rest.hasPrefix(" ") ? rest.dropFirst() : rest
        } else {
            name = Substring(text)
            value = ""
        }
        switch name {
        case "event": event = String(value)
        case "data": data.append(String(value))
        case "id": id = String(value)
        default: break
        }
        return nil
    }
}
