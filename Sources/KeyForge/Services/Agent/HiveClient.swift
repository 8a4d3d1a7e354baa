import KeyForgeAdapters
import KeyForgeSystem
import KeyForgeWire

/// The agent's side of the hive API: JSON in, status and JSON out, the secret sent as a bearer token.
public struct HiveClient: Sendable {
    /// An answer: the status and the JSON body (nil when empty or not JSON).
    public struct Answer: Sendable {
        /// The HTTP status.
        public var status: Int
        /// The body, parsed.
        public var json: JSONValue?
        /// The `Retry-After` header in seconds (429, 503), nil when absent or not a number of seconds.
        public var retryAfterSeconds: Int?

        /// The `error.code` of an error answer.
        public var errorCode: String? { json.flatMap { try? HiveErrorBody(json: $0) }?.code }

        /// The body read as `Message`, nil when there is none or it does not read as one.
        package func decode<Message: HiveMessage>(_ type: Message.Type) -> Message? {
            json.flatMap { try? Message(json: $0) }
        }
    }

    /// The hive, e.g. `http://127.0.0.1:3000`.
    public let baseURL: String
    private let secret: String?
    private let client: HTTPClient

    /// Creates a client of `baseURL`; `secret` is HIVE_SECRET.
    public init(baseURL: String, secret: String?, client: HTTPClient) {
        self.baseURL = baseURL.hasSuffix("/") ? String(baseURL.dropLast()) : baseURL
        self.secret = secret
        self.client = client
    }

    /// `POST path` with `body`; transport failures (hive down) throw, any HTTP status is an answer.
    public func post(_ path: String, _ body: JSONValue) throws(HTTPClientError) -> Answer {
        try send("POST", path, Array(JSONWriter.write(body).utf8))
    }

    /// `POST path` with a hive message as the body.
    package func post(_ path: String, _ message: some HiveMessage) throws(HTTPClientError) -> Answer {
        try post(path, message.json)
    }

    /// `POST path` with raw JSON bytes (a result kept in the outbox).
    public func post(_ path: String, bytes: [UInt8]) throws(HTTPClientError) -> Answer {
        try send("POST", path, bytes)
    }

    /// `GET path`.
    public func get(_ path: String) throws(HTTPClientError) -> Answer {
        try send("GET", path, [])
    }

    private func send(_ method: String, _ path: String, _ body: [UInt8]) throws(HTTPClientError) -> Answer {
        var headers = HTTPHeaders()
        if let secret { headers.append(name: "Authorization", value: "Bearer \(secret)") }
        if !body.isEmpty { headers.append(name: "Content-Type", value: "application/json") }
        let response = try client.send(HTTPClientRequest(method: method, url: baseURL + path, headers: headers, body: body))
        return Answer(status: response.status, json: response.body.isEmpty ? nil : try? JSONParser.parse(response.body),
                      retryAfterSeconds: response.headers["Retry-After"].flatMap { Int($0) }.flatMap { $0 >= 0 ? $0 : nil })
    }
}

/// Results not yet acknowledged by the hive, one file each, written atomically: they survive a hive
/// outage and a restart of the agent, and are sent (and removed) once the hive answers.
public struct AgentOutbox: Sendable {
    /// The folder.
    public let folder: String

    /// An outbox in `folder` (created when missing).
    public init(folder: String) throws(SystemError) {
        self.folder = folder
        try FileSystem.makeDirectories(folder)
    }

    /// Keeps a result body under its nonce.
    public func store(nonce: String, body: [UInt8]) throws(SystemError) {
        try FileSystem.writeFileAtomically("\(folder)/\(nonce).json", body)
    }

    /// Every kept result, oldest name first.
    public func pending() -> [(nonce: String, body: [UInt8])] {
        let names = ((try? FileSystem.listDirectory(folder)) ?? []).filter { $0.hasSuffix(".json") }.sorted()
        return names.compactMap { name in
            (try? FileSystem.readFile("\(folder)/\(name)", limit: HiveLimits.maxBodyBytes)).map { (String(name.dropLast(5)), $0) }
        }
    }

    /// Forgets a result once the hive has answered it for good.
    public func remove(nonce: String) {
        try? FileSystem.removeFile("\(folder)/\(nonce).json")
    }
}
