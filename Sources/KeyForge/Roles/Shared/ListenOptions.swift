import ArgumentParser
import KeyForgeSystem

/// `--host` and `--port` for the roles that serve HTTP.
struct ListenOptions: ParsableArguments {
    @Option(help: "Address to listen on.")
    var host = "127.0.0.1"

    @Option(help: "Port to listen on (0 picks a free one; the chosen port is printed).")
    var port: UInt16?

    /// The endpoint, with `defaultPort` when `--port` is not given.
    func endpoint(defaultPort: UInt16) -> SocketEndpoint {
        .tcp(host: host, port: port ?? defaultPort)
    }
}
