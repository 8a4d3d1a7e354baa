import Foundation
import Testing
import KeyForgeSystem

/// Ctrl-C of real processes: SIGINT and SIGTERM are blocked from the top of main and read from a
/// signalfd, yet the client stops cleanly on the first, ends with 130 on the second, and a verb that
/// does not handle them still dies by the signal as before.
@Suite("Interrupts", .serialized)
struct InterruptProcessTests {
    /// Starts a long search with standard output and standard error piped.
    private func startSearch() throws -> (Process, Pipe, Pipe) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: ProcessTests.binary)
        process.arguments = ["search", "--time", "120", "--threads", "1", "--seed", "7"]
        let output = Pipe()
        let errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        return (process, output, errors)
    }

    /// Reads standard error up to the first progress line (the search is then under way, with its
    /// handler installed); false when the stream ended first.
    private func waitForProgress(_ errors: Pipe) -> Bool {
        var line: [UInt8] = []
        while true {
            let data = errors.fileHandleForReading.readData(ofLength: 1)
            guard let byte = data.first else { return false }
            if byte == UInt8(ascii: "\n") {
                if String(decoding: line, as: UTF8.self).hasPrefix("search:") { return true }
                line.removeAll()
            } else {
                line.append(byte)
            }
        }
    }

    @Test("the first Ctrl-C stops a search cleanly: exit 0 with the best layout so far")
    func firstInterruptStopsCleanly() throws {
        let (process, output, errors) = try startSearch()
        #expect(waitForProgress(errors))
        kill(process.processIdentifier, SIGINT)
        let printed = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationReason == .exit)
        #expect(process.terminationStatus == 0)
        #expect(printed.contains("stopped by Ctrl-C: this is the best layout found so far"))
    }

    @Test("two quick Ctrl-Cs end a search by exit, never by the signal: 130 when the second is seen, 0 when both read as one")
    func secondInterruptEndsAtOnce() throws {
        let (process, _, errors) = try startSearch()
        #expect(waitForProgress(errors))
        kill(process.processIdentifier, SIGINT)
        kill(process.processIdentifier, SIGINT)
        process.waitUntilExit()
        #expect(process.terminationReason == .exit)
        // Both may be read as one (signals do not queue): then the first alone stopped it, with 0.
        #expect(process.terminationStatus == 130 || process.terminationStatus == 0)
    }

    @Test("a verb that does not handle Ctrl-C still dies by SIGINT, as if it were never blocked")
    func unhandledInterruptKills() throws {
        let root = makeTemporaryFolder()
        let (holder, pipe) = try ProcessTests.start(["debug", "hold-lock", "--root", root, "--ms", "600000"])
        #expect(ProcessTests.firstLine(pipe).hasPrefix("acquired "))
        kill(holder.processIdentifier, SIGINT)
        holder.waitUntilExit()
        #expect(holder.terminationReason == .uncaughtSignal)
        #expect(holder.terminationStatus == SIGINT)
    }
}
