import KeyForgeSystem

/// The one progress writer of long work, on standard error: redrawn in place on a terminal (at most
/// every 200 ms), a plain line at most every 5 s otherwise, so logs stay short.
package final class ProgressLine {
    private let quiet: Bool
    private let isTerminal = FileSystem.isStandardErrorTerminal
    private let clock = ContinuousClock()
    private var lastShown: ContinuousClock.Instant?

    /// A writer; a quiet one writes nothing (for `--json` runs).
    package init(quiet: Bool = false) { self.quiet = quiet }

    /// Shows `text` unless a line was shown too recently.
    package func show(_ text: String) {
        guard !quiet else { return }
        let now = clock.now
        let interval: Duration = isTerminal ? .milliseconds(200) : .seconds(5)
        if let lastShown, now - lastShown < interval { return }
        lastShown = now
        printError(isTerminal ? "\r\u{1B}[K" + text : text, terminator: isTerminal ? "" : "\n")
    }

    /// Shows the closing line, always.
    package func finish(_ text: String) {
        guard !quiet else { return }
        printError(isTerminal ? "\r\u{1B}[K" + text : text)
    }

    /// Erases the redrawn line on a terminal (before a summary goes to standard output).
    package func clear() {
        guard !quiet, isTerminal, lastShown != nil else { return }
        printError("\r\u{1B}[K", terminator: "")
    }

    /// Seconds in a duration, as a Double.
    package static func seconds(_ duration: Duration) -> Double {
        let parts = duration.components
        return Double(parts.seconds) + Double(parts.attoseconds) / 1e18
    }
}

/// Progress through a known number of bytes: done, rate and time left.
package struct ByteProgress {
    private let label: String
    private let totalBytes: Int64
    private let line = ProgressLine()
    private let clock = ContinuousClock()
    private let start: ContinuousClock.Instant

    package init(label: String, totalBytes: Int64) {
        self.label = label
        self.totalBytes = totalBytes
        start = clock.now
    }

    /// Reports `done` bytes (the line itself limits how often it prints).
    package func update(done: Int64) { line.show(text(done: done, final: false)) }

    /// Prints the closing line.
    package func finish(done: Int64) { line.finish(text(done: done, final: true)) }

    private func text(done: Int64, final: Bool) -> String {
        let elapsed = ProgressLine.seconds(clock.now - start)
        let rate = elapsed > 0 ? Double(done) / elapsed / 1_000_000 : 0
        let percent = totalBytes > 0 ? Double(done) / Double(totalBytes) * 100 : 100
        let remaining = rate > 0 ? Double(totalBytes - done) / (rate * 1_000_000) : 0
        return "\(label): \(ReportText.fixed(Double(done) / 1_000_000, digits: 1)) of \(ReportText.fixed(Double(totalBytes) / 1_000_000, digits: 1)) MB"
            + " (\(ReportText.fixed(percent, digits: 0))%), \(ReportText.fixed(rate, digits: 1)) MB/s, "
            + (final ? "done in \(ReportText.fixed(elapsed, digits: 1)) s" : "about \(ReportText.fixed(remaining, digits: 0)) s left")
    }
}
