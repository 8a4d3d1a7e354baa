import Foundation
import Glibc
import KeyForgeSystem
import KeyForgeTestSupport
import Testing

/// `keyforge debug serve-http` as a real process: signals, and running out of descriptors.
@Suite("HTTP server process", .serialized)
struct HTTPServerProcessTests {
    /// Starts the server through `sh` (so a test can set limits first) and returns it with its port.
    static func startServer(shellPrefix: String = "") throws -> (Process, Pipe, UInt16) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", "\(shellPrefix) exec '\(ProcessTests.binary)' debug serve-http --port 0"]
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = FileHandle.nullDevice
        try process.run()
        let line = ProcessTests.firstLine(pipe)
        let port = UInt16(line.split(separator: ":").last ?? "") ?? 0
        return (process, pipe, port)
    }

    /// One GET over a fresh connection; the status code, or nil when it failed.
    static func get(_ path: String, port: UInt16) -> Int? {
        guard let socket = try? StreamSocket.connect(to: .tcp(host: "127.0.0.1", port: port), deadline: .now + .seconds(2)),
              (try? socket.writeAll(Array("GET \(path) HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n".utf8),
                                    deadline: .now + .seconds(2))) != nil
        else { return nil }
        var buffer = [UInt8](repeating: 0, count: 4096)
        let count = (try? buffer.withUnsafeMutableBytes { try socket.read(into: $0, deadline: .now + .seconds(3)) }) ?? 0
        let text = String(decoding: buffer[0..<count], as: UTF8.self)
        guard text.hasPrefix("HTTP/1.1 ") else { return nil }
        return Int(text.dropFirst(9).prefix(3))
    }

    /// CPU time (user + system) of a process in clock ticks, from /proc.
    static func cpuTicks(_ pid: Int32) -> Int {
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
              let close = stat.lastIndex(of: ")") else { return 0 }
        let fields = stat[stat.index(after: close)...].split(separator: " ")
        // After the command: state is field 3; utime and stime are fields 14 and 15 (1-based).
        return (Int(fields[11]) ?? 0) + (Int(fields[12]) ?? 0)
    }

    /// Resident memory of a process in KiB (VmRSS).
    static func residentKilobytes(_ pid: Int32) -> Int {
        guard let status = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8) else { return 0 }
        for line in status.split(separator: "\n") where line.hasPrefix("VmRSS:") {
            return Int(line.split(separator: " ").dropFirst().first ?? "0") ?? 0
        }
        return 0
    }

    @Test("10 000 requests on one connection keep the server's memory flat (its own process, so nothing else counts)")
    func manyRequestsFlatMemory() throws {
        let (process, _, port) = try Self.startServer()
        defer {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
        }
        let socket = try StreamSocket.connect(to: .tcp(host: "127.0.0.1", port: port), deadline: .now + .seconds(2))
        let batch = Array((0..<100).map { _ in "GET /small HTTP/1.1\r\nHost: t\r\n\r\n" }.joined().utf8)
        var buffer = [UInt8](repeating: 0, count: 65_536)
        // Every response to /small has the same length: read one to learn it.
        try socket.writeAll(Array("GET /small HTTP/1.1\r\nHost: t\r\n\r\n".utf8), deadline: .now + .seconds(5))
        let responseBytes = try buffer.withUnsafeMutableBytes { try socket.read(into: $0, deadline: .now + .seconds(5)) }
        #expect(String(decoding: buffer[0..<responseBytes], as: UTF8.self).hasSuffix("hello, world\n"))
        func run(batches: Int) throws {
            for _ in 0..<batches {
                try socket.writeAll(batch, deadline: .now + .seconds(5))
                var received = 0
                while received < 100 * responseBytes {
                    let count = try buffer.withUnsafeMutableBytes { try socket.read(into: $0, deadline: .now + .seconds(5)) }
                    guard count > 0 else { throw HarnessError("the server closed the connection") }
                    received += count
                }
            }
        }
        try run(batches: 10)
        let warm = Self.residentKilobytes(process.processIdentifier)
        try run(batches: 90)
        let after = Self.residentKilobytes(process.processIdentifier)
        // Flat: 9 000 more requests may not grow the server by more than a few pages.
        #expect(after - warm < 1_024, "RSS grew from \(warm) KiB to \(after) KiB")
    }

    @Test("SIGTERM stops the server cleanly: exit status 0 after it answered")
    func sigterm() throws {
        let (process, pipe, port) = try Self.startServer()
        #expect(port > 0)
        #expect(Self.get("/small", port: port) == 200)
        kill(process.processIdentifier, SIGTERM)
        process.waitUntilExit()
        #expect(process.terminationReason == .exit)
        #expect(process.terminationStatus == 0)
        #expect(ProcessTests.lines(pipe).last == "stopped after 1 requests")
    }

    @Test("out of descriptors, the server pauses accepting instead of spinning, and serves again afterwards")
    func outOfDescriptors() throws {
        let (process, _, port) = try Self.startServer(shellPrefix: "ulimit -n 32;")
        defer {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
        }
        #expect(Self.get("/small", port: port) == 200)
        // Far more connections than descriptors: the kernel queues them; accept4 fails with EMFILE.
        var held: [StreamSocket] = []
        for _ in 0..<80 {
            if let socket = try? StreamSocket.connect(to: .tcp(host: "127.0.0.1", port: port), deadline: .now + .seconds(1)) {
                held.append(socket)
            }
        }
        usleep(200_000)
        let before = Self.cpuTicks(process.processIdentifier)
        usleep(1_000_000)
        let used = Self.cpuTicks(process.processIdentifier) - before
        // A busy loop on a readable listener would burn about 100 ticks a second; pausing uses a few.
        #expect(used < 30, "the server used \(used) ticks of CPU in one second while out of descriptors")
        held.removeAll()
        usleep(300_000)
        #expect(Self.get("/small", port: port) == 200)
    }
}
