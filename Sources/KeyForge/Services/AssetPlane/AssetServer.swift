import KeyForgeAdapters
import KeyForgeSystem
import KeyForgeWire
import Synchronization

/// The read-only assets server (docs/adr/0012-control-and-asset-planes.md): the manifest and the blobs, streamed from Valkey.
///
/// It never writes to Valkey (a test runs it as an ACL user that may only read and subscribe).
/// Routes: `GET /health`, `GET /metrics`, `GET /manifest` (`{"files": {path: sha256}}`; 503 while the manifest is
/// missing or empty, and `/health` with it), `GET|HEAD /data/<path>`
/// with `ETag` = the manifest hash, `If-None-Match` -> 304, 400 for unsafe paths, 404 for unknown ones.
public final class AssetServer: Sendable {
    /// The request-body bytes the assets server buffers at once, none: every route is a GET that takes no
    /// body (413 from the head), so nothing within its unit's MemoryMax of 512M is set aside for bodies.
    public static let maxBufferedBodyBytes = 0
    /// How often the manifest is reloaded even without an `asset_updates` message.
    public static let defaultRefreshInterval: Duration = .seconds(30)

    /// The manifest and blob cache.
    public let cache: AssetManifestCache
    private let client: ValkeyClient
    private let configuration: ValkeyConfiguration
    private let refreshInterval: Duration
    private let log: @Sendable (String) -> Void
    private let isStopping = Atomic<Bool>(false)
    private let threads = Locked<[SystemThread]>([])
    private let subscriber: Locked<ValkeySubscriber?> = Locked(nil)

    /// Creates a server reading through `configuration`.
    public init(valkey configuration: ValkeyConfiguration, refreshInterval: Duration = AssetServer.defaultRefreshInterval,
                cache: AssetManifestCache = AssetManifestCache(), log: @escaping @Sendable (String) -> Void) {
        self.configuration = configuration
        client = ValkeyClient(configuration: configuration)
        self.refreshInterval = refreshInterval
        self.cache = cache
        self.log = log
    }

    /// Starts the subscriber and the refresher thread (the subscription's first confirmation triggers a load).
    public func startRefreshing() throws(SystemError) {
        let subscriber = ValkeySubscriber(
            configuration: configuration, channels: [CoordinatorKeyspace.assetUpdatesChannel],
            onMessage: { [cache] _ in cache.markDirty() },
            onEvent: { [cache, log] event in
                switch event {
                case .subscribed(let again):
                    if again { log("resubscribed to \(CoordinatorKeyspace.assetUpdatesChannel): resyncing the manifest") }
                    cache.markDirty()
                case .disconnected(let error):
                    log("subscriber: \(error)")
                }
            })
        try subscriber.start()
        self.subscriber.withLock { $0 = subscriber }
        let refresher = try SystemThread(name: "kf-manifest") { [self] in refreshLoop() }
        threads.withLock { $0.append(refresher) }
    }

    /// Stops the subscriber and the refresher.
    public func stopRefreshing() {
        isStopping.store(true, ordering: .releasing)
        subscriber.withLock { $0 }?.stop()
        for thread in threads.withLock({ $0 }) { thread.join() }
    }

    /// Loads the manifest from Valkey now.
    public func refresh() {
        do {
            let entries = try ValkeyDistributedCoordinator(client: client).getAllManifestEntries()
            cache.replace(entries, at: WallClock.unixSeconds())
        } catch {
            cache.refreshFailed(error.description)
            log("manifest refresh failed: \(error)")
        }
    }

    private func refreshLoop() {
        var last = ContinuousClock.now
        while !isStopping.load(ordering: .acquiring) {
            if cache.takeDirty() || ContinuousClock.now - last >= refreshInterval {
                refresh()
                last = .now
            }
            WallClock.sleep(for: .milliseconds(20))
        }
    }

