import ArgumentParser
import Glibc
import KeyForgeAdapters
import KeyForgeSystem
import KeyForgeServices

/// `keyforge play`: the playground page and its API on the loopback, until Ctrl-C or SIGTERM.
struct PlayCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "play",
        abstract: "Serve the playground on 127.0.0.1: pick a board, drag keys, watch the exact metrics, improve, share.",
        discussion: """
        The page and its script are embedded in the binary; nothing is fetched from elsewhere. It listens on \
        127.0.0.1 only, on a free port unless --port is given, and prints the address. The page's API is \
        described in docs/API.md. Stops on Ctrl-C or SIGTERM.
        """
    )

    @Option(help: "Port to listen on (default: a free one, printed).")
    var port: UInt16 = 0

    @Flag(help: "Open the page in the desktop's browser (xdg-open).")
    var open = false

    func run() throws {
        let api = PlayAPI(catalog: try AssetCatalog())
        var router = HTTPRouter()
        api.register(into: &router)
        router.get("/") { _ in
            var response = HTTPResponse(status: 302)
            response.headers.append(name: "Location", value: "/play")
            return response
        }
        var configuration = HTTPServerConfiguration()
        configuration.endpoint = .tcp(host: "127.0.0.1", port: port)
        configuration.serverName = "keyforge-play"
        configuration.limits.maxBodyBytes = max(PlayRequest.maxBodyBytes, PlayUploads.maxBytes)  // each route has its own limit
        configuration.workerThreads = 2
        let server = try HTTPServer(configuration: configuration, responder: router.freeze(), handleSignals: true,
                                    onShutdown: { api.shutdown() })
        let url = "http://\(server.endpoint)/play"
        print("playground: \(url)")
        fflush(nil)
        if open { Self.openBrowser(url) }
        try server.run()
    }

    /// Hands the address to `xdg-open` without a shell; a desktop without one only loses the convenience.
    private static func openBrowser(_ url: String) {
        var pid = pid_t()
        let arguments = ["xdg-open", url]
        var argv: [UnsafeMutablePointer<CChar>?] = arguments.map { strdup($0) } + [nil]
        defer { for pointer in argv { free(pointer) } }
        if posix_spawnp(&pid, "xdg-open", nil, nil, &argv, environ) != 0 {
            printError("keyforge: play: cannot run xdg-open; open \(url) by hand")
        }
    }
}
