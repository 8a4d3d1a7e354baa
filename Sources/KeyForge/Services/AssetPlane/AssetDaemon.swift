import Glibc
import KeyForgeSystem

/// `assetmgr daemon`: hydrate, then keep Valkey in line with the data folder as files change.
///
/// The watcher's changes collect in a set and are processed after a quiet moment (`debounce`, at
/// most `maxDelay` after the first), so an editor's write-rename-chmod burst is one update. A
/// queue overflow or a vanished folder turns the next pass into a full hydration. When Valkey is
/// unreachable the pending work stays and is retried with backoff: the daemon converges. Every
/// `probeInterval` it asks Valkey for its run_id: a changed one means the server restarted (and, with
/// no persistence, lost the assets), so a full pass puts them back.
public final class AssetDaemon: @unchecked Sendable {
    /// Quiet time after the last change before a pass runs.
    public let debounce: Duration
    /// The longest a change waits for quiet.
    public let maxDelay: Duration
    /// How often Valkey is asked whether it restarted.
    public let probeInterval: Duration = .seconds(1)

    private let hydrator: AssetHydrator
    private let log: @Sendable (String) -> Void
    private let loop: EventLoop
    private var watcher: DirectoryWatcher?
    private var signals: SignalSource?
    private var pending = Set<String>()
    private var needsFullPass = true
    private var firstPending: ContinuousClock.Instant?
    private var failures = 0
    private lazy var timer = LoopTimer { [unowned self] in runPass() }
    private lazy var probe = LoopTimer { [unowned self] in probeRestart() }
    private var runID: String?

    /// Creates a daemon; SIGTERM and SIGINT are blocked here (`TerminationSignals.start()`) and later read
    /// on its loop, so call it before starting threads.
    public init(hydrator: AssetHydrator, debounce: Duration = .milliseconds(150), maxDelay: Duration = .seconds(1),
                log: @escaping @Sendable (String) -> Void) throws(SystemError) {
        self.hydrator = hydrator
        self.debounce = debounce
        self.maxDelay = maxDelay
        self.log = log
        try TerminationSignals.start()
        loop = try EventLoop()
    }

    /// Watches, hydrates, and processes changes until SIGTERM, SIGINT or `stop()`.
    public func run() throws(SystemError) {
        // Watch before the first pass, so nothing written during it is missed.
        watcher = try DirectoryWatcher(root: hydrator.dataFolder, loop: loop) { [unowned self] changes in received(changes) }
        signals = try SignalSource(loop: loop) { [unowned self] signal in
            log("signal \(signal): stopping")
            loop.stop()
        }
        log("watching \(hydrator.dataFolder) (\(watcher?.watchedFolderCount ?? 0) folders)")
        loop.schedule(timer, at: .now)
        loop.schedule(probe, at: .now + probeInterval)
        try loop.run()
    }

    /// Stops the loop; safe from any thread.
    public func stop() { loop.stop() }

    private func received(_ changes: [DirectoryWatcher.Change]) {
        for change in changes {
            switch change {
            case .file(let path): pending.insert(path)
            case .rescan: needsFullPass = true
            }
        }
        let now = ContinuousClock.now
        let first = firstPending ?? now
        firstPending = first
        // Wait for quiet, but never longer than maxDelay after the first change; a retry wait stays.
        if failures == 0 { loop.schedule(timer, at: min(now + debounce, first + maxDelay)) }
    }

    private func runPass() {
        let paths = pending
        let full = needsFullPass
        pending.removeAll()
        needsFullPass = false
        firstPending = nil
        do {
            let report = full ? try hydrator.hydrate() : try hydrator.update(paths: Array(paths))
            failures = 0
            describe(report, full: full)
        } catch {
            // Keep the work for the next try; Valkey may be restarting.
            pending.formUnion(paths)
            needsFullPass = needsFullPass || full
            failures += 1
            let delay = Backoff(initial: .milliseconds(200), maximum: .seconds(5), maxRetries: nil)
            var generator = SystemRandomNumberGenerator()
            let wait = delay.delay(attempt: failures - 1, using: &generator)
            log("valkey: \(error); retrying in \(wait)")
            loop.schedule(timer, at: .now + wait)
        }
    }

    /// Compares Valkey's run_id with the last one seen; a new one schedules a full pass now.
    private func probeRestart() {
        defer { loop.schedule(probe, at: .now + probeInterval) }
        guard let info = try? hydrator.publisher.client.execute(["INFO", "server"]).asString,
              let line = info.lines.first(where: { $0.hasPrefix("run_id:") }) else { return }
        let current = String(line.dropFirst("run_id:".count).trimmingCharacters())
        defer { runID = current }
        guard let previous = runID, previous != current else { return }
        log("valkey restarted (run_id \(previous.prefix(8)) -> \(current.prefix(8))): full pass")
        needsFullPass = true
        if failures == 0 { loop.schedule(timer, at: .now) }
    }

    private func describe(_ report: HydrationReport, full: Bool) {
        for path in report.published { log("published \(path)") }
        for path in report.removed { log("removed \(path)") }
        for error in report.invalid { log("invalid, not published: \(error)") }
        if full {
            log("full pass: \(report.published.count) published, \(report.unchanged) unchanged, \(report.removed.count) removed, "
                + "\(report.invalid.count) invalid")
        }
    }
}