    /// The routes, frozen; `/metrics` renders `metrics` (the HTTP server's counters).
    public func responder(metrics: HTTPServerMetrics) -> HTTPResponder {
        var router = HTTPRouter()
        router.get("/metrics") { [cache] _ in
            let status = cache.status
            var text = metrics.render()
            text += "# HELP keyforge_assets_manifest_entries Assets in the cached manifest.\n"
            text += "# TYPE keyforge_assets_manifest_entries gauge\nkeyforge_assets_manifest_entries \(status.count)\n"
            return HTTPResponse(status: 200, headers: HTTPHeaders([("Content-Type", "text/plain; version=0.0.4")]), body: Array(text.utf8))
        }
        router.get("/health") { [cache] _ in
            let status = cache.status
            let notReady = cache.notReadyReason
            var object = JSONObject()
            object.append("status", .string(notReady == nil ? "ok" : status.loadedAt == nil ? "starting" : "not ready"))
            object.append("assets", .int(Int64(status.count)))
            if let notReady { object.append("reason", .string(notReady)) }
            if let loadedAt = status.loadedAt { object.append("manifest_age_seconds", .double(max(0, WallClock.unixSeconds() - loadedAt))) }
            if let error = status.lastError { object.append("last_error", .string(error)) }
            return .json(.object(object), status: notReady == nil ? 200 : 503)
        }
        router.get("/manifest") { [cache] _ in
            // One read of the manifest decides both the answer and its content.
            let hashes = cache.hashes
            guard !hashes.isEmpty else { return .error(503, cache.notReadyReason ?? "the manifest is empty") }
            var files = JSONObject()
            for (path, hash) in hashes.sorted(by: { $0.key < $1.key }) { files.append(path, .string(hash)) }
            var object = JSONObject()
            object.append("files", .object(files))
            return .json(.object(object))
        }
        router.get("/data/*path") { [self] request in data(request) }
        return router.freeze()
    }

    private func data(_ request: HTTPRequest) -> HTTPResponse {
        let raw = request.parameters["path"] ?? ""
        // Decoded before the check, so %2e%2e and %00 meet the same whitelist as their plain forms.
        let path = HTTPRequest.percentDecoded(Substring(raw))
        guard AssetPath.isSafe(path), !request.path.contains("//") else { return .error(400, "unsafe asset path") }
        guard let entry = cache.entry(path) else { return .error(404, "no asset \(path)") }
        var headers = HTTPHeaders([("ETag", "\"\(entry.hash)\""), ("Cache-Control", "no-cache"),
                                   ("Content-Type", Self.contentType)])
        if let tags = request.headers["If-None-Match"],
           tags.split(separator: ",").contains(where: { $0.trimmingCharacters() == "\"\(entry.hash)\"" || $0.trimmingCharacters() == "*" }) {
            return HTTPResponse(status: 304, headers: headers)
        }
        if let blob = cache.blob(hash: entry.hash) { return HTTPResponse(status: 200, headers: headers, body: blob) }
        headers.append(name: "X-Cache", value: "miss")
        let finalHeaders = headers
        return .deferred { [client, cache] in
            let reply: RESPValue
            do { reply = try client.execute(["GET", CoordinatorKeyspace.blob(path)], retryIfIdempotent: true) } catch {
                return .error(503, "valkey: \(error)")
            }
            guard let blob = reply.asBytes else { return .error(404, "no asset \(path)") }
            // The write master guarantees valid blobs; a blob that no longer matches its manifest hash
            // (corruption, a torn manual edit) is refused rather than served under the wrong ETag.
            guard SHA256.hex(blob) == entry.hash else { return .error(502, "stored blob of \(path) does not match its manifest hash") }
            cache.store(blob: blob, hash: entry.hash)
            return HTTPResponse(status: 200, headers: finalHeaders, body: blob)
        }
    }

    /// Stored assets are zstd frames (JSON compressed, corpus segments as built).
    static let contentType = "application/zstd"
}
