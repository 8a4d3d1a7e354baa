import Foundation
import Testing
import KeyForgeSystem

/// Real processes of the built binary: the workspace lock under contention and kill -9, and atomic
/// writes killed part way.
@Suite("Processes", .serialized)
struct ProcessTests {
    /// The keyforge binary `swift build` made for these tests.
    static var binary: String {
        for candidate in ["\(packageRoot)/.build/debug/keyforge", "\(packageRoot)/.build/release/keyforge"]
        where KeyForgeSystem.FileSystem.exists(candidate) { return candidate }
        return "\(packageRoot)/.build/debug/keyforge"
    }

    static func start(_ arguments: [String]) throws -> (Process, Pipe) { try launch(binary, arguments) }

    /// Starts `executable` with `arguments`, standard output piped, standard error discarded.
    static func launch(_ executable: String, _ arguments: [String]) throws -> (Process, Pipe) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = FileHandle.nullDevice
        try process.run()
        return (process, pipe)
    }

    /// Runs `executable` with `arguments` to the end: its exit status and standard output.
    static func run(_ executable: String, _ arguments: [String]) throws -> (status: Int32, output: String) {
        let (process, pipe) = try launch(executable, arguments)
        let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return (process.terminationStatus, output)
    }

    /// Runs the binary with `arguments` (and `environment` added to this process's) to the end, standard
    /// output discarded: its exit status and standard error.
    static func runCapturingErrors(_ arguments: [String], environment: [String: String] = [:]) throws -> (status: Int32, errors: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: binary)
        process.arguments = arguments
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        let errors = Pipe()
        process.standardError = errors
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        let message = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return (process.terminationStatus, message)
    }

    static func lines(_ pipe: Pipe) -> [String] {
        String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self).split(separator: "\n").map(String.init)
    }

    /// Reads the first line a process prints (blocking), for processes that keep running.
    static func firstLine(_ pipe: Pipe) -> String {
        var bytes: [UInt8] = []
        while true {
            let data = pipe.fileHandleForReading.readData(ofLength: 1)
            guard let byte = data.first, byte != UInt8(ascii: "\n") else { break }
            bytes.append(byte)
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    @Test("20 processes contending for the workspace lock hold it in turns that never overlap")
    func lockContention() throws {
        #expect(KeyForgeSystem.FileSystem.exists(Self.binary), "build the binary first: \(Self.binary)")
        let root = makeTemporaryFolder()
        let started = try (0..<20).map { _ in try Self.start(["debug", "hold-lock", "--root", root, "--ms", "15"]) }
        var intervals: [(Int64, Int64)] = []
        for (process, pipe) in started {
            let output = Self.lines(pipe)
            process.waitUntilExit()
            #expect(process.terminationStatus == 0)
            let acquired = output.first { $0.hasPrefix("acquired ") }.flatMap { Int64($0.dropFirst(9)) }
            let released = output.first { $0.hasPrefix("released ") }.flatMap { Int64($0.dropFirst(9)) }
            if let acquired, let released { intervals.append((acquired, released)) }
        }
        #expect(intervals.count == 20)
        intervals.sort { $0.0 < $1.0 }
        for index in intervals.indices.dropFirst() {
            #expect(intervals[index].0 >= intervals[index - 1].1, "lock held twice at once: \(intervals[index - 1]) and \(intervals[index])")
        }
        #expect(KeyForgeSystem.FileSystem.exists("\(root)/.lock"))
    }

    @Test("kill -9 of the lock holder lets the next process in")
    func killedHolder() throws {
        let root = makeTemporaryFolder()
        let (holder, holderPipe) = try Self.start(["debug", "hold-lock", "--root", root, "--ms", "600000"])
        #expect(Self.firstLine(holderPipe).hasPrefix("acquired "))
        kill(holder.processIdentifier, SIGKILL)
        holder.waitUntilExit()
        let (next, nextPipe) = try Self.start(["debug", "hold-lock", "--root", root, "--ms", "1"])
        let output = Self.lines(nextPipe)
        next.waitUntilExit()
        #expect(next.terminationStatus == 0)
        #expect(output.first?.hasPrefix("acquired ") == true)
    }

    @Test("kill -9 during atomic writes, again and again: the file is always wholly old or wholly new")
    func killedWriter() throws {
        let folder = makeTemporaryFolder()
        let file = "\(folder)/target"
        let size = 262_144
        try write([UInt8](repeating: UInt8(ascii: "a"), count: size), to: file)
        for round in 0..<15 {
            let (writer, pipe) = try Self.start(["debug", "write-loop", file, "--bytes", "\(size)"])
            #expect(Self.firstLine(pipe) == "writing")
            usleep(UInt32(2_000 + (round * 3_137) % 25_000))
            kill(writer.processIdentifier, SIGKILL)
            writer.waitUntilExit()
            let content = try KeyForgeSystem.FileSystem.readFile(file)
            #expect(content.count == size, "round \(round): \(content.count) bytes")
            let first = content.first ?? 0
            #expect((first == UInt8(ascii: "a") || first == UInt8(ascii: "b")) && content.allSatisfy { $0 == first }, "round \(round): mixed content")
        }
    }

    @Test("binary and invalid UTF-8 input is counted, reported and skipped by corpus build, never a crash")
    func binaryInput() throws {
        let folder = makeTemporaryFolder()
        var bytes: [UInt8] = Array("hello world ".utf8)
        var state: UInt64 = 7
        for _ in 0..<100_000 {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            bytes.append(UInt8(truncatingIfNeeded: state >> 56))
        }
        try write(bytes, to: "\(folder)/noise.bin")
        let (status, message) = try Self.runCapturingErrors(["corpus", "build", "\(folder)/noise.bin", "--id", "test/noise", "--out", "\(folder)/bundle"])
        #expect(status == 0)
        #expect(message.contains("bytes of invalid UTF-8 skipped"))
        let manifest = try readText("\(folder)/bundle/manifest.json")
        #expect(manifest.contains("\"invalid_bytes\""))
    }
}
