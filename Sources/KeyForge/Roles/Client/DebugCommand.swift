import ArgumentParser
import Glibc
import KeyForgeAdapters
import KeyForgeSystem
import KeyForgeServices

/// `keyforge debug`: hidden probes that the process-level tests drive (lock contention, crashes
/// during atomic writes) and manual checks (fetching a URL). Not for users; they touch only the
/// paths they are given.
struct DebugCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "debug",
        abstract: "Probes for the process-level tests.",
        shouldDisplay: false,
        subcommands: [HoldLock.self, WriteLoop.self, ServeHTTP.self, Fetch.self, AuthTiming.self]
    )

    /// Times the hive's secret comparison (`HiveAuth.measureTiming`) for the reliability check.
    struct AuthTiming: ParsableCommand {
        @Option var batches = 600
        @Option var calls = 2_000

        func run() throws {
            let timing = HiveAuth.measureTiming(batches: batches, calls: calls)
            print("auth-timing: right \(format(timing.right)) ns, first byte wrong \(format(timing.firstByteWrong)) ns, "
                  + "last byte wrong \(format(timing.lastByteWrong)) ns; spread \(format(timing.spread)) (\(timing.rightAnswers) right answers)")
        }

        private func format(_ value: Double) -> String { String(Double(Int(value * 100)) / 100) }
    }

    /// Takes the workspace lock of `--root`, prints `acquired NS`, holds it `--ms`, prints `released NS`.
    struct HoldLock: ParsableCommand {
        @Option var root: String
        @Option var ms: Int = 10

        func run() throws {
            let workspace = Workspace(root: root)
            try workspace.initialize(.create)
            let lock = try workspace.lock()
            print("acquired \(MonotonicClock.nanoseconds())")
            fflush(nil)
            FileLock.sleep(milliseconds: ms)
            print("released \(MonotonicClock.nanoseconds())")
            fflush(nil)
            withExtendedLifetime(lock) {}
        }
    }

    /// Rewrites `FILE` atomically forever, alternating `--bytes` of 'a' and of 'b'.
    struct WriteLoop: ParsableCommand {
        @Argument var file: String
        @Option var bytes: Int = 65_536

        func run() throws {
            let contents = [[UInt8](repeating: UInt8(ascii: "a"), count: bytes), [UInt8](repeating: UInt8(ascii: "b"), count: bytes)]
            var round = 0
            while true {
                do { try FileSystem.writeFileAtomically(file, contents[round % 2]) } catch { throw InputError.system(error) }
                round += 1
                if round == 1 { print("writing"); fflush(nil) }
            }
        }
    }

    /// Fetches `URL` with the HTTP client: the body to standard output, or with `--out` downloaded
    /// atomically to `FILE` (checked against `--sha256`), then `FILE: N bytes, sha256 HEX` printed.
    struct Fetch: ParsableCommand {
        @Argument var url: String
        @Option(help: "Download to this file (atomically) instead of printing the body.") var out: String?
        @Option(help: "The expected SHA-256 of the body, 64 hex digits (with --out).") var sha256: String?
        @Option(help: "A PEM file of CA certificates to trust instead of the system store.") var cacert: String?

        func validate() throws {
            if sha256 != nil && out == nil { throw ArgumentParser.ValidationError("--sha256 needs --out") }
        }

        func run() throws {
            var configuration = HTTPClientConfiguration()
            configuration.caCertificatePath = cacert
            let client = HTTPClient(configuration: configuration)
            if let out {
                let result = try client.download(url: url, to: out, expectedSHA256: sha256)
                print("\(result.path): \(result.byteCount) bytes, sha256 \(result.sha256)")
                return
            }
            let response = try client.send(.get(url))
            FileSystem.writeStandardError("HTTP \(response.status), \(response.body.count) bytes\n")
            print(response.text, terminator: "")
            fflush(nil)
            if !response.isSuccess { throw ExitCode(ExitStatus.unavailable) }
        }
    }
}
