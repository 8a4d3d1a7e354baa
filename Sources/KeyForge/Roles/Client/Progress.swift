import KeyForgeAdapters
import KeyForgeSystem

/// A progress line on standard error at a bounded rate: redrawn in place on a terminal, a plain line
/// every few seconds otherwise.
struct Progress {
    private let label: String
    private let totalBytes: Int64
    private let isTerminal = FileSystem.isStandardErrorTerminal
    private let clock = ContinuousClock()
    private let start: ContinuousClock.Instant
    private var lastPrint: ContinuousClock.Instant

    init(label: String, totalBytes: Int64) {
        self.label = label
        self.totalBytes = totalBytes
        start = clock.now
        lastPrint = start
    }

    /// Prints when enough time has passed since the last line.
    mutating func update(done: Int64) {
        let now = clock.now
        let interval: Duration = isTerminal ? .milliseconds(200) : .seconds(5)
        guard now - lastPrint >= interval else { return }
        lastPrint = now
        emit(done: done, now: now, final: false)
    }

    /// Prints the closing line.
    mutating func finish(done: Int64) { emit(done: done, now: clock.now, final: true) }

    private func emit(done: Int64, now: ContinuousClock.Instant, final: Bool) {
        let elapsed = Progress.seconds(now - start)
        let rate = elapsed > 0 ? Double(done) / elapsed / 1_000_000 : 0
        let percent = totalBytes > 0 ? Double(done) / Double(totalBytes) * 100 : 100
        let remaining = rate > 0 ? Double(totalBytes - done) / (rate * 1_000_000) : 0
        let line = "\(label): \(ReportText.fixed(Double(done) / 1_000_000, digits: 1)) of \(ReportText.fixed(Double(totalBytes) / 1_000_000, digits: 1)) MB"
            + " (\(ReportText.fixed(percent, digits: 0))%), \(ReportText.fixed(rate, digits: 1)) MB/s, "
            + (final ? "done in \(ReportText.fixed(elapsed, digits: 1)) s" : "about \(ReportText.fixed(remaining, digits: 0)) s left")
        if isTerminal {
            printError("\r\u{1B}[K" + line, terminator: final ? "\n" : "")
        } else {
            printError(line)
        }
    }

    static func seconds(_ duration: Duration) -> Double {
        let parts = duration.components
        return Double(parts.seconds) + Double(parts.attoseconds) / 1e18
    }
}
