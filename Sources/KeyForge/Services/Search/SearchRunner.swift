import Dispatch
import Glibc
import KeyForgeCore
import KeyForgeWire
import KeyForgeSystem

/// Runs one search: N replicas on N threads (at the edge, never inside the scorer), a progress line,
/// Ctrl-C, and a deterministic merge (best score, then lowest replica index).
package struct SearchRunner {
    /// The result of one search.
    package struct Outcome {
        package var seed: UInt64
        package var best: ReplicaResult
        package var replicas: [ReplicaResult]
        package var seconds: Double
    }

    package let scorer: OptimizedScorer
    package let parameters: SearchParameters
    package let threads: Int
    package let seconds: Double?
    package let quiet: Bool
    package let label: String
    /// Polled at every check: true stops the search, keeping the best so far (Ctrl-C by default).
    package var shouldStop: @Sendable () -> Bool = { Interrupt.isRequested }
    /// Called about four times a second with the steps done so far by all replicas.
    package var onProgress: (@Sendable (Int64) -> Void)? = nil
    /// Called by each replica's thread when one of its rounds ends (traces; must be thread-safe).
    package var onRound: (@Sendable (Int, RoundReport) -> Void)? = nil

    /// A runner of `threads` replicas for `seconds` (nil: until the parameters' steps are done).
    package init(scorer: OptimizedScorer, parameters: SearchParameters, threads: Int, seconds: Double?, quiet: Bool, label: String,
                 shouldStop: @escaping @Sendable () -> Bool = { Interrupt.isRequested },
                 onProgress: (@Sendable (Int64) -> Void)? = nil) {
        self.scorer = scorer
        self.parameters = parameters
        self.threads = threads
        self.seconds = seconds
        self.quiet = quiet
        self.label = label
        self.shouldStop = shouldStop
        self.onProgress = onProgress
    }

    /// The number of online cores.
    package static var coreCount: Int { SystemInfo.onlineCoreCount }

    /// A seed from the clock, for runs that do not name one.
    package static func clockSeed() -> UInt64 {
        let nanoseconds = WallClock.unixNanoseconds()
        let seconds = nanoseconds / 1_000_000_000
        var mixer = SplitMix64(seed: seconds &* 1_000_000_007 &+ nanoseconds % 1_000_000_000)
        return mixer.next() >> 16
    }

    private final class Shared: Sendable {
        let progress: Locked<[SearchProgress]>
        let results: Locked<[ReplicaResult?]>
        let failure = Locked<ValidationError?>(nil)
        init(threads: Int) {
            progress = Locked((0..<threads).map { SearchProgress(replica: $0, steps: 0, bestScore: .max, temperature: 0) })
            results = Locked(Array(repeating: nil, count: threads))
        }
    }

    package func run(start: Layout) throws -> Outcome {
        let shared = Shared(threads: threads)
        let clock = ContinuousClock()
        let began = clock.now
        let budget = seconds
        let group = DispatchGroup()
        let annealer = Annealer(scorer: scorer, parameters: parameters, layers: start.layers)
        for replica in 0..<threads {
            DispatchQueue.global().async(group: group) {
                let fraction: (() -> Double)? = budget.map { total in { SearchRunner.elapsed(since: began, clock: clock) / total } }
                do throws(ValidationError) {
                    let report = onRound.map { callback in { (round: RoundReport) in callback(replica, round) } }
                    let result = try annealer.run(replica: replica, start: start, fraction: fraction, onRound: report) { update in
                        // A replica reports the best of its current restart: keep the best of all.
                        shared.progress.withLock { progress in
                            let best = min(progress[replica].bestScore, update.bestScore)
                            progress[replica] = update
                            progress[replica].bestScore = best
                        }
                        return !shouldStop()
                    }
                    shared.results.withLock { $0[replica] = result }
                } catch {
                    shared.failure.withLock { $0 = error }
                }
            }
        }
        let line = ProgressLine(quiet: quiet)
        while group.wait(timeout: .now() + .milliseconds(250)) == .timedOut {
            let snapshot = shared.progress.withLock { $0 }
            onProgress?(snapshot.reduce(Int64(0)) { $0 + $1.steps })
            line.show(progressText(snapshot, elapsed: SearchRunner.elapsed(since: began, clock: clock)))
        }
        if let failure = shared.failure.withLock({ $0 }) { throw InputError.invalid("search", failure) }
        let replicas = shared.results.withLock { $0 }.compactMap { $0 }
        var final = shared.progress.withLock { $0 }
        for result in replicas {
            final[result.replica].steps = result.steps
            final[result.replica].bestScore = result.score.total
            final[result.replica].temperature = 0
        }
        line.finish(progressText(final, elapsed: SearchRunner.elapsed(since: began, clock: clock)))
        guard let best = replicas.min(by: { ($0.score.total, $0.replica) < ($1.score.total, $1.replica) }) else {
            throw InputError(.invalid, source: "search", "no replica finished")
        }
        return Outcome(seed: parameters.seed, best: best, replicas: replicas, seconds: SearchRunner.elapsed(since: began, clock: clock))
    }

    private func progressText(_ snapshot: [SearchProgress], elapsed: Double) -> String {
        let steps = snapshot.reduce(Int64(0)) { $0 + $1.steps }
        let best = snapshot.map(\.bestScore).min() ?? .max
        let temperature = snapshot.map(\.temperature).max() ?? 0
        let rate = elapsed > 0 ? Double(steps) / elapsed : 0
        var text = "\(label): \(ReportText.fixed(elapsed, digits: 1)) s, \(ReportText.fixed(rate / 1_000_000, digits: 2)) M steps/s"
            + ", best \(best == .max ? "-" : ReportText.fixed(FixedPoint.toDouble(best)))"
            + ", T \(ReportText.fixed(temperature, digits: 1))"
        if let seconds {
            text += ", \(ReportText.fixed(max(0, seconds - elapsed), digits: 0)) s left"
        } else {
            let total = Double(parameters.stepsPerReplica) * Double(threads)
            let remaining = rate > 0 ? (total - Double(steps)) / rate : 0
            text += ", \(ReportText.fixed(Double(steps) / total * 100, digits: 0))%, about \(ReportText.fixed(max(0, remaining), digits: 0)) s left"
        }
        return text
    }

    package static func elapsed(since start: ContinuousClock.Instant, clock: ContinuousClock) -> Double {
        ProgressLine.seconds(clock.now - start)
    }

    package static func summaryJSON(_ outcome: Outcome, start: String, threads: Int, method: SearchMethod) -> JSONValue {
        var object = JSONObject()
        object.append("start", .string(start))
        object.append("method", .string(method.rawValue))
        object.append("threads", .int(Int64(threads)))
        object.append("steps", .int(outcome.replicas.reduce(0) { $0 + $1.steps }))
        object.append("seconds", ReportJSON.number(outcome.seconds))
        object.append("replica", .int(Int64(outcome.best.replica)))
        object.append("stopped", .bool(outcome.replicas.contains { $0.wasStopped }))
        return .object(object)
    }

    package static func summaryLine(_ outcome: Outcome, startName: String, startScore: Int64, threads: Int) -> String {
        let steps = outcome.replicas.reduce(Int64(0)) { $0 + $1.steps }
        let rate = outcome.seconds > 0 ? Double(steps) / outcome.seconds : 0
        return "searched \(steps) steps on \(threads) thread\(threads == 1 ? "" : "s") in \(ReportText.fixed(outcome.seconds, digits: 1)) s"
            + " (\(ReportText.fixed(rate / 1_000_000, digits: 2)) M steps/s), seed \(outcome.seed): score \(ReportText.fixed(FixedPoint.toDouble(outcome.best.score.total)))"
            + " from \(startName) \(ReportText.fixed(FixedPoint.toDouble(startScore)))"
    }

    /// One finished round as a line: "round REPLICA ROUND START STEPS SCORE BEST" (scores per 100 000 characters).
    package static func roundLine(replica: Int, report: RoundReport) -> String {
        "round \(replica) \(report.round) \(report.start.rawValue) \(report.steps) \(ReportText.fixed(FixedPoint.toDouble(report.score), digits: 3))"
            + " \(ReportText.fixed(FixedPoint.toDouble(report.best), digits: 3))"
    }

    package static func runsLine(_ outcomes: [Outcome]) -> String {
        let scores = outcomes.map(\.best.score.total).sorted()
        let best = scores[0], worst = scores[scores.count - 1], median = scores[scores.count / 2]
        let reached = scores.filter { $0 == best }.count
        return "\(scores.count) runs: best \(ReportText.fixed(FixedPoint.toDouble(best))), median \(ReportText.fixed(FixedPoint.toDouble(median)))"
            + ", worst \(ReportText.fixed(FixedPoint.toDouble(worst))); \(reached) of \(scores.count) reached the best score"
    }
}
