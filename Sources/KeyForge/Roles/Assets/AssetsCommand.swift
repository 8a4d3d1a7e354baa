import ArgumentParser
import Glibc
import KeyForgeAdapters
import KeyForgeSystem
import KeyForgeServices

/// `assets`: the read-only HTTP server of the manifest and the blobs, fed from Valkey (docs/adr/0012-control-and-asset-planes.md).
struct AssetsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "assets",
        abstract: "Serve the asset manifest and blobs from Valkey over HTTP (read-only)."
    )

    /// The port when `--port` is not given.
    static let defaultPort: UInt16 = 3001

    @OptionGroup var listen: ListenOptions

    @OptionGroup var valkey: ValkeyOptions

    @Option(help: "Seconds between manifest reloads when no asset_updates message arrives.")
    var refreshSeconds = 30

    @Flag(inversion: .prefixedNo, help: "Log one line per request on standard error (method, path, status, bytes, microseconds).")
    var accessLog = true

    func validate() throws {
        guard (1...3600).contains(refreshSeconds) else { throw ValidationError("--refresh-seconds must be 1 ... 3600") }
    }

    func run() throws {
        let log = RoleLog.logger("assets")
        var valkeyConfiguration = try valkey.configuration()
        valkeyConfiguration.clientName = "keyforge-assets"
        let assets = AssetServer(valkey: valkeyConfiguration, refreshInterval: .seconds(refreshSeconds), log: log)
        var configuration = HTTPServerConfiguration()
        configuration.endpoint = listen.endpoint(defaultPort: Self.defaultPort)
        configuration.serverName = "keyforge-assets"
        configuration.maxBufferedBodyBytes = AssetServer.maxBufferedBodyBytes
        let metrics = HTTPServerMetrics(prefix: "keyforge_assets")
        let server = try HTTPServer(configuration: configuration, responder: assets.responder(metrics: metrics), metrics: metrics,
                                    handleSignals: true, accessLog: accessLog ? log : nil)
        // Load the manifest before announcing the port, so the first request sees it (if Valkey is
        // down, /health says "starting" with 503 until a refresh succeeds).
        assets.refresh()
        try assets.startRefreshing()
        log("listening on \(server.endpoint), reading \(valkeyConfiguration)")
        print("listening on \(server.endpoint)")
        fflush(nil)
        try server.run()
        assets.stopRefreshing()
        log("stopped after \(server.metrics.requestCount) requests")
    }
}
