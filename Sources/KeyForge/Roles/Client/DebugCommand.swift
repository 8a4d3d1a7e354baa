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

    /// The monotonic clock in nanoseconds: comparable between processes on one machine.
    static func monotonicNanoseconds() -> Int64 { MonotonicClock.nanoseconds() }

    /// Times the hive's secret comparison for a token that is right, wrong in its first byte and wrong
    /// in its last: the least time per call over many short batches, and the spread (largest / smallest).
    /// Batches are short (about 0.1 ms, well inside a scheduler slice) and the three candidates take
    /// turns in all six orders, so a busy moment of the machine cannot fall on one candidate only.
    struct AuthTiming: ParsableCommand {
        @Option var batches = 600
        @Option var calls = 2_000

        func run() throws {
            let secret = Array(String(repeating: "k3yf0rge-secret-", count: 4).utf8)
            var first = secret, last = secret
            first[0] ^= 1
            last[last.count - 1] ^= 1
            var sink = 0
            // Sixteen copies of each taken in turn, so the optimizer cannot hoist one comparison out of the loop.
            let candidates = [secret, first, last].map { candidate in (0..<16).map { _ in Array(candidate) } }
            let orders = [[0, 1, 2], [1, 2, 0], [2, 0, 1], [0, 2, 1], [2, 1, 0], [1, 0, 2]]
            var best = [Double](repeating: .infinity, count: candidates.count)
            for batch in 0..<batches {
                for index in orders[batch % orders.count] {
                    let copies = candidates[index]
                    let start = DebugCommand.monotonicNanoseconds()
                    for call in 0..<calls where HiveAuth.constantTimeEqual(copies[call & 15], secret) { sink &+= 1 }
                    best[index] = min(best[index], Double(DebugCommand.monotonicNanoseconds() - start) / Double(calls))
                }
            }
            let spread = (best.max() ?? 1) / (best.min() ?? 1)
            print("auth-timing: right \(format(best[0])) ns, first byte wrong \(format(best[1])) ns, last byte wrong \(format(best[2])) ns; "
                  + "spread \(format(spread)) (\(sink) right answers)")
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
            print("acquired \(DebugCommand.monotonicNanoseconds())")
            fflush(nil)
            FileLock.sleep(milliseconds: ms)
            print("released \(DebugCommand.monotonicNanoseconds())")
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
