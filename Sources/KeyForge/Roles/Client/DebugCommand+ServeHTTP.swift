import ArgumentParser
import Glibc
import KeyForgeAdapters
import KeyForgeSystem

extension DebugCommand {
    /// Serves fixed bodies from our epoll HTTP server, for `make bench-http` (wrk against us and nginx)
    /// and for poking at the server by hand. Stops gracefully on SIGTERM or Ctrl-C.
    struct ServeHTTP: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "serve-http",
            abstract: "Serve /small (13 bytes), /64k (65536 bytes) and /metrics until SIGTERM."
        )

        @Option(help: "Address to listen on.")
        var host = "127.0.0.1"

        @Option(help: "Port to listen on (0 picks a free one; the chosen port is printed).")
        var port: UInt16 = 8080

        @Flag(help: "Print an access-log line per request on standard error.")
        var accessLog = false

        /// The 64 KiB body: the same bytes `make bench-http` writes for nginx.
        static let largeBody = [UInt8]((0..<65_536).map { UInt8(ascii: "a") + UInt8($0 % 26) })
        static let smallBody = Array("hello, world\n".utf8)

        func run() throws {
            let metrics = HTTPServerMetrics(prefix: "keyforge_debug")
            var router = HTTPRouter()
            router.get("/small") { _ in HTTPResponse(status: 200, body: ServeHTTP.smallBody) }
            router.get("/64k") { _ in HTTPResponse(status: 200, body: ServeHTTP.largeBody) }
            router.get("/metrics") { _ in .text(metrics.render()) }
            var configuration = HTTPServerConfiguration()
            configuration.endpoint = .tcp(host: host, port: port)
            let log: (@Sendable (String) -> Void)? = accessLog ? { @Sendable line in FileSystem.writeStandardError(line + "\n") } : nil
            let server = try HTTPServer(configuration: configuration, responder: router.freeze(), metrics: metrics,
                                        handleSignals: true, accessLog: log)
            print("listening on \(server.endpoint)")
            fflush(nil)
            try server.run()
            print("stopped after \(metrics.requestCount) requests")
        }
    }
}
