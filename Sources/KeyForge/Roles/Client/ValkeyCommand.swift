import ArgumentParser
import KeyForgeAdapters
import KeyForgeSystem
import KeyForgeWire
import Synchronization
import KeyForgeServices

/// `keyforge valkey`: diagnostics for the coordination store (ping, and our client's throughput).
struct ValkeyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "valkey",
        abstract: "Valkey diagnostics: ping a server, measure our client's GET/SET rate.",
        subcommands: [Ping.self, Bench.self]
    )

    /// Connects, exchanges a PING, and reports the server's version, protocol and round-trip time.
    struct Ping: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Connect to a Valkey server and PING it (exit 69 when unreachable).")

        @Argument(help: "The server's URL (default: --valkey-url, $KEYFORGE_VALKEY_URL, then redis://127.0.0.1:6379/0).")
        var url: String?

        @OptionGroup var valkey: ValkeyOptions

        func run() throws {
            var configuration = try valkey.configuration(overriding: url)
            configuration.clientName = "keyforge-ping"
            do {
                let start = ContinuousClock.now
                let connection = try ValkeyConnection.connect(configuration)
                let connected = ContinuousClock.now
                let reply = try connection.execute(["PING"])
                let roundTrip = ContinuousClock.now - connected
                let info = try connection.execute(["INFO", "server"]).asString ?? ""
                let version = Self.serverVersion(info)
                let answer = reply.asString ?? "\(reply)"
                let timing = "connect \(Self.milliseconds(connected - start)), round trip \(Self.milliseconds(roundTrip))"
                print("\(answer) from \(configuration) (\(version), RESP\(connection.protocolVersion)): \(timing)")
            } catch {
                printError("keyforge: \(error)")
                throw ExitCode(ExitStatus.unavailable)
            }
        }

        /// `valkey_version:9.1.2` (or redis_version) from INFO server's text.
        static func serverVersion(_ info: String) -> String {
            let lines = info.split(whereSeparator: { $0 == "\r" || $0 == "\n" })
            // Valkey reports a Redis compatibility version too; its own comes first when present.
            let line = lines.first { $0.hasPrefix("valkey_version:") } ?? lines.first { $0.hasPrefix("redis_version:") }
            return line.map(String.init) ?? "version unknown"
        }

        static func milliseconds(_ duration: Duration) -> String {
            let (seconds, attoseconds) = duration.components
            let value = Double(seconds) * 1000 + Double(attoseconds) / 1e15
            return value < 10 ? "\((value * 100).rounded() / 100) ms" : "\(Int(value.rounded())) ms"
        }
    }

    /// SET then GET throughput of our client, shaped like `redis-benchmark -t set,get -n N -c C -P P`.
    struct Bench: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Measure our client's SET and GET requests/s (like redis-benchmark -t set,get -n N -c C -P P -d D).")
        /// The largest `--data-size`, 1 MiB: far past the small values a request-rate benchmark is about (larger
        /// ones measure copying, not the protocol), and it keeps clients x pipeline values well within memory.
        static let maxDataSize = 1 << 20

        @Argument(help: "The server's URL (default: --valkey-url, $KEYFORGE_VALKEY_URL, then redis://127.0.0.1:6379/0).")
        var url: String?

        @OptionGroup var valkey: ValkeyOptions

        @Option(name: [.customShort("n"), .long], help: "Requests of each kind in total.")
        var requests = 100_000

        @Option(name: [.customShort("c"), .long], help: "Concurrent connections (one thread each).")
        var clients = 50

        @Option(name: [.customShort("P"), .long], help: "Commands per pipeline (1: no pipelining).")
        var pipeline = 1

        @Option(name: [.customShort("d"), .long], help: "Value size in bytes.")
        var dataSize = 3

        @Flag(help: "Print the numbers as JSON.")
        var json = false

        func validate() throws {
            guard (1...10_000_000).contains(requests) else { throw ArgumentParser.ValidationError("--requests must be 1 ... 10000000") }
            guard (1...512).contains(clients) else { throw ArgumentParser.ValidationError("--clients must be 1 ... 512") }
            guard (1...10_000).contains(pipeline) else { throw ArgumentParser.ValidationError("--pipeline must be 1 ... 10000") }
            guard (1...Self.maxDataSize).contains(dataSize) else { throw ArgumentParser.ValidationError("--data-size must be 1 ... \(Self.maxDataSize)") }
        }

        func run() throws {
            let configuration = try valkey.configuration(overriding: url)
            let value = [UInt8](repeating: UInt8(ascii: "x"), count: dataSize)
            var results: [(String, Double)] = []
            for verb in ["SET", "GET"] {
                let rate = try ValkeyBenchmark(configuration: configuration, clients: clients, pipeline: pipeline,
                                               requests: requests).run { index in
                    let key = Array("key:\(index % 100_000)".utf8)
                    return verb == "SET" ? [Array("SET".utf8), key, value] : [Array("GET".utf8), key]
                }
                results.append((verb, rate))
            }
            if json {
                var object = JSONObject()
                object.append("clients", .int(Int64(clients)))
                object.append("pipeline", .int(Int64(pipeline)))
                object.append("requests", .int(Int64(requests)))
                for (verb, rate) in results { object.append(verb.lowercased() + "_per_second", .double(rate.rounded())) }
                print(JSONWriter.write(.object(object), pretty: true))
            } else {
                for (verb, rate) in results {
                    print("\(verb): \(Int(rate.rounded())) requests/s (\(requests) requests, \(clients) clients, pipeline \(pipeline), \(dataSize)-byte values)")
                }
            }
        }
    }
}
