import ArgumentParser
import Glibc
import KeyForgeAdapters
import KeyForgeSystem
import KeyForgeServices

extension DebugCommand {
    /// Serves fixed bodies from our epoll HTTP server, for `make bench-http` (wrk against us and nginx)
    /// and for poking at the server by hand. Stops gracefully on SIGTERM or Ctrl-C.
    struct ServeHTTP: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "serve-http",
            abstract: "Serve /small (13 bytes), /64k (65536 bytes), /metrics and POST /upload (answers the body's length) until SIGTERM."
        )

        @OptionGroup var listen: ListenOptions

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
            // A route that reads a body, so `make reliability` can send malformed bodies where one is read
            // (the GET routes refuse any body from the head, docs/OPERATIONS.md "Request bodies").
            router.post("/upload") { request in .text("\(request.body.count)") }
            var configuration = HTTPServerConfiguration()
            configuration.endpoint = listen.endpoint(defaultPort: 8080)
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
