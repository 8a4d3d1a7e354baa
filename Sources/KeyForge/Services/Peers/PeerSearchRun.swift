import KeyForgeCore
import KeyForgeWire
import KeyForgeSystem

/// The clock of a peer profile's search (`search --profile keygen|carpalx`): it stops the search by wall time
/// (`--time`, 60 s by default) or by a number of evaluations (`--steps`, deterministic with `--seed`), and keeps
/// each improvement with its wall and CPU seconds (on a busy machine the two differ widely).
package final class PeerSearchRun {
    private let clock = ContinuousClock()
    private let began: ContinuousClock.Instant
    private let cpuStart: Double
    private let budget: Duration
    private let stepLimit: Int?
    private var improvements: [JSONValue] = []

    package init(time: Double?, steps: Int?) {
        began = clock.now
        cpuStart = ProcessCPUTime.seconds()
        budget = .milliseconds(Int64((time ?? 60) * 1000))
        stepLimit = steps
    }

    /// Wall seconds since the run began.
    package var seconds: Double {
        let elapsed = clock.now - began
        return Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
    }

    /// CPU seconds of this process since the run began.
    package var cpuSeconds: Double { ProcessCPUTime.seconds() - cpuStart }

    /// Records a new best figure.
    package func improved(_ figure: Double) {
        improvements.append(.array([.double(seconds), .double(cpuSeconds), .double(figure)]))
    }

    /// Whether the search stops after `evaluations`.
    package func shouldStop(_ evaluations: Int) -> Bool {
        if let stepLimit { return evaluations >= stepLimit }
        return clock.now - began >= budget
    }

    /// The JSON `search` summary: the start, its figure under `figureKey`, the seed, the time, the counts and
    /// every improvement as `[wall seconds, CPU seconds, figure]`.
    package func summary(start: String, figureKey: String, startFigure: Double, seed: UInt64, evaluations: Int, anneals: Int) -> JSONObject {
        var summary = JSONObject()
        summary.append("start", .string(start))
        summary.append(figureKey, .double(startFigure))
        summary.append("seed", .int(Int64(bitPattern: seed)))
        summary.append("seconds", .double(seconds))
        summary.append("evaluations", .int(Int64(evaluations)))
        summary.append("anneals", .int(Int64(anneals)))
        summary.append("cpu_seconds", .double(cpuSeconds))
        summary.append("improvements", .array(improvements))
        return summary
    }

    /// The text report's closing line.
    package func closingLine(evaluations: Int, anneals: Int, seed: UInt64, start: String, startFigure: String) -> String {
        "searched \(ReportText.fixed(seconds, digits: 1)) s, \(evaluations) evaluations in \(anneals) anneals, seed \(seed); from \(start) at \(startFigure)"
    }
}
